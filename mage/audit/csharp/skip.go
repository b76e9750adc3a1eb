package csharp

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Bytes the skip loop must look at; everything else is passed over. $ and @
// are not among them: a quote looks back for its prefix instead.
var (
	blockStops = stopTable("{}\"'/#")
	exprStops  = stopTable("{}\"'/#;")
)

func stopTable(s string) (t [256]bool) {
	for i := range len(s) {
		t[s[i]] = true
	}
	return t
}

// SWAR constants: every byte of a word set to the same value.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// stopMask looks at eight bytes at once and returns a mask whose lowest set
// bit is the high bit of the first byte that is a stop ({ } " ' / #), or 0
// when there is none. Pairs of stops that differ in one bit are tested
// together: " and # after setting bit 0, ' and / after setting bit 3. With
// semi = 0x40*ones, ; is tested with { the same way.
func stopMask(w, semi uint64) uint64 {
	return zeroBytes((w|semi)^('{'*ones)) | zeroBytes((w|0x01*ones)^('#'*ones)) |
		zeroBytes((w|0x08*ones)^('/'*ones)) | zeroBytes(w^('}'*ones))
}

// zeroBytes flags the zero bytes of v; the lowest flag is exact, higher ones
// may be false after a zero byte, which is all stopMask needs.
func zeroBytes(v uint64) uint64 { return (v - ones) &^ v & highs }

// skipBlock runs over the rest of a block whose { the lexer has just read,
// and returns the offset of its closing }, or -1 at the end of the input.
// The lexer is left after the }.
func (lx *lexer) skipBlock() int {
	base := lx.depth
	end := lx.skip(&blockStops, base)
	if end >= 0 {
		lx.depth = base - 1
		lx.pos = end + 1
	}
	return end
}

// skipExpr runs to the ; that ends an expression at the current depth and
// returns its offset, leaving the lexer after it. A } that closes the
// enclosing block also ends the expression (a missing ;); it is left for the
// next token. It returns -1 at the end of the input.
func (lx *lexer) skipExpr() int {
	base := lx.depth
	end := lx.skip(&exprStops, base)
	if end >= 0 && lx.src[end] == ';' {
		lx.pos = end + 1
	}
	return end
}

// skip is the hot loop shared by skipBlock and skipExpr: it stops at a }
// that takes the depth below base, or at a ; at depth base when stops holds
// one. lx.pos is left at the stop.
func (lx *lexer) skip(stops *[256]bool, base int) int {
	src := lx.src
	i := lx.pos
	floor := i // a string prefix ($, @) cannot start before this
	semi := uint64(0)
	if stops[';'] {
		semi = 0x40 * ones
	}
	for i < len(src) {
		for i+8 <= len(src) {
			if m := stopMask(binary.LittleEndian.Uint64(src[i:]), semi); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(src) {
			break
		}
		c := src[i]
		if !stops[c] {
			i++
			continue
		}
		switch c {
		case '{':
			lx.depth++
			i++
		case '}':
			if lx.depth <= base {
				lx.pos = i
				return i
			}
			lx.depth--
			i++
		case ';':
			if lx.depth <= base {
				lx.pos = i
				return i
			}
			i++
		case '"':
			k := i
			for k > floor && (src[k-1] == '$' || src[k-1] == '@') {
				k--
			}
			i = lx.stringEnd(k, 0)
			floor = i
		case '\'':
			i = lx.charEnd(i)
			floor = i
		case '/':
			switch {
			case i+1 < len(src) && src[i+1] == '/':
				if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
					i += k
				} else {
					i = len(src)
				}
			case i+1 < len(src) && src[i+1] == '*':
				i = lx.blockComment(i)
			default:
				i++
			}
			floor = i
		case '#':
			if lx.atLineStart(i) {
				i = lx.directive(i)
				floor = i
			} else {
				i++
			}
		}
		if lx.fatal {
			return -1
		}
	}
	lx.pos = len(src)
	return -1
}
