package csharp

// Reasons given for stubs.
const (
	reasonThrows   = "throws NotImplementedException"
	reasonEmpty    = "empty body"
	reasonComments = "only comments"
	reasonMarker   = "marker comment"
	reasonDefault  = "only returns default"
	reasonNoExpr   = "no expression after =>" // not C#: the scan reports it
)

// bodyMatcher reads a body's tokens one at a time to match the few shapes a
// stub can have. It gives up at the first token that fits none of them, so
// classifying an implemented body costs a token or two.
type bodyMatcher struct {
	lx  lexer
	tok token
}

// classify classifies src[start:end]: the inside of a block body, or the
// expression of an expression body when expr is set. Stubs are:
//
//	{ }                                       empty, or comments only
//	{ throw new NotImplementedException(...); }
//	=> throw new NotImplementedException(...)
//
// each optionally followed by return default; (or => default). When a comment
// holds the marker, a return of any literal (null, false, 0, "") also counts.
// A body with nothing but comments is a stub whatever they say: an explained
// no-op cannot be told from an unported one by its text, and a false
// promotion costs more than a missed one.
func classify(src []byte, begin, start, end int, marker []byte, symbols map[string]bool, expr bool) (BodyKind, string) {
	if end < start {
		return Implemented, ""
	}
	b := bodyMatcher{lx: lexer{src: src[:end], pos: start, begin: min(begin, start), quiet: true, marker: marker, symbols: symbols, line: 1}}
	b.advance()
	throws, ret := false, retNone
	switch {
	case b.tok.kind == tEOF && expr:
		return Stub, reasonNoExpr
	case b.tok.kind == tEOF:
	case b.word("throw"):
		if !b.throwNotImplemented() {
			return Implemented, ""
		}
		throws = true
		if !expr {
			if !b.punct(';') {
				return Implemented, ""
			}
			if b.advance(); b.word("return") && b.trivialReturn(false) == retNone {
				return Implemented, ""
			}
		}
	default:
		if ret = b.trivialReturn(expr); ret == retNone {
			return Implemented, ""
		}
	}
	if b.tok.kind != tEOF {
		return Implemented, ""
	}
	marked := b.lx.markers > 0
	switch {
	case throws:
		return Stub, reasonThrows
	case ret == retLiteral && !marked:
		return Implemented, ""
	case marked:
		return Stub, reasonMarker
	case ret != retNone:
		return Stub, reasonDefault
	case b.lx.comments > 0:
		return Stub, reasonComments
	}
	return Stub, reasonEmpty
}

func (b *bodyMatcher) advance() { b.tok = b.lx.next() }

func (b *bodyMatcher) punct(c byte) bool {
	return b.tok.kind == tPunct && b.tok.end-b.tok.start == 1 && b.lx.src[b.tok.start] == c
}

func (b *bodyMatcher) word(w string) bool {
	return b.tok.kind == tIdent && string(b.lx.src[b.tok.start:b.tok.end]) == w
}

// throwNotImplemented matches throw new [global::][System.]NotImplementedException(...)
// and leaves the matcher after the closing parenthesis.
func (b *bodyMatcher) throwNotImplemented() bool {
	b.advance() // throw
	if !b.word("new") {
		return false
	}
	b.advance()
	if b.word("global") {
		b.advance()
		for range 2 {
			if !b.punct(':') {
				return false
			}
			b.advance()
		}
	}
	if b.word("System") {
		b.advance()
		if !b.punct('.') {
			return false
		}
		b.advance()
	}
	if !b.word("NotImplementedException") {
		return false
	}
	b.advance()
	// new NotImplementedException(...), new NotImplementedException { ... }
	// or both: arguments, an object initializer, or the two.
	args := b.punct('(')
	if args && !b.balanced('(', ')') {
		return false
	}
	if b.punct('{') {
		return b.balanced('{', '}')
	}
	return args
}

// balanced passes over the group the current open token starts, and
// leaves the matcher after its closing token.
func (b *bodyMatcher) balanced(open, close byte) bool {
	for nest := 0; b.tok.kind != tEOF; b.advance() {
		switch {
		case b.punct(open):
			nest++
		case b.punct(close):
			if nest--; nest == 0 {
				b.advance()
				return true
			}
		}
	}
	return false
}

// What trivialReturn found.
const (
	retNone    = iota
	retDefault // return default; or return default(T);
	retLiteral // return null; return 0; ... (a stub only with the marker)
)

// trivialReturn matches return default; and return <literal>; in a block,
// or default and <literal> as a whole expression body.
func (b *bodyMatcher) trivialReturn(expr bool) int {
	if !expr {
		if !b.word("return") {
			return retNone
		}
		b.advance()
	}
	kind := retLiteral
	switch {
	case b.word("default"):
		kind = retDefault
		b.advance()
		if b.punct('(') {
			for nest := 0; b.tok.kind != tEOF; b.advance() {
				if b.punct('(') {
					nest++
				} else if b.punct(')') {
					if nest--; nest == 0 {
						break
					}
				}
			}
			b.advance()
		}
	case b.word("null") || b.word("true") || b.word("false") || b.tok.kind == tNumber || b.tok.kind == tString || b.tok.kind == tChar:
		b.advance()
	case b.punct('-'):
		if b.advance(); b.tok.kind != tNumber {
			return retNone
		}
		b.advance()
	case b.word("string"):
		if b.advance(); !b.punct('.') {
			return retNone
		}
		if b.advance(); !b.word("Empty") {
			return retNone
		}
		b.advance()
	default:
		return retNone
	}
	if b.punct('!') { // null-forgiving: return default!;
		b.advance()
	}
	if !expr {
		if !b.punct(';') {
			return retNone
		}
		b.advance()
	}
	return kind
}
