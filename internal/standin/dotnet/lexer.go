package main

import (
	"strings"
	"unicode"
)

// tokKind is the kind of a C# token, as far as the stand-in needs them.
type tokKind int

const (
	tokIdent tokKind = iota
	tokPunct
	tokString
	tokChar
	tokNumber
)

// token is one C# token with its 1-based position; columns count characters
// like csc's do.
type token struct {
	kind      tokKind
	text      string // for strings: the value, escapes left as written
	line, col int
}

// diag is a compiler diagnostic at a position in one file.
type diag struct {
	line, col int
	severity  string
	code      string
	message   string
}

// lexer splits C# source into tokens, skipping comments, string and
// character literals (so braces inside them do not count) and the inactive
// regions of #if directives, whose lines never reach the compiler.
type lexer struct {
	src        []rune
	i          int
	line, col  int
	lineStart  bool // only whitespace since the last newline
	pp         *preprocessor
	toks       []token
	diags      []diag
	lastLine   int // end of the last token: where a missing } is reported
	lastEndCol int
}

// lex tokenizes one file's text with the given predefined symbols.
func lex(src string, symbols map[string]bool) ([]token, []diag, int, int) {
	l := &lexer{src: []rune(src), line: 1, col: 1, lineStart: true, lastLine: 1, lastEndCol: 1}
	l.pp = newPreprocessor(l, symbols)
	l.run()
	l.pp.finish()
	return l.toks, l.diags, l.lastLine, l.lastEndCol
}

func (l *lexer) peek(off int) rune {
	if l.i+off < len(l.src) {
		return l.src[l.i+off]
	}
	return 0
}

// next consumes one character, keeping the position.
func (l *lexer) next() rune {
	r := l.src[l.i]
	l.i++
	if r == '\n' {
		l.line, l.col, l.lineStart = l.line+1, 1, true
	} else {
		l.col++
		if !unicode.IsSpace(r) {
			l.lineStart = false
		}
	}
	return r
}

func (l *lexer) addDiag(line, col int, severity, code, message string) {
	l.diags = append(l.diags, diag{line: line, col: col, severity: severity, code: code, message: message})
}

func (l *lexer) emit(kind tokKind, text string, line, col int) {
	l.toks = append(l.toks, token{kind: kind, text: text, line: line, col: col})
	l.lastLine, l.lastEndCol = l.line, l.col
}

// restOfLine consumes up to (not including) the end of the line.
func (l *lexer) restOfLine() string {
	start := l.i
	for l.i < len(l.src) && l.src[l.i] != '\n' {
		l.next()
	}
	return strings.TrimRight(string(l.src[start:l.i]), "\r")
}

func (l *lexer) run() {
	for l.i < len(l.src) {
		r := l.peek(0)
		switch {
		case r == '#' && l.lineStart:
			line, col := l.line, l.col
			l.next()
			l.pp.directive(l.restOfLine(), line, col)
		case !l.pp.active():
			if unicode.IsSpace(r) {
				l.next() // a directive may follow the indentation
			} else {
				l.restOfLine()
			}
		case unicode.IsSpace(r):
			l.next()
		case r == '/' && l.peek(1) == '/':
			l.restOfLine()
		case r == '/' && l.peek(1) == '*':
			l.blockComment()
		case r == '"' || r == '@' && l.peek(1) == '"' || r == '$' && (l.peek(1) == '"' || l.peek(1) == '@' || l.peek(1) == '$') || r == '@' && l.peek(1) == '$':
			l.stringLiteral()
		case r == '\'':
			l.charLiteral()
		case r == '_' || unicode.IsLetter(r) || r == '@' && isIdentStart(l.peek(1)):
			line, col, start := l.line, l.col, l.i
			if r == '@' {
				l.next()
			}
			for l.i < len(l.src) && isIdentPart(l.peek(0)) {
				l.next()
			}
			l.emit(tokIdent, strings.TrimPrefix(string(l.src[start:l.i]), "@"), line, col)
		case unicode.IsDigit(r):
			line, col, start := l.line, l.col, l.i
			for l.i < len(l.src) && (isIdentPart(l.peek(0)) || l.peek(0) == '.' && unicode.IsDigit(l.peek(1))) {
				l.next()
			}
			l.emit(tokNumber, string(l.src[start:l.i]), line, col)
		default:
			line, col := l.line, l.col
			l.next()
			text := string(r)
			if (r == '=' && l.peek(0) == '>') || (r == '&' && l.peek(0) == '&') || (r == '|' && l.peek(0) == '|') {
				text += string(l.next())
			}
			l.emit(tokPunct, text, line, col)
		}
	}
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool  { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func (l *lexer) blockComment() {
	line, col := l.line, l.col
	l.next()
	l.next()
	for l.i < len(l.src) {
		if l.peek(0) == '*' && l.peek(1) == '/' {
			l.next()
			l.next()
			return
		}
		l.next()
	}
	l.addDiag(line, col, "error", "CS1035", "End-of-file found, '*/' expected")
}

func (l *lexer) charLiteral() {
	line, col := l.line, l.col
	l.next()
	for l.i < len(l.src) && l.peek(0) != '\'' && l.peek(0) != '\n' {
		if l.next() == '\\' && l.i < len(l.src) && l.peek(0) != '\n' {
			l.next()
		}
	}
	if l.peek(0) != '\'' {
		l.addDiag(line, col, "error", "CS1010", "Newline in constant")
		return
	}
	l.next()
	l.emit(tokChar, "", line, col)
}
