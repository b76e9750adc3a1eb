package progress

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"sync"
	"text/tabwriter"
	"time"

	"portwave/mage/portdb"
)

// Summary is a Sink that remembers how each batch ended, for the table
// printed at the end of every run. The zero value is ready to use.
type Summary struct {
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
//	batch  name         state   stage  duration  turns  cost   log
//	42     server-core  done    done   3m12s     41     $1.20  /logs/42.log
//	44     jetstream    failed  gate   5m00s     30     $0.90  /logs/44.log
//	total                                        71     $2.10
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
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	if len(rows) == 0 {
		fmt.Fprintln(tw, "no batches ran")
	} else {
		fmt.Fprintln(tw, "batch\tname\tstate\tstage\tduration\tturns\tcost\tlog")
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.batch, orDash(oneLine(r.name)),
			r.state, orDash(string(r.stage)), duration(r, now), r.turns, formatCost(r.cost),
			orDash(r.logPath))
	}
	if len(rows) > 0 {
		t := s.board.tally()
		fmt.Fprintf(tw, "total\t\t\t\t\t%d\t%s\n", t.turns, formatCost(t.cost))
	}
	tw.Flush()
	var failed []*row
	for _, r := range rows {
		if r.state == portdb.StateFailed || r.state == portdb.StateConflict {
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
			what += ": " + oneLine(r.message)
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
	if r.started.IsZero() {
		return "-"
	}
	return formatDuration(r.elapsed(now))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
