package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"portwave/mage/port"
)

// An agent reports every turn; the plain log prints one progress line per
// batch when this much time or this many turns have passed since its last.
const (
	plainAgentEvery = 30 * time.Second
	plainAgentTurns = 10
)

// Plain is the log for CI and pipes: one line per event worth a line,
// each stamped with the event's time in UTC, and never an escape code.
//
//	2026-11-27T05:30:01Z batch 44 agent    attempt 1 started
//	2026-11-27T05:41:13Z batch 44 failed   at gate: build: 2 errors (log: /path)
type Plain struct {
	w   io.Writer
	now func() time.Time

	mu    sync.Mutex
	board board
	agent map[int]mark // the last agent line printed, per batch
}

// mark is when an agent progress line was last printed and at which turn.
type mark struct {
	at    time.Time
	turns int
}

// NewPlain writes the log to w. now stamps events that carry no Time;
// nil means time.Now.
func NewPlain(w io.Writer, now func() time.Time) *Plain {
	if now == nil {
		now = time.Now
	}
	return &Plain{w: w, now: now, agent: map[int]mark{}}
}

// Send prints the line for e, if it is worth one.
func (p *Plain) Send(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := e.Time
	if t.IsZero() {
		t = p.now()
	}
	p.board.apply(e, t)
	if line := p.line(e, t); line != "" {
		fmt.Fprintf(p.w, "%s %s\n", t.UTC().Format(time.RFC3339), line)
	}
}

// line renders e without its time stamp, or "" if e is not worth a line.
func (p *Plain) line(e Event, t time.Time) string {
	subject := func(word, detail string) string {
		return strings.TrimRight(fmt.Sprintf("batch %d %-8s %s", e.Batch, word, detail), " ")
	}
	switch e.Kind {
	case BatchQueued:
		return subject("queued", oneLine(e.Name))
	case StageStarted:
		detail := "started"
		if e.Stage == port.StageAgent {
			p.agent[e.Batch] = mark{at: t}
			if e.Attempt > 0 {
				detail = fmt.Sprintf("attempt %d started", e.Attempt)
			}
		}
		return subject(string(e.Stage), detail)
	case AgentActivity:
		m := p.agent[e.Batch]
		if t.Sub(m.at) < plainAgentEvery && e.Turns-m.turns < plainAgentTurns {
			return ""
		}
		p.agent[e.Batch] = mark{at: t, turns: e.Turns}
		detail := fmt.Sprintf("%d turns, %s", e.Turns, formatCost(e.CostUSD))
		if e.LastTool != "" {
			detail += ", last tool " + oneLine(e.LastTool)
		}
		return subject(string(port.StageAgent), detail)
	case BatchFinished:
		return subject(string(p.board.rows[e.Batch].state), p.finished(p.board.rows[e.Batch]))
	case Note:
		if e.Batch == 0 {
			return "note: " + oneLine(e.Message)
		}
		return subject("note", withoutBatch(e.Batch, oneLine(e.Message)))
	case RunFinished:
		return "run finished: " + p.outcome()
	}
	return ""
}

// finished describes how a batch ended: its error and log if it failed,
// its cost and yield if it succeeded.
func (p *Plain) finished(r *row) string {
	switch {
	case failedState(r.state):
		var b strings.Builder
		if r.stage != "" {
			fmt.Fprintf(&b, "at %s", r.stage)
		}
		if r.message != "" {
			if b.Len() > 0 {
				b.WriteString(": ")
			}
			b.WriteString(withoutStage(string(r.stage), oneLine(r.message)))
		}
		if r.logPath != "" {
			fmt.Fprintf(&b, " (log: %s)", r.logPath)
		}
		return strings.TrimSpace(b.String())
	case r.state == port.StateSkipped:
		return oneLine(r.message)
	default:
		detail := fmt.Sprintf("%d turns, %s, %d features verified",
			r.turns, formatCost(r.cost), r.verified)
		if !r.started.IsZero() || r.duration > 0 {
			detail = "in " + formatDuration(r.elapsed(r.finished)) + ", " + detail
		}
		return detail
	}
}

// outcome sums up the run for its last line.
func (p *Plain) outcome() string {
	t := p.board.tally()
	s := fmt.Sprintf("%d done, %d failed, %d skipped", t.done, t.failed, t.skipped)
	if t.interrupted > 0 {
		s += fmt.Sprintf(", %d interrupted", t.interrupted)
	}
	if n := t.running + t.pending; n > 0 {
		s += fmt.Sprintf(", %d unfinished", n)
	}
	s += fmt.Sprintf("; %d features verified; %s", t.verified, formatCost(t.cost))
	if p.board.runMsg != "" {
		s += "; " + oneLine(p.board.runMsg)
	}
	return s
}
