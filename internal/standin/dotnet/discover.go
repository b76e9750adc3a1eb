package main

import (
	"strings"
)

// testCase is one xUnit test: a [Fact], or one [InlineData] row of a
// [Theory], named the way xUnit names it in vstest output and TRX files.
type testCase struct {
	fqn       string // Namespace.Class.Method, nested classes joined by '+'
	display   string // fqn, with "(x: 1, y: \"a\")" for a theory row
	method    string
	className string
	file      string
	line      int
	skip      string // the Skip reason; non-empty means skipped
	failLine  int    // the failing assertion's line; 0 when the test passes
	failMsg   string
}

// scope is one open brace: a namespace, a type, or anything else.
type scope struct {
	kind string // "namespace", "class" or ""
	name string
}

// attr is one attribute with its positional and named arguments as text.
type attr struct {
	name  string
	args  []string
	named map[string]token
}

// discoverTests finds the test methods of one file: methods of a class
// carrying [Fact] or [Theory]. A test fails if its body calls Assert.Fail,
// Assert.True(false or Assert.False(true; it is skipped if its attribute (or
// its theory row) sets Skip.
func discoverTests(file string, toks []token) []testCase {
	var tests []testCase
	var stack []scope
	fileNS, pendingClass := "", ""
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.kind == tokIdent && t.text == "namespace":
			name, j := dottedName(toks, i+1)
			if j < len(toks) && isP(toks[j], ";") {
				fileNS = name
			} else if j < len(toks) && isP(toks[j], "{") {
				stack = append(stack, scope{"namespace", name})
			}
			i = j
		case t.kind == tokIdent && isTypeKeyword(t.text) && i+1 < len(toks) && toks[i+1].kind == tokIdent && !isTypeKeyword(toks[i+1].text):
			pendingClass = toks[i+1].text
			i++
		case isP(t, "{"):
			if pendingClass != "" {
				stack = append(stack, scope{"class", pendingClass})
				pendingClass = ""
			} else {
				stack = append(stack, scope{})
			}
		case isP(t, "}"):
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case isP(t, ";"):
			pendingClass = ""
		case isP(t, "[") && len(stack) > 0 && stack[len(stack)-1].kind == "class":
			var attrs []attr
			for i < len(toks) && isP(toks[i], "[") {
				end := matching(toks, i, "[", "]")
				attrs = append(attrs, parseAttrs(toks[i+1:end])...)
				i = end + 1
			}
			ns, class := names(fileNS, stack)
			tests = append(tests, methodTests(file, ns+class, attrs, toks, i)...)
			i--
		}
	}
	return tests
}

// isP reports whether t is the punctuation s (not a string that says s).
func isP(t token, s string) bool { return t.kind == tokPunct && t.text == s }

func isTypeKeyword(s string) bool {
	return s == "class" || s == "struct" || s == "record" || s == "interface"
}

// names gives the namespace prefix ("A.B.") and the class name ("C+D").
func names(fileNS string, stack []scope) (string, string) {
	var ns, classes []string
	if fileNS != "" {
		ns = append(ns, fileNS)
	}
	for _, s := range stack {
		switch s.kind {
		case "namespace":
			ns = append(ns, s.name)
		case "class":
			classes = append(classes, s.name)
		}
	}
	prefix := strings.Join(ns, ".")
	if prefix != "" {
		prefix += "."
	}
	return prefix, strings.Join(classes, "+")
}

func dottedName(toks []token, i int) (string, int) {
	var parts []string
	for i < len(toks) && (toks[i].kind == tokIdent || isP(toks[i], ".")) {
		if toks[i].kind == tokIdent {
			parts = append(parts, toks[i].text)
		}
		i++
	}
	return strings.Join(parts, "."), i
}

// matching returns the index of the token closing the one at i.
func matching(toks []token, i int, open, close string) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		switch {
		case isP(toks[j], open):
			depth++
		case isP(toks[j], close):
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return len(toks) - 1
}

// splitTop splits tokens at commas outside brackets.
func splitTop(toks []token) [][]token {
	var parts [][]token
	depth, start := 0, 0
	for j, t := range toks {
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{", "<":
			depth++
		case ")", "]", "}", ">":
			depth--
		case ",":
			if depth == 0 {
				parts = append(parts, toks[start:j])
				start = j + 1
			}
		}
	}
	if start < len(toks) {
		parts = append(parts, toks[start:])
	}
	return parts
}

func parseAttrs(toks []token) []attr {
	var attrs []attr
	for _, part := range splitTop(toks) {
		var a attr
		j := 0
		for j < len(part) && (part[j].kind == tokIdent || isP(part[j], ".")) {
			if part[j].kind == tokIdent {
				a.name = strings.TrimSuffix(part[j].text, "Attribute")
			}
			j++
		}
		if j < len(part) && isP(part[j], "(") {
			end := matching(part, j, "(", ")")
			for _, arg := range splitTop(part[j+1 : end]) {
				if len(arg) >= 3 && arg[0].kind == tokIdent && isP(arg[1], "=") {
					if a.named == nil {
						a.named = map[string]token{}
					}
					a.named[arg[0].text] = arg[2]
					continue
				}
				a.args = append(a.args, argText(arg))
			}
		}
		attrs = append(attrs, a)
	}
	return attrs
}

// argText renders an attribute argument the way xUnit shows it.
func argText(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		switch {
		case t.kind == tokString:
			b.WriteString(`"` + t.text + `"`)
		case t.text == "true" || t.text == "false":
			b.WriteString(strings.ToUpper(t.text[:1]) + t.text[1:])
		default:
			b.WriteString(t.text)
		}
	}
	return b.String()
}
