package progress

import (
	"io"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
	"golang.org/x/term"
)

// TableWidth is the width tables written to w must fit: the terminal's when
// w is one, else 0 (no limit: a file or a pipe keeps whole lines).
func TableWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// ShortenMiddle fits s in width columns by cutting out its middle, so a
// path keeps its start and its file name: "/home/u/…/batch-13-attempt-2.log".
// Where s has slashes, the cut ends at one, so no name is cut in two on the
// right.
func ShortenMiddle(s string, width int) string {
	if width <= 0 || runewidth.StringWidth(s) <= width {
		return s
	}
	if width <= 1 {
		return "…"
	}
	runes := []rune(s)
	keepRight := (width - 1) / 2
	if i := strings.LastIndex(s, "/"); i >= 0 {
		if tail := runewidth.StringWidth(s[i:]); tail <= width-2 {
			keepRight = max(keepRight, tail)
		}
	}
	keepLeft := width - 1 - keepRight
	right := runewidth.TruncateLeft(string(runes), runewidth.StringWidth(s)-keepRight, "")
	left := runewidth.Truncate(string(runes), keepLeft, "")
	return left + "…" + right
}

// ShortenEnd fits s in width columns by cutting its end at a word when it
// can: "gate: build failed with 2 …".
func ShortenEnd(s string, width int) string {
	if width <= 0 || runewidth.StringWidth(s) <= width {
		return s
	}
	if width <= 1 {
		return "…"
	}
	cut := runewidth.Truncate(s, width-1, "")
	if i := strings.LastIndex(cut, " "); i > len(cut)/2 {
		cut = cut[:i+1]
	}
	return cut + "…"
}

// FitColumns shares width among a table's columns: given the widest cell of
// each column and the gap between columns, it returns the width each may
// take. The columns listed in yield give up room in that order, first each
// down to minWidth, then, if the table is still too wide, down to one
// column; the others keep theirs. Width 0 means no limit.
func FitColumns(widths []int, gap, width int, yield []int, minWidth int) []int {
	out := append([]int(nil), widths...)
	if width <= 0 {
		return out
	}
	total := gap * max(len(out)-1, 0)
	for _, w := range out {
		total += w
	}
	for _, floor := range []int{minWidth, 1} {
		for _, i := range yield {
			if total <= width {
				return out
			}
			if i < 0 || i >= len(out) || out[i] <= floor {
				continue
			}
			give := min(total-width, out[i]-floor)
			out[i] -= give
			total -= give
		}
	}
	return out
}

// Table is a table of text cells that fits a width: the columns with a
// Shorten function give up room, in the order Yield lists them (by column
// when it is empty), and their cells are shortened by it, never wrapped.
type Table struct {
	Header  []string
	Rows    [][]string
	Shorten []func(string, int) string // per column; nil keeps the column whole
	Yield   []int                      // the order the shortened columns give up room
	Gap     int                        // spaces between columns; 2 when zero
}

// Render writes the table's lines, fitting width columns (0: no limit).
func (t Table) Render(width int) string {
	gap := t.Gap
	if gap == 0 {
		gap = 2
	}
	all := append([][]string{t.Header}, t.Rows...)
	n := 0
	for _, r := range all {
		n = max(n, len(r))
	}
	widths := make([]int, n)
	flexible := make([]bool, n)
	yield := t.Yield
	for _, r := range all {
		for i, c := range r {
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	for i := range flexible {
		flexible[i] = i < len(t.Shorten) && t.Shorten[i] != nil
		if flexible[i] && len(t.Yield) == 0 {
			yield = append(yield, i)
		}
	}
	fitted := FitColumns(widths, gap, width, yield, 8)
	var b strings.Builder
	for _, r := range all {
		var line strings.Builder
		for i, c := range r {
			if flexible[i] {
				c = t.Shorten[i](c, fitted[i])
			}
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", max(0, fitted[i]-runewidth.StringWidth(c))+gap))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// FormatDuration prints d to the second as the run summary does: 45s,
// 3m12s, 1h02m05s.
func FormatDuration(d time.Duration) string { return formatDuration(d) }
