package progress

import (
	"fmt"
	"strings"
	"unicode"
)

// Printable escapes the control characters of s (ESC, carriage return,
// newline, the C1 controls) as \x1b, \r, \n..., so that text portwave did
// not write itself (a git or agent message in the ledger, a name from a
// file) can neither forge a line such as "batch 12 done" nor clear the
// terminal with ESC[2J. Tabs are kept. Every target prints such text
// through it, and the report's markdown too.
func Printable(s string) string {
	if strings.IndexFunc(s, isEscaped) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case isEscaped(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isEscaped(r rune) bool { return r != '\t' && unicode.IsControl(r) }
