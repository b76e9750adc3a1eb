package progress

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"portwave/mage/port"
)

// row is what is known about one batch, folded from its events.
type row struct {
	batch    int
	name     string
	state    port.State
	stage    port.Stage
	attempt  int
	started  time.Time     // first StageStarted
	finished time.Time     // BatchFinished
	duration time.Duration // the ledger's figure, from BatchFinished
	turns    int
	cost     float64
	tool     string
	verified int
	message  string
	logPath  string
}

// elapsed is the time since the batch's first stage began, frozen when it
// finished; zero if it never started.
func (r *row) elapsed(now time.Time) time.Duration {
	switch {
	case r.duration > 0 && (!r.finished.IsZero() || r.started.IsZero()):
		return r.duration
	case r.started.IsZero():
		return 0
	case !r.finished.IsZero():
		return r.finished.Sub(r.started)
	default:
		return now.Sub(r.started)
	}
}

// board folds events into one row per batch. The live view and the
// summary both keep one; neither is safe for concurrent use on its own.
type board struct {
	rows   map[int]*row
	runMsg string // RunFinished's message: why the run stopped early
	ended  bool
}

// apply folds e, stamped at t, into the board. Fields an event leaves at
// their zero value keep what an earlier event said.
func (b *board) apply(e Event, t time.Time) {
	switch e.Kind {
	case RunFinished:
		b.ended = true
		if e.Message != "" {
			b.runMsg = e.Message
		}
		return
	case Note:
		return
	}
	if b.rows == nil {
		b.rows = map[int]*row{}
	}
	r := b.rows[e.Batch]
	if r == nil {
		r = &row{batch: e.Batch, state: port.StatePending}
		b.rows[e.Batch] = r
	}
	if e.Name != "" {
		r.name = e.Name
	}
	if e.Attempt > 0 {
		r.attempt = e.Attempt
	}
	if e.Turns > 0 {
		r.turns = e.Turns
	}
	if e.CostUSD > 0 {
		r.cost = e.CostUSD
	}
	if e.LastTool != "" {
		r.tool = e.LastTool
	}
	if e.Verified > 0 {
		r.verified = e.Verified
	}
	if e.LogPath != "" {
		r.logPath = e.LogPath
	}
	if e.Stage != "" {
		r.stage = e.Stage
	}
	switch e.Kind {
	case BatchQueued:
		if e.State != "" {
			r.state = e.State
		}
	case StageStarted:
		r.state = port.StateRunning
		if e.State != "" {
			r.state = e.State
		}
		if r.started.IsZero() {
			r.started = t
		}
		r.finished, r.duration = time.Time{}, 0
	case AgentActivity:
		if r.state == port.StatePending {
			r.state = port.StateRunning
		}
	case BatchFinished:
		r.state = port.StateDone
		if e.State != "" {
			r.state = e.State
		}
		r.finished = t
		r.message = e.Message
		r.duration = e.Duration
	}
}

// sorted returns the rows in batch order.
func (b *board) sorted() []*row {
	rows := make([]*row, 0, len(b.rows))
	for _, r := range b.rows {
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(x, y *row) int { return x.batch - y.batch })
	return rows
}

// tally counts rows by outcome for the total line.
type tally struct {
	done, running, failed, skipped, pending, interrupted int
	verified, turns                                      int
	cost                                                 float64
}

func (b *board) tally() tally {
	var t tally
	for _, r := range b.rows {
		switch r.state {
		case port.StateDone:
			t.done++
		case port.StateRunning:
			t.running++
		case port.StateFailed, port.StateConflict:
			t.failed++
		case port.StateSkipped:
			t.skipped++
		case port.StateInterrupted:
			t.interrupted++
		default:
			t.pending++
		}
		t.verified += r.verified
		t.turns += r.turns
		t.cost += r.cost
	}
	return t
}

// failedState reports whether a batch in state s ended without its work
// landing, so its error and log matter more than its last tool.
func failedState(s port.State) bool {
	return s == port.StateFailed || s == port.StateConflict || s == port.StateInterrupted
}

// formatDuration prints d to the second, compactly: 45s, 3m12s, 1h02m05s.
func formatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case h > 0:
		return fmt.Sprintf("%dh%02dm%02ds", h, m, s)
	case m > 0:
		return fmt.Sprintf("%dm%02ds", m, s)
	default:
		return fmt.Sprintf("%ds", s)
	}
}

// formatCost prints a dollar amount to the cent.
func formatCost(usd float64) string { return fmt.Sprintf("$%.2f", usd) }

// oneLine keeps the first line of s and replaces other control characters
// with spaces: a stray newline or escape in an error message or tool name
// would break the line-per-batch layout and the cursor arithmetic.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.TrimRight(s, "\r"))
}
