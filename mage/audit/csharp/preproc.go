package csharp

import (
	"bytes"
	"slices"
)

// cond is one open #if. Branches are evaluated as the compiler does, against
// the configured symbols: only the active branch is read, the others are
// passed over as text, so that braces in branches that open different
// numbers of them stay consistent across the file.
type cond struct {
	at       int  // offset of the #
	outer    bool // the text around the #if is active
	active   bool // the current branch is read
	taken    bool // some branch so far was active
	seenElse bool
}

// directive handles the preprocessor line starting with the # at i and
// returns the offset of its newline, or, when the line leaves the scan in
// an inactive branch, the newline of the directive that ends it. Only
// conditionals change anything; the text of the others (#region names,
// #error messages) is ignored, braces included.
func (lx *lexer) directive(i int) int {
	end := lx.directiveLine(i)
	for lx.inactive() && !lx.fatal {
		k := lx.nextDirective(end)
		if k < 0 {
			return len(lx.src) // the #if without #endif is reported by finish
		}
		end = lx.directiveLine(k)
	}
	return end
}

// inactive reports whether the scan is inside a branch that is not read.
func (lx *lexer) inactive() bool {
	return len(lx.conds) > 0 && !lx.conds[len(lx.conds)-1].active
}

// nextDirective returns the offset of the next # that starts a line at or
// after from, or -1. Inactive text is not lexed: like the compiler, only
// its directive lines count.
func (lx *lexer) nextDirective(from int) int {
	src := lx.src
	for from < len(src) {
		k := bytes.IndexByte(src[from:], '#')
		if k < 0 {
			return -1
		}
		if i := from + k; lx.atLineStart(i) {
			return i
		}
		from += k + 1
	}
	return -1
}

func (lx *lexer) directiveLine(i int) int {
	src := lx.src
	end := len(src)
	if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
		end = i + k
	}
	j := i + 1
	for j < end && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	k := j
	for k < end && src[k] >= 'a' && src[k] <= 'z' {
		k++
	}
	outer := !lx.inactive()
	switch string(src[j:k]) {
	case "if":
		if len(lx.conds) == maxCondNest {
			lx.errorf(i, "#if nested more than %d deep", maxCondNest)
			lx.stop()
			return len(src)
		}
		v := outer && lx.condition(k, end)
		lx.conds = append(lx.conds, cond{at: i, outer: outer, active: v, taken: v})
	case "elif", "else":
		if len(lx.conds) == 0 {
			lx.errorf(i, "#%s without #if", src[j:k])
			break
		}
		c := &lx.conds[len(lx.conds)-1]
		if c.seenElse {
			lx.errorf(i, "#%s after #else", src[j:k])
			break
		}
		if string(src[j:k]) == "else" {
			c.seenElse = true
			c.active = c.outer && !c.taken
		} else {
			c.active = c.outer && !c.taken && lx.condition(k, end)
		}
		c.taken = c.taken || c.active
	case "define", "undef":
		if outer {
			lx.define(string(bytes.TrimSpace(src2expr(src[k:end]))), string(src[j:k]) == "define")
		}
	case "endif":
		if len(lx.conds) == 0 {
			lx.errorf(i, "#endif without #if")
			break
		}
		lx.conds = lx.conds[:len(lx.conds)-1]
	}
	return end
}

// define sets or clears a symbol for the rest of the file; the options'
// set is copied first, since scans share it.
func (lx *lexer) define(name string, on bool) {
	if name == "" {
		return
	}
	own := make(map[string]bool, len(lx.symbols)+1)
	for k, v := range lx.symbols {
		own[k] = v
	}
	own[name] = on
	lx.symbols = own
}

// condition evaluates the expression of an #if or #elif in src[from:end]
// against the configured symbols. A malformed one is an error, and false.
func (lx *lexer) condition(from, end int) bool {
	text := src2expr(lx.src[from:end])
	e := condParser{text: text, symbols: lx.symbols, read: lx.read}
	v := e.or()
	e.space()
	if e.bad || e.pos != len(text) || len(bytes.TrimSpace(text)) == 0 {
		lx.errorf(from, "cannot read the #if condition %q", bytes.TrimSpace(text))
		return false
	}
	return v
}

// src2expr drops a trailing // comment from a directive's text.
func src2expr(b []byte) []byte {
	if k := bytes.Index(b, []byte("//")); k >= 0 {
		b = b[:k]
	}
	return bytes.TrimRight(b, " \t\r")
}

// condParser reads a preprocessor expression: symbols, true, false, !, ==,
// !=, &&, || and parentheses, with C#'s precedence.
type condParser struct {
	text    []byte
	pos     int
	symbols map[string]bool
	read    *[]string
	bad     bool
	depth   int
}

func (e *condParser) space() {
	for e.pos < len(e.text) && (e.text[e.pos] == ' ' || e.text[e.pos] == '\t') {
		e.pos++
	}
}

func (e *condParser) eat(s string) bool {
	e.space()
	if bytes.HasPrefix(e.text[e.pos:], []byte(s)) {
		e.pos += len(s)
		return true
	}
	return false
}

func (e *condParser) or() bool {
	v := e.and()
	for !e.bad && e.eat("||") {
		w := e.and()
		v = v || w
	}
	return v
}

func (e *condParser) and() bool {
	v := e.equality()
	for !e.bad && e.eat("&&") {
		w := e.equality()
		v = v && w
	}
	return v
}

func (e *condParser) equality() bool {
	v := e.unary()
	for !e.bad {
		switch {
		case e.eat("=="):
			v = v == e.unary()
		case e.eat("!="):
			v = v != e.unary()
		default:
			return v
		}
	}
	return v
}

func (e *condParser) unary() bool {
	if e.depth++; e.depth > maxCondNest {
		e.bad = true
		return false
	}
	defer func() { e.depth-- }()
	switch {
	case e.eat("!"):
		return !e.unary()
	case e.eat("("):
		v := e.or()
		if !e.eat(")") {
			e.bad = true
		}
		return v
	}
	e.space()
	start := e.pos
	for e.pos < len(e.text) && charClass[e.text[e.pos]]&cIdentPart != 0 {
		e.pos++
	}
	if e.pos == start || charClass[e.text[start]]&cIdentStart == 0 {
		e.bad = true
		return false
	}
	switch w := string(e.text[start:e.pos]); w {
	case "true":
		return true
	case "false":
		return false
	default:
		if e.read != nil && !slices.Contains(*e.read, w) {
			*e.read = append(*e.read, w)
		}
		return e.symbols[w]
	}
}

// finish reports conditionals left open at the end of the input.
func (lx *lexer) finish() {
	if len(lx.conds) > 0 {
		lx.errorf(lx.conds[0].at, "#if without #endif")
	}
}
