package csharp

import "unsafe"

// Token helpers for reading a collected declaration head, p.toks. They take
// any index: outside the head they answer "no".

// punct reports whether token i is the one-byte punctuation c.
func (p *parser) punct(i int, c byte) bool {
	if i < 0 || i >= len(p.toks) {
		return false
	}
	t := p.toks[i]
	return t.kind == tPunct && t.end-t.start == 1 && p.lx.src[t.start] == c
}

// word returns the text of token i, or "" outside the head. It shares the
// source's memory so that the many keyword comparisons allocate nothing:
// compare it, never keep it (lexer.text copies).
func (p *parser) word(i int) string {
	if i < 0 || i >= len(p.toks) {
		return ""
	}
	t := p.toks[i]
	if t.end == t.start {
		return ""
	}
	return unsafe.String(&p.lx.src[t.start], t.end-t.start)
}

// match returns the index of the token closing the bracket, parenthesis or
// angle bracket at i, or len(p.toks) when it is not closed. Angle brackets
// count only angle brackets, which is enough for type argument lists.
func (p *parser) match(i int) int {
	if i < 0 || i >= len(p.toks) {
		return len(p.toks)
	}
	open := p.lx.src[p.toks[i].start]
	var closer byte
	switch open {
	case '(':
		closer = ')'
	case '[':
		closer = ']'
	case '<':
		closer = '>'
	default:
		return i
	}
	n := 0
	for j := i; j < len(p.toks); j++ {
		switch {
		case p.punct(j, open):
			n++
		case p.punct(j, closer):
			if n--; n == 0 {
				return j
			}
		}
	}
	return len(p.toks)
}

// arity counts the type parameters in the list opened by the < at i.
func (p *parser) arity(i int) int {
	end := p.match(i)
	n, nest := 1, 0
	for j := i + 1; j < end; j++ {
		switch {
		case p.punct(j, '<') || p.punct(j, '(') || p.punct(j, '['):
			nest++
		case p.punct(j, '>') || p.punct(j, ')') || p.punct(j, ']'):
			nest--
		case nest == 0 && p.punct(j, ','):
			n++
		}
	}
	return n
}

// skipType returns the index after the type starting at i: a possibly
// qualified and generic name or a tuple, with ?, * and [] suffixes. It
// returns -1 when no type starts at i.
func (p *parser) skipType(i int) int {
	switch {
	case p.word(i) == "delegate" && p.punct(i+1, '*'):
		// delegate* [managed|unmanaged[[Cdecl, ...]]]<T1, ..., TResult>
		i += 2
		if w := p.word(i); w == "managed" || w == "unmanaged" {
			i++
			if p.punct(i, '[') {
				i = p.match(i) + 1
			}
		}
		if !p.punct(i, '<') {
			return -1
		}
		i = p.match(i) + 1
	case p.punct(i, '('):
		i = p.match(i) + 1
	case i < len(p.toks) && p.toks[i].kind == tIdent:
		i++
		for i < len(p.toks) {
			switch {
			case p.punct(i, '<'):
				i = p.match(i) + 1
				continue
			case p.punct(i, '.') && i+1 < len(p.toks) && p.toks[i+1].kind == tIdent:
				i += 2
				continue
			case p.punct(i, ':') && p.punct(i+1, ':') && i+2 < len(p.toks) && p.toks[i+2].kind == tIdent:
				i += 3
				continue
			}
			break
		}
	default:
		return -1
	}
	for i < len(p.toks) {
		if p.punct(i, '?') || p.punct(i, '*') {
			i++
			continue
		}
		if p.punct(i, '[') {
			j := i + 1
			for p.punct(j, ',') {
				j++
			}
			if p.punct(j, ']') {
				i = j + 1
				continue
			}
		}
		break
	}
	return i
}

// params counts the parameters of the list opened by the ( at i.
func (p *parser) params(i int) int {
	end := p.match(i)
	if end == i+1 {
		return 0
	}
	n, nest := 1, 0
	for j := i + 1; j < end && j < len(p.toks); j++ {
		switch {
		case p.punct(j, '<') || p.punct(j, '(') || p.punct(j, '[') || p.punct(j, '{'):
			nest++
		case p.punct(j, '>') || p.punct(j, ')') || p.punct(j, ']') || p.punct(j, '}'):
			nest--
		case nest == 0 && p.punct(j, ','):
			n++
		}
	}
	return n
}

// paramType returns the simple name of the type of the parameter starting
// at i, after its modifiers: List for "this List<T> list", Mode for
// "in Mode? m". It is "" for a tuple, an array or no type at all.
func (p *parser) paramType(i int) string {
	for {
		switch p.word(i) {
		case "this", "ref", "in", "out", "readonly", "scoped", "params":
			i++
			continue
		}
		break
	}
	end := p.skipType(i)
	if end < 0 || p.toks[i].kind != tIdent || p.punct(end-1, ']') {
		return ""
	}
	name, nest := "", 0
	for j := i; j < end; j++ {
		switch {
		case p.punct(j, '<'):
			nest++
		case p.punct(j, '>'):
			nest--
		case nest == 0 && p.toks[j].kind == tIdent:
			name = p.lx.text(p.toks[j])
		}
	}
	return name
}
