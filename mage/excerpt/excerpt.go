// Package excerpt shows the line of a file an error points at, with a
// caret under the column, as go-task shows a Taskfile's:
//
//	portwave.yaml:7:1: unknown key "jbos" (known keys: ...)
//	   7 | jbos: 3
//	     | ^
//
// The error's own first line stays `file:line:col: message`; the excerpt
// follows it. Columns count characters, as the YAML decoder and the plan's
// positions do. It is a few lines of code: go-task's own is internal to
// its Taskfile reader, and no library on the module proxy does only this.
package excerpt

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
)

// maxWidth is the widest stretch of a line shown; a longer line (a plan's
// list of hundreds of feature IDs) is cut around the column, with … where
// it was cut.
const maxWidth = 100

// Line renders text, the content of line number line, and under it a caret
// under character col (counted from 1; past the end, just after it), as in
// the package's example, three spaces in from the message above it.
// A tab before the column is repeated in the caret's line, so the caret
// stays under its character whatever a tab's width; a wide character (CJK)
// is two spaces, a combining mark none. Control characters other than tab
// show as U+FFFD, so quoting a line never sends a terminal escape. Line
// ends without a newline; it is "" when text is blank, and only the source
// line, with no caret, when col is unknown (0).
func Line(text string, line, col int) string {
	text = strings.TrimRight(text, "\r\n")
	if strings.TrimSpace(text) == "" {
		return ""
	}
	runes := []rune(text)
	known := col > 0
	col = min(max(col, 1), len(runes)+1)
	from, to := window(runes, col-1)
	var src, pad strings.Builder
	if from > 0 {
		src.WriteString("…")
		pad.WriteByte(' ')
	}
	for i := from; i < to; i++ {
		r := shown(runes[i])
		src.WriteRune(r)
		if i >= col-1 {
			continue
		}
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteString(strings.Repeat(" ", runewidth.RuneWidth(r)))
		}
	}
	if to < len(runes) {
		src.WriteString("…")
	}
	num := strconv.Itoa(line)
	quoted := "   " + num + " | " + src.String()
	if !known {
		return quoted
	}
	gutter := "   " + strings.Repeat(" ", len(num)) + " | "
	return quoted + "\n" + gutter + pad.String() + "^"
}

// window is the range of runes shown: the whole line when it fits in
// maxWidth columns, else maxWidth columns with the caret's character a
// third of the way in.
func window(runes []rune, at int) (from, to int) {
	width := func(from, to int) int {
		w := 0
		for _, r := range runes[from:to] {
			w += max(runewidth.RuneWidth(shown(r)), 1)
		}
		return w
	}
	if width(0, len(runes)) <= maxWidth {
		return 0, len(runes)
	}
	from = at
	for from > 0 && width(from-1, at) < maxWidth/3 {
		from--
	}
	to = from
	for to < len(runes) && width(from, to+1) <= maxWidth {
		to++
	}
	return from, to
}

// shown is the rune as the excerpt prints it.
func shown(r rune) rune {
	if r != '\t' && unicode.IsControl(r) {
		return unicode.ReplacementChar
	}
	return r
}
