package csharp

import (
	"bytes"
	"fmt"
)

// Limits that keep hostile input linear and bounded in memory.
const (
	maxErrors     = 20   // per file; the scan stops after that
	maxStringNest = 64   // interpolated strings inside interpolation holes
	maxCondNest   = 1024 // #if inside #if
)

// tokKind is the lexical class of a token.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tIdent          // identifiers and keywords; a verbatim @name starts at the @, so it never reads as a keyword
	tNumber         // numeric literals
	tString         // every kind of string literal, prefixes included
	tChar           // character literals
	tPunct          // one byte, or two for == != <= >= =>
)

// token is a span of the source; its text is src[start:end].
type token struct {
	kind       tokKind
	start, end int
}

// Character classes for the byte-level loops.
const (
	cSpace = 1 << iota
	cIdentStart
	cIdentPart
)

var charClass = func() (t [256]uint8) {
	for _, c := range []byte(" \t\r\n\v\f") {
		t[c] = cSpace
	}
	for c := 0; c < 256; c++ {
		// Bytes of multi-byte UTF-8 sequences are taken as letters: C# allows
		// Unicode letters in identifiers and nothing else outside literals.
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 {
			t[c] |= cIdentStart | cIdentPart
		}
		if c >= '0' && c <= '9' {
			t[c] |= cIdentPart
		}
	}
	return t
}()

// lexer reads C# source. In token mode (next) it yields declaration-level
// tokens; in skip mode (skip) it runs over bodies counting braces. Both modes
// share the brace depth and the preprocessor state.
type lexer struct {
	src   []byte
	pos   int
	begin int // 3 after a byte order mark
	depth int // brace depth outside literals and comments
	conds []cond

	symbols map[string]bool // defined preprocessor symbols

	file  string
	errs  []Error
	quiet bool // no errors recorded: the classifier re-lexes reported text
	fatal bool // stop scanning: too many errors or too deep nesting
	lost  bool // an error swallowed the input up to its end

	lineOff, line, lineStart int // line cache: offset lineOff is on line, which starts at lineStart

	marker            []byte // comment text to count in markers; nil to skip the check
	comments, markers int
}

func newLexer(file string, src []byte) lexer {
	lx := lexer{src: src, file: file, line: 1}
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		lx.begin, lx.pos = 3, 3
	}
	return lx
}

// lineCol returns the 1-based line and byte column of offset pos. Requests
// mostly move forward, so it counts newlines from the previous request.
func (lx *lexer) lineCol(pos int) (line, col int) {
	pos = min(max(pos, 0), len(lx.src))
	if pos >= lx.lineOff {
		seg := lx.src[lx.lineOff:pos]
		if k := bytes.Count(seg, []byte{'\n'}); k > 0 {
			lx.line += k
			lx.lineStart = lx.lineOff + bytes.LastIndexByte(seg, '\n') + 1
		}
		lx.lineOff = pos
		return lx.line, pos - lx.lineStart + 1
	}
	line = lx.line - bytes.Count(lx.src[pos:lx.lineOff], []byte{'\n'})
	return line, pos - (bytes.LastIndexByte(lx.src[:pos], '\n') + 1) + 1
}

func (lx *lexer) lineOf(pos int) int {
	l, _ := lx.lineCol(pos)
	return l
}

// errorf records a problem at offset pos.
func (lx *lexer) errorf(pos int, format string, args ...any) {
	if lx.quiet {
		return
	}
	line, col := lx.lineCol(pos)
	lx.errorAt(line, col, fmt.Sprintf(format, args...))
}

func (lx *lexer) errorAt(line, col int, msg string) {
	if lx.quiet || lx.fatal {
		return
	}
	if len(lx.errs) == maxErrors {
		lx.errs = append(lx.errs, Error{File: lx.file, Line: line, Col: col, Msg: "too many errors, scan stopped"})
		lx.stop()
		return
	}
	lx.errs = append(lx.errs, Error{File: lx.file, Line: line, Col: col, Msg: msg})
}

// stop ends the scan: nothing after the current position is looked at.
func (lx *lexer) stop() {
	lx.fatal, lx.lost = true, true
	lx.pos = len(lx.src)
}

// next returns the next token in token mode, skipping spaces, comments and
// preprocessor lines, and keeping the brace depth.
func (lx *lexer) next() token {
	src := lx.src
	i := lx.pos
	for !lx.fatal {
		for i < len(src) && charClass[src[i]]&cSpace != 0 {
			i++
		}
		if i >= len(src) {
			break
		}
		c := src[i]
		if charClass[c]&cIdentStart != 0 {
			j := i + 1
			for j < len(src) && charClass[src[j]]&cIdentPart != 0 {
				j++
			}
			lx.pos = j
			return token{tIdent, i, j}
		}
		if c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9' {
			j := i + 1
			for j < len(src) && (charClass[src[j]]&cIdentPart != 0 || src[j] == '.' && j+1 < len(src) && src[j+1] >= '0' && src[j+1] <= '9') {
				j++
			}
			lx.pos = j
			return token{tNumber, i, j}
		}
		switch c {
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				i = lx.lineComment(i)
				continue
			}
			if i+1 < len(src) && src[i+1] == '*' {
				i = lx.blockComment(i)
				continue
			}
		case '#':
			if lx.atLineStart(i) {
				i = lx.directive(i)
				continue
			}
		case '"', '$', '@':
			k := prefixEnd(src, i)
			if k < len(src) && src[k] == '"' {
				j := lx.stringEnd(i, 0)
				lx.pos = j
				return token{tString, i, j}
			}
			if c == '@' && k == i+1 && k < len(src) && charClass[src[k]]&cIdentStart != 0 {
				j := k + 1
				for j < len(src) && charClass[src[j]]&cIdentPart != 0 {
					j++
				}
				lx.pos = j
				return token{tIdent, i, j} // the @ is kept: @operator is a name, not a keyword
			}
			lx.pos = k // a stray run of $ and @, taken whole to stay linear
			return token{tPunct, i, k}
		case '\'':
			j := lx.charEnd(i)
			lx.pos = j
			return token{tChar, i, j}
		case '{':
			lx.depth++
		case '}':
			lx.depth--
		}
		j := i + 1
		if j < len(src) && (src[j] == '=' && (c == '=' || c == '!' || c == '<' || c == '>') || c == '=' && src[j] == '>') {
			j++
		}
		lx.pos = j
		return token{tPunct, i, j}
	}
	lx.pos = len(src)
	return token{kind: tEOF, start: len(src), end: len(src)}
}

// is reports whether t is the punctuation or identifier s.
func (lx *lexer) is(t token, s string) bool {
	return (t.kind == tPunct || t.kind == tIdent) && string(lx.src[t.start:t.end]) == s
}

// text copies the token's text; a verbatim identifier loses its @, which
// is not part of the name.
func (lx *lexer) text(t token) string {
	if t.kind == tIdent && t.end > t.start+1 && lx.src[t.start] == '@' {
		return string(lx.src[t.start+1 : t.end])
	}
	return string(lx.src[t.start:t.end])
}

// lineComment skips a // comment and returns the offset of its newline.
func (lx *lexer) lineComment(i int) int {
	end := len(lx.src)
	if k := bytes.IndexByte(lx.src[i:], '\n'); k >= 0 {
		end = i + k
	}
	lx.sawComment(lx.src[i+2 : end])
	return end
}

// blockComment skips a /* */ comment and returns the offset after it.
func (lx *lexer) blockComment(i int) int {
	k := bytes.Index(lx.src[i+2:], []byte("*/"))
	if k < 0 {
		lx.errorf(i, "unterminated comment: expected */")
		lx.lost = true
		lx.sawComment(lx.src[i+2:])
		return len(lx.src)
	}
	lx.sawComment(lx.src[i+2 : i+2+k])
	return i + 4 + k
}

func (lx *lexer) sawComment(text []byte) {
	if lx.marker == nil {
		return
	}
	lx.comments++
	if bytes.Contains(text, lx.marker) {
		lx.markers++
	}
}

// atLineStart reports whether only blanks precede offset i on its line.
func (lx *lexer) atLineStart(i int) bool {
	k := i - 1
	for k >= lx.begin && (lx.src[k] == ' ' || lx.src[k] == '\t') {
		k--
	}
	return k < lx.begin || lx.src[k] == '\n' || lx.src[k] == '\r'
}
