package csharp

import (
	"bytes"
	"unicode/utf8"
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
	cSlow // a byte of a character outside ASCII, or \ of an escape: see unicode.go
)

var charClass = func() (t [256]uint8) {
	for _, c := range []byte(" \t\r\n\v\f") {
		t[c] = cSpace
	}
	for c := 0; c < 256; c++ {
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			t[c] |= cIdentStart | cIdentPart
		}
		if c >= '0' && c <= '9' {
			t[c] |= cIdentPart
		}
		if c >= 0x80 || c == '\\' {
			t[c] |= cSlow
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
	read    *[]string       // where to note the symbols conditions read; nil for none

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
			if j < len(src) && charClass[src[j]]&cSlow != 0 {
				j = identEnd(src, j)
			}
			lx.pos = j
			return token{tIdent, i, j}
		}
		if charClass[c]&cSlow != 0 {
			if n := spaceLen(src, i); n > 0 {
				i += n
				continue
			}
			if n := identStartLen(src, i); n > 0 {
				j := identEnd(src, i+n)
				lx.pos = j
				return token{tIdent, i, j}
			}
			i = lx.stray(i)
			continue
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
			if c == '@' && k == i+1 && k < len(src) && (charClass[src[k]]&cIdentStart != 0 || charClass[src[k]]&cSlow != 0 && identStartLen(src, k) > 0) {
				j := identEnd(src, k)
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

// stray reports the character at i, which C# allows only inside literals
// and comments, and returns the offset after it: reading goes on as if it
// were not there, so that one stray character costs one error.
func (lx *lexer) stray(i int) int {
	r, n := utf8.DecodeRune(lx.src[i:])
	lx.errorf(i, "unexpected character %U %q: expected white space, an identifier or punctuation", r, r)
	return i + n
}

// is reports whether t is the punctuation or identifier s.
func (lx *lexer) is(t token, s string) bool {
	return (t.kind == tPunct || t.kind == tIdent) && string(lx.src[t.start:t.end]) == s
}

// text copies the token's text. An identifier is the name it spells: a
// verbatim one loses its @, escapes are decoded (see identName).
func (lx *lexer) text(t token) string {
	if t.kind == tIdent {
		start := t.start
		if t.end > start+1 && lx.src[start] == '@' {
			start++
		}
		return identName(lx.src[start:t.end])
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
