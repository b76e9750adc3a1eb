package csharp

import "bytes"

// prefixEnd returns the offset after the run of $ and @ starting at i; a
// string literal starts at i when a quote follows it.
func prefixEnd(src []byte, i int) int {
	for i < len(src) && (src[i] == '$' || src[i] == '@') {
		i++
	}
	return i
}

// stringEnd returns the offset after the string literal starting at i, whose
// prefix of $ and @ is followed by a quote. nest counts the interpolation
// holes around it.
func (lx *lexer) stringEnd(i, nest int) int {
	src := lx.src
	if nest > maxStringNest {
		lx.errorf(i, "interpolated strings nested more than %d deep", maxStringNest)
		lx.stop()
		return len(src)
	}
	dollars, verbatim := 0, false
	j := i
	for ; src[j] != '"'; j++ {
		if src[j] == '$' {
			dollars++
		} else {
			verbatim = true
		}
	}
	q := quoteRun(src, j)
	switch {
	case verbatim:
		return lx.verbatimEnd(i, j+1, dollars > 0, nest)
	case q >= 3:
		return lx.rawEnd(i, j+q, q, dollars, nest)
	case q == 2:
		return j + 2
	}
	return lx.regularEnd(i, j+1, dollars > 0, nest)
}

func quoteRun(src []byte, j int) int {
	q := 0
	for j+q < len(src) && src[j+q] == '"' {
		q++
	}
	return q
}

// regularEnd ends a "..." or $"..." literal, which may not span lines.
func (lx *lexer) regularEnd(start, j int, interp bool, nest int) int {
	src := lx.src
	for j < len(src) {
		switch src[j] {
		case '\\':
			if j+1 < len(src) && src[j+1] != '\n' {
				j += 2
				continue
			}
		case '"':
			return j + 1
		case '\n':
			lx.errorf(start, "unterminated string: expected \" before the end of the line")
			return j
		case '{':
			if interp {
				if j+1 < len(src) && src[j+1] == '{' {
					j += 2
					continue
				}
				j = lx.holeEnd(start, j+1, 1, nest)
				continue
			}
		case '}':
			if interp && j+1 < len(src) && src[j+1] == '}' {
				j += 2
				continue
			}
		}
		j++
	}
	lx.errorf(start, "unterminated string: expected \"")
	lx.lost = true
	return len(src)
}

// verbatimEnd ends an @"..." or $@"..." literal, where "" is a quote.
func (lx *lexer) verbatimEnd(start, j int, interp bool, nest int) int {
	src := lx.src
	for j < len(src) {
		switch src[j] {
		case '"':
			if j+1 < len(src) && src[j+1] == '"' {
				j += 2
				continue
			}
			return j + 1
		case '{':
			if interp {
				if j+1 < len(src) && src[j+1] == '{' {
					j += 2
					continue
				}
				j = lx.holeEnd(start, j+1, 1, nest)
				continue
			}
		case '}':
			if interp && j+1 < len(src) && src[j+1] == '}' {
				j += 2
				continue
			}
		}
		j++
	}
	lx.errorf(start, "unterminated verbatim string: expected \"")
	lx.lost = true
	return len(src)
}

// rawEnd ends a raw literal opened by q quotes. With dollars > 0 it is
// interpolated and a run of at least that many braces opens a hole; shorter
// runs are text.
func (lx *lexer) rawEnd(start, j, q, dollars, nest int) int {
	src := lx.src
	for j < len(src) {
		switch src[j] {
		case '"':
			r := quoteRun(src, j)
			if r >= q {
				return j + r
			}
			j += r
			continue
		case '{':
			if dollars > 0 {
				r := 0
				for j+r < len(src) && src[j+r] == '{' {
					r++
				}
				if r >= dollars {
					j = lx.holeEnd(start, j+r, dollars, nest)
				} else {
					j += r
				}
				continue
			}
		}
		j++
	}
	lx.errorf(start, "unterminated raw string: expected %s", bytes.Repeat([]byte{'"'}, q))
	lx.lost = true
	return len(src)
}

// holeEnd returns the offset after the interpolation hole whose expression
// starts at j and which closes with closers braces. Braces, parentheses and
// brackets nest inside the expression; a colon outside them starts the
// format, which runs to the closing brace.
func (lx *lexer) holeEnd(start, j, closers, nest int) int {
	src := lx.src
	depth := 0
	for j < len(src) && !lx.fatal {
		switch c := src[j]; c {
		case '"', '$', '@':
			k := prefixEnd(src, j)
			if k < len(src) && src[k] == '"' {
				j = lx.stringEnd(j, nest+1)
			} else {
				j = k
			}
			continue
		case '\'':
			j = lx.charEnd(j)
			continue
		case '/':
			if j+1 < len(src) && src[j+1] == '/' {
				j = lx.lineComment(j)
				continue
			}
			if j+1 < len(src) && src[j+1] == '*' {
				j = lx.blockComment(j)
				continue
			}
		case '(', '[', '{':
			depth++
		case ')', ']':
			depth = max(depth-1, 0)
		case '}':
			if depth > 0 {
				depth--
				break
			}
			r := 0
			for r < closers && j+r < len(src) && src[j+r] == '}' {
				r++
			}
			return j + r
		case ':':
			if j+1 < len(src) && src[j+1] == ':' {
				j += 2
				continue
			}
			if depth == 0 {
				k := bytes.IndexByte(src[j:], '}')
				if k < 0 {
					j = len(src)
					continue
				}
				j += k
				continue
			}
		}
		j++
	}
	lx.errorf(start, "unterminated interpolated string: expected } closing a hole")
	lx.lost = true
	return len(src)
}

// charEnd returns the offset after the character literal at i. An
// unterminated one is reported and taken as a lone quote.
func (lx *lexer) charEnd(i int) int {
	src := lx.src
	j := i + 1
	if j < len(src) && src[j] == '\\' {
		j += 2
	} else if j < len(src) && src[j] != '\'' && src[j] != '\n' {
		j++
		for j < len(src) && src[j]&0xC0 == 0x80 { // rest of a UTF-8 sequence
			j++
		}
	}
	// Escapes such as \u0041 and \U0001F600 run up to ten more bytes.
	for k := j; k < len(src) && k < j+10 && src[k] != '\n'; k++ {
		if src[k] == '\'' {
			return k + 1
		}
	}
	lx.errorf(i, "unterminated character literal: expected '")
	return i + 1
}
