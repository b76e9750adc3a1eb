package main

import "strings"

// stringLiteral consumes any C# string literal: regular, verbatim (@""),
// interpolated ($"", $@"", @$"") with code in its holes, and raw ("""...""",
// $$"""...""") literals. It emits one string token holding the value with
// the simple escapes resolved.
func (l *lexer) stringLiteral() {
	line, col := l.line, l.col
	dollars, verbatim := 0, false
	for l.peek(0) == '$' || l.peek(0) == '@' {
		if l.next() == '$' {
			dollars++
		} else {
			verbatim = true
		}
	}
	quotes := 0
	for l.peek(quotes) == '"' {
		quotes++
	}
	var value string
	var ok bool
	switch {
	case quotes >= 3:
		value, ok = l.rawString(quotes)
	case quotes == 2:
		l.next()
		l.next()
		value, ok = "", true
	default:
		l.next()
		value, ok = l.quotedString(verbatim, dollars > 0)
	}
	if !ok {
		if verbatim || quotes >= 3 {
			l.addDiag(line, col, "error", "CS1039", "Unterminated string literal")
		} else {
			l.addDiag(line, col, "error", "CS1010", "Newline in constant")
		}
		return
	}
	l.emit(tokString, value, line, col)
}

// quotedString reads up to the closing quote of a regular or verbatim
// string, after its opening quote. A regular string may not span lines.
func (l *lexer) quotedString(verbatim, interpolated bool) (string, bool) {
	var b strings.Builder
	for l.i < len(l.src) {
		r := l.peek(0)
		switch {
		case r == '"' && verbatim && l.peek(1) == '"':
			l.next()
			l.next()
			b.WriteRune('"')
		case r == '"':
			l.next()
			return b.String(), true
		case r == '\n' && !verbatim:
			return b.String(), false
		case r == '\\' && !verbatim:
			l.next()
			if l.i < len(l.src) && l.peek(0) != '\n' {
				b.WriteRune(unescape(l.next()))
			}
		case r == '{' && interpolated && l.peek(1) == '{':
			l.next()
			l.next()
			b.WriteRune('{')
		case r == '{' && interpolated:
			start := l.i
			if !l.hole() {
				return b.String(), false
			}
			b.WriteString(string(l.src[start:l.i]))
		default:
			b.WriteRune(l.next())
		}
	}
	return b.String(), false
}

func unescape(r rune) rune {
	switch r {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case '0':
		return 0
	}
	return r
}

// hole consumes an interpolation hole, "{" expression "}", which may hold
// nested strings, characters and braces.
func (l *lexer) hole() bool {
	depth := 0
	for l.i < len(l.src) {
		r := l.peek(0)
		switch {
		case r == '{':
			depth++
			l.next()
		case r == '}':
			depth--
			l.next()
			if depth == 0 {
				return true
			}
		case r == '"' || r == '@' && l.peek(1) == '"' || r == '$' && (l.peek(1) == '"' || l.peek(1) == '@'):
			n := len(l.toks)
			l.stringLiteral()
			l.toks = l.toks[:n] // the hole is part of the outer string
		case r == '\'':
			n := len(l.toks)
			l.charLiteral()
			l.toks = l.toks[:n]
		default:
			l.next()
		}
	}
	return false
}

// rawString reads a raw string literal opened by n quotes, up to the next
// run of n quotes; its content is taken as written.
func (l *lexer) rawString(n int) (string, bool) {
	for range n {
		l.next()
	}
	start := l.i
	for l.i < len(l.src) {
		if l.peek(0) == '"' {
			run := 0
			for l.peek(run) == '"' {
				run++
			}
			if run >= n {
				value := string(l.src[start:l.i])
				for range run {
					l.next()
				}
				return strings.TrimSpace(value), true
			}
			for range run {
				l.next()
			}
			continue
		}
		l.next()
	}
	return "", false
}
