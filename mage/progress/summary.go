package progress

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"portwave/mage/port"
)

// Summary is a Sink that remembers how each batch ended, for the table
// printed at the end of every run. The zero value is ready to use.
type Summary struct {
	// Width is the width the table must fit, 0 for none (TableWidth
	// gives a terminal's).
	Width int
	// Now stamps events that carry no Time and measures batches still
	// running when the table is written; nil means time.Now.
	Now func() time.Time

	mu    sync.Mutex
	board board
}

func (s *Summary) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Send records e.
func (s *Summary) Send(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := e.Time
	if t.IsZero() {
		t = s.now()
	}
	s.board.apply(e, t)
}

// WriteSummary prints the end-of-run table, then the log of every batch
// that failed or conflicted, then why the run stopped early, if it did:
//
//	batch  name         state   stage  attempt  duration  turns  cost   verified  log
//	42     server-core  done    done   1        3m12s     41     $1.20  12        /logs/42.log
//	44     jetstream    failed  gate   2        5m00s     30     $0.90  0         /logs/44.log
//	total                                                 71     $2.10  12
//
// Every number is the ledger's (port.Figures), sent with each batch's
// BatchFinished event: all attempts of the batch, in this run and before.
//
//	failed batches:
//	  44 failed at gate: build: 2 errors
//	     log: /logs/44.log
//
//	stopped early: budget of $50.00 reached
func (s *Summary) WriteSummary(w io.Writer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := s.board.sorted()
	now := s.now()
	var b bytes.Buffer // written in one go, so there is one error to check
	if len(rows) == 0 {
		fmt.Fprintln(&b, "no batches ran")
	} else {
		t := Table{Header: []string{"batch", "name", "state", "stage", "attempt", "duration", "turns", "cost", "verified", "log"},
			Shorten: []func(string, int) string{1: ShortenEnd, 9: ShortenMiddle}}
		for _, r := range rows {
			t.Rows = append(t.Rows, []string{strconv.Itoa(r.batch), orDash(oneLine(r.name)), string(r.state),
				orDash(string(r.stage)), attemptText(r.attempt), duration(r, now), strconv.Itoa(r.turns),
				formatCost(r.cost), strconv.Itoa(r.verified), orDash(r.logPath)})
		}
		tl := s.board.tally()
		t.Rows = append(t.Rows, []string{"total", "", "", "", "", "", strconv.Itoa(tl.turns), formatCost(tl.cost), strconv.Itoa(tl.verified), ""})
		b.WriteString(t.Render(s.Width))
	}
	var failed []*row
	for _, r := range rows {
		if r.state == port.StateFailed || r.state == port.StateConflict {
			failed = append(failed, r)
		}
	}
	if len(failed) > 0 {
		fmt.Fprint(&b, "\nfailed batches:\n")
	}
	for _, r := range failed {
		what := fmt.Sprintf("%d %s", r.batch, r.state)
		if r.stage != "" {
			what += " at " + string(r.stage)
		}
		if r.message != "" {
			what += ": " + withoutStage(string(r.stage), oneLine(r.message))
		}
		fmt.Fprintf(&b, "  %s\n  %*s log: %s\n", what, len(strconv.Itoa(r.batch)), "", orDash(r.logPath))
	}
	if s.board.runMsg != "" {
		fmt.Fprintf(&b, "\n%s\n", oneLine(s.board.runMsg))
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("writing run summary: %w", err)
	}
	return nil
}

// duration is how long the batch ran, or "-" if it never started.
func duration(r *row, now time.Time) string {
	if r.started.IsZero() && r.duration == 0 {
		return "-"
	}
	return formatDuration(r.elapsed(now))
}

func attemptText(n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
