package csharp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Identifiers and white space as the C# specification has them (§6.3.4,
// §6.4.3): white space is category Zs besides tab, vertical tab and form
// feed; an identifier starts with a letter (Lu, Ll, Lt, Lm, Lo, Nl) or _,
// and goes on with letters, digits (Nd), connectors (Pc), combining marks
// (Mn, Mc) and formatting characters (Cf); a \uXXXX or \UXXXXXXXX escape
// stands for any of them. The byte loops of the lexer see only ASCII: a
// byte of 0x80 or more, and a backslash, are cSlow in charClass and come
// here, so that ASCII source pays one table lookup per identifier for all
// of this.

// spaceLen returns the length of the white space or line break character
// outside ASCII at i (Zs, U+0085, U+2028, U+2029), or 0.
func spaceLen(src []byte, i int) int {
	if src[i] < utf8.RuneSelf {
		return 0
	}
	r, n := utf8.DecodeRune(src[i:])
	if unicode.Is(unicode.Zs, r) || r == '\u0085' || r == '\u2028' || r == '\u2029' {
		return n
	}
	return 0
}

// isLetter reports whether r is a letter character: Lu, Ll, Lt, Lm, Lo or Nl.
func isLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) }

// isIdentPart reports whether r may continue an identifier.
func isIdentPart(r rune) bool {
	return r == '_' || isLetter(r) || unicode.In(r, unicode.Nd, unicode.Pc, unicode.Mn, unicode.Mc, unicode.Cf)
}

// charAt decodes the character at i, reading a Unicode escape as the
// character it stands for. escaped says whether it was one.
func charAt(src []byte, i int) (r rune, n int, escaped bool) {
	if src[i] == '\\' {
		if r, n := escapeAt(src, i); n > 0 {
			return r, n, true
		}
		return utf8.RuneError, 0, false
	}
	if src[i] < utf8.RuneSelf {
		return rune(src[i]), 1, false
	}
	r, n = utf8.DecodeRune(src[i:])
	return r, n, false
}

// escapeAt decodes the \uXXXX or \UXXXXXXXX escape at i; n is 0 when there
// is none or it names no character.
func escapeAt(src []byte, i int) (r rune, n int) {
	if i+1 >= len(src) || src[i] != '\\' {
		return 0, 0
	}
	digits := 0
	switch src[i+1] {
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default:
		return 0, 0
	}
	if i+2+digits > len(src) {
		return 0, 0
	}
	for _, c := range src[i+2 : i+2+digits] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, 0
		}
		r = r<<4 | rune(d)
	}
	if r > unicode.MaxRune {
		return 0, 0
	}
	return r, 2 + digits
}

// identStartLen returns the length of the identifier start at i that the
// ASCII table does not cover (a letter outside ASCII, or an escape of a
// letter or _), or 0.
func identStartLen(src []byte, i int) int {
	r, n, _ := charAt(src, i)
	if n > 0 && (r == '_' || isLetter(r) || invalid(r, n)) {
		return n
	}
	return 0
}

// invalid reports a byte that is not UTF-8. It is taken as a letter, so
// that a file in another encoding (Latin-1) scans as it did before and
// carries the one "invalid UTF-8" error scan gives it.
func invalid(r rune, n int) bool { return r == utf8.RuneError && n == 1 }

// identEnd returns the end of the identifier whose characters go on at j.
func identEnd(src []byte, j int) int {
	for j < len(src) {
		c := src[j]
		if charClass[c]&cIdentPart != 0 {
			j++
			continue
		}
		if charClass[c]&cSlow == 0 {
			break
		}
		r, n, _ := charAt(src, j)
		if n == 0 || !isIdentPart(r) && !invalid(r, n) {
			break
		}
		j += n
	}
	return j
}

// identName is the name an identifier spells: escapes decoded and
// formatting characters (Cf) removed, as the specification compares
// identifiers. Plain ASCII comes back as it is.
func identName(raw []byte) string {
	plain := true
	for _, c := range raw {
		if charClass[c]&cSlow != 0 {
			plain = false
			break
		}
	}
	if plain {
		return string(raw)
	}
	var b strings.Builder
	for i := 0; i < len(raw); {
		r, n, _ := charAt(raw, i)
		if n == 0 {
			r, n = rune(raw[i]), 1
		}
		if !unicode.Is(unicode.Cf, r) {
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}
