package msbuild

import (
	"os"
	"path/filepath"
	"strings"
)

// cond evaluates the Condition attribute of n; no condition is true.
func (e *evaluator) cond(n *node) (bool, error) {
	c := strings.TrimSpace(n.attrs["Condition"])
	if c == "" {
		return true, nil
	}
	r := condReader{e: e, at: n, s: c}
	v, err := r.or()
	if err == nil && r.skip() < len(r.s) {
		err = r.bad()
	}
	return v, err
}

// condReader reads an MSBuild condition: or, and, !, parentheses,
// comparisons (== != < > <= >=) of quoted strings, $(...) and words, and
// Exists() and HasTrailingSlash().
type condReader struct {
	e   *evaluator
	at  *node
	s   string
	pos int
}

func (r *condReader) bad() error {
	return r.at.errorf("cannot read the condition %q at %q", r.s, r.s[min(r.pos, len(r.s)):])
}

func (r *condReader) skip() int {
	for r.pos < len(r.s) && strings.ContainsRune(" \t\r\n", rune(r.s[r.pos])) {
		r.pos++
	}
	return r.pos
}

// word eats the keyword w (and, or) when it stands alone.
func (r *condReader) word(w string) bool {
	r.skip()
	end := r.pos + len(w)
	if end > len(r.s) || !strings.EqualFold(r.s[r.pos:end], w) || end < len(r.s) && isName(r.s[end:end+1]) {
		return false
	}
	r.pos = end
	return true
}

func (r *condReader) or() (bool, error) {
	v, err := r.and()
	for err == nil && r.word("or") {
		var w bool
		w, err = r.and()
		v = v || w
	}
	return v, err
}

func (r *condReader) and() (bool, error) {
	v, err := r.not()
	for err == nil && r.word("and") {
		var w bool
		w, err = r.not()
		v = v && w
	}
	return v, err
}

func (r *condReader) not() (bool, error) {
	r.skip()
	if r.pos < len(r.s) && r.s[r.pos] == '!' && !strings.HasPrefix(r.s[r.pos:], "!=") {
		r.pos++
		v, err := r.not()
		return !v, err
	}
	if r.pos < len(r.s) && r.s[r.pos] == '(' {
		r.pos++
		v, err := r.or()
		if err == nil && (r.skip() >= len(r.s) || r.s[r.pos] != ')') {
			return false, r.bad()
		}
		r.pos++
		return v, err
	}
	return r.comparison()
}

func (r *condReader) comparison() (bool, error) {
	left, err := r.operand()
	if err != nil {
		return false, err
	}
	r.skip()
	for _, op := range []string{"==", "!=", "<=", ">=", "<", ">"} {
		if !strings.HasPrefix(r.s[r.pos:], op) {
			continue
		}
		r.pos += len(op)
		right, err := r.operand()
		if err != nil {
			return false, err
		}
		return r.compare(left, op, right)
	}
	switch strings.ToLower(strings.TrimSpace(left)) {
	case "true", "on", "yes":
		return true, nil
	case "false", "off", "no":
		return false, nil
	}
	return false, r.at.errorf("cannot read the condition %q: %q is not true or false", r.s, left)
}

func (r *condReader) compare(a, op, b string) (bool, error) {
	switch op {
	case "==":
		return strings.EqualFold(a, b), nil
	case "!=":
		return !strings.EqualFold(a, b), nil
	}
	x, err1 := parseVersion(strings.TrimSpace(a))
	y, err2 := parseVersion(strings.TrimSpace(b))
	if err1 != nil || err2 != nil {
		return false, r.at.errorf("cannot compare %q %s %q in the condition %q: not numbers", a, op, b, r.s)
	}
	c := x.compare(y)
	return map[string]bool{"<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0}[op], nil
}

// operand reads a quoted string, a $(...) reference, a function call or a
// bare word, and returns its expanded text.
func (r *condReader) operand() (string, error) {
	r.skip()
	if r.pos >= len(r.s) {
		return "", r.bad()
	}
	switch c := r.s[r.pos]; {
	case c == '\'' || c == '"':
		k := strings.IndexByte(r.s[r.pos+1:], c)
		if k < 0 {
			return "", r.bad()
		}
		text := r.s[r.pos+1 : r.pos+1+k]
		r.pos += k + 2
		return r.e.expand(text, r.at)
	case c == '$':
		end := closing(r.s, r.pos+1)
		if end < 0 {
			return "", r.bad()
		}
		text := r.s[r.pos : end+1]
		r.pos = end + 1
		return r.e.expand(text, r.at)
	}
	start := r.pos
	for r.pos < len(r.s) && (isName(r.s[r.pos:r.pos+1]) || r.s[r.pos] == '.') {
		r.pos++
	}
	w := r.s[start:r.pos]
	if w == "" {
		return "", r.bad()
	}
	if r.skip(); r.pos < len(r.s) && r.s[r.pos] == '(' {
		return r.function(w)
	}
	return w, nil
}

// function evaluates Exists('path') and HasTrailingSlash('text').
func (r *condReader) function(name string) (string, error) {
	end := closing(r.s, r.pos)
	if end < 0 {
		return "", r.bad()
	}
	_, args, err := r.e.call(name+r.s[r.pos:end+1], r.at)
	r.pos = end + 1
	if err != nil {
		return "", err
	}
	switch {
	case strings.EqualFold(name, "Exists") && len(args) == 1:
		p := strings.TrimSpace(strings.ReplaceAll(args[0], `\`, "/"))
		if p == "" {
			return "false", nil
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(r.at.file), p)
		}
		_, err := os.Stat(p)
		return boolString(err == nil), nil
	case strings.EqualFold(name, "HasTrailingSlash") && len(args) == 1:
		return boolString(strings.HasSuffix(args[0], "/") || strings.HasSuffix(args[0], `\`)), nil
	}
	return "", r.at.errorf("cannot evaluate the function %s in the condition %q", name, r.s)
}
