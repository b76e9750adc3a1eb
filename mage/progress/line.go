package progress

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"

	"portwave/mage/port"
)

// SGR colour codes for the states; everything else stays the terminal's
// own colour.
var stateColor = map[port.State]string{
	port.StateDone:        "32", // green
	port.StateRunning:     "36", // cyan
	port.StateFailed:      "31", // red
	port.StateConflict:    "31",
	port.StateInterrupted: "33", // yellow
	port.StateSkipped:     "2",  // faint
}

// maxNameWidth caps the name column so a long batch name cannot push the
// numbers off a narrow terminal.
const maxNameWidth = 24

// paint wraps s in an SGR colour when color is on and code is known.
func paint(s, code string, color bool) string {
	if !color || code == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// pad fills s with spaces to w columns, or cuts it to w.
func pad(s string, w int) string {
	if runewidth.StringWidth(s) > w {
		return runewidth.Truncate(s, w, "…")
	}
	return runewidth.FillRight(s, w)
}

// batchLine renders one row of the live view:
//
//	44 jetstream-api  running      agent     1m05s  12 turns   $0.53  Edit
//
// A batch that failed shows its error where a running one shows its last
// tool: once it has stopped, the error is the useful part.
func batchLine(r *row, nameWidth int, now time.Time, color bool) string {
	stage := string(r.stage)
	if r.attempt > 1 {
		stage += fmt.Sprintf(" #%d", r.attempt)
	}
	elapsed := "-"
	if !r.started.IsZero() {
		elapsed = formatDuration(r.elapsed(now))
	}
	last := oneLine(r.tool)
	if (failedState(r.state) || r.state == port.StateSkipped) && r.message != "" {
		last = withoutStage(string(r.stage), oneLine(r.message))
	}
	state := paint(string(r.state), stateColor[r.state], color) +
		strings.Repeat(" ", max(0, 11-len(r.state)))
	return fmt.Sprintf("%3d %s  %s  %s %8s %4d turns %8s  %s",
		r.batch, pad(oneLine(r.name), nameWidth), state, pad(stage, 10),
		elapsed, r.turns, formatCost(r.cost), last)
}

// totalLine renders the line under the batches:
//
//	total: 2 done, 1 running, 1 failed, 0 skipped; 120 verified; $2.63
//
// Pending and interrupted counts appear only when there are some.
func totalLine(t tally, color bool) string {
	parts := []string{
		paint(fmt.Sprintf("%d done", t.done), stateColor[port.StateDone], color && t.done > 0),
		fmt.Sprintf("%d running", t.running),
		paint(fmt.Sprintf("%d failed", t.failed), stateColor[port.StateFailed], color && t.failed > 0),
		fmt.Sprintf("%d skipped", t.skipped),
	}
	if t.interrupted > 0 {
		parts = append(parts, paint(fmt.Sprintf("%d interrupted", t.interrupted),
			stateColor[port.StateInterrupted], color))
	}
	if t.pending > 0 {
		parts = append(parts, fmt.Sprintf("%d pending", t.pending))
	}
	return fmt.Sprintf("total: %s; %d features verified; %s",
		strings.Join(parts, ", "), t.verified, formatCost(t.cost))
}

// fit cuts s to width terminal columns so that it never wraps: a wrapped
// line would make the cursor-up count of the next redraw wrong. Escape
// sequences take no columns; if the cut falls inside a coloured span, a
// reset keeps the colour from leaking into the next line.
func fit(s string, width int) string {
	if width <= 0 {
		return s
	}
	var b strings.Builder
	cols, escaped := 0, false
	for i := 0; i < len(s); {
		if s[i] == '\x1b' && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			j = min(j+1, len(s))
			b.WriteString(s[i:j])
			escaped = true
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		w := runewidth.RuneWidth(r)
		if cols+w > width {
			if escaped {
				b.WriteString("\x1b[0m")
			}
			return b.String()
		}
		cols += w
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}
