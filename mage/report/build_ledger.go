package report

import (
	"context"
	"path/filepath"
	"slices"
	"strings"

	"portwave/mage/port"
)

// ledger reads the run ledger and sums it per batch (port.SumFigures,
// the definition `status` and the run summary share) and over all batches.
func (b *builder) ledger(ctx context.Context) error {
	r := b.r
	runs, err := b.db.BatchRuns(ctx, 0)
	if err != nil {
		return err
	}
	b.runs = runs
	figs := port.SumFigures(runs)
	r.Ledger = make([]BatchLedger, 0, len(figs))
	for _, f := range figs {
		l := BatchLedger{Batch: f.Batch, Attempt: f.Attempt, Rows: f.Rows, State: f.State, Stage: f.Stage,
			Started: f.Started, Seconds: f.Seconds, Error: f.Error, LogPath: f.LogPath, Turns: f.Turns,
			InputTokens: f.InputTokens, OutputTokens: f.OutputTokens, CostUSD: f.CostUSD}
		if !f.Finished.IsZero() {
			l.Finished = timePtr(f.Finished)
		}
		r.Ledger = append(r.Ledger, l)
		r.Cost.Attempts += f.Attempt
		r.Cost.Rows += f.Rows
		r.Cost.Turns += f.Turns
		r.Cost.InputTokens += f.InputTokens
		r.Cost.OutputTokens += f.OutputTokens
		r.Cost.TotalUSD += f.CostUSD
	}
	return nil
}

// timeline lays every ledger row of every run out for the Gantt chart:
// one lane per worktree slot, one segment per row, its stages from the
// recorded transitions.
func (b *builder) timeline(ctx context.Context) error {
	if len(b.runs) == 0 {
		return nil
	}
	runs, err := b.db.Runs(ctx)
	if err != nil {
		return err
	}
	tl := &PlanTimeline{Runs: []RunWindow{}, Lanes: []string{}, Attempts: []AttemptTimeline{}}
	for _, run := range runs {
		w := RunWindow{Run: run.ID, Command: run.Command, State: run.State, Started: run.Started}
		if !run.Finished.IsZero() {
			w.Finished = timePtr(run.Finished)
		}
		tl.Runs = append(tl.Runs, w)
	}
	lanes := map[string]bool{}
	b.transitions = make(map[int64][]port.Transition, len(b.runs))
	for _, br := range b.runs {
		trs, err := b.db.Transitions(ctx, br.ID)
		if err != nil {
			return err
		}
		b.transitions[br.ID] = trs
		lane := laneOf(br)
		if !lanes[lane] {
			lanes[lane] = true
			tl.Lanes = append(tl.Lanes, lane)
		}
		tl.Attempts = append(tl.Attempts, AttemptTimeline{Batch: br.Batch, Attempt: br.Attempt, Run: br.RunID,
			Lane: lane, State: br.State, Seconds: port.RowSeconds(br), Turns: br.Turns, CostUSD: br.CostUSD,
			Stages: stageSpans(br, trs)})
		if tl.Started.IsZero() || br.Started.Before(tl.Started) {
			tl.Started = br.Started
		}
	}
	slices.SortFunc(tl.Lanes, compareLanes)
	b.r.Timeline = tl
	return nil
}

// laneOf is the worktree slot a ledger row ran in: the worktree folder's
// name, "no worktree" before one was taken.
func laneOf(br port.BatchRun) string {
	if br.Worktree == "" {
		return noWorktree
	}
	return filepath.Base(br.Worktree)
}

const noWorktree = "no worktree"

// compareLanes orders slot-2 before slot-10, and "no worktree" last.
func compareLanes(a, b string) int {
	switch {
	case a == noWorktree || b == noWorktree:
		return boolInt(a == noWorktree) - boolInt(b == noWorktree)
	case len(a) != len(b):
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// stageSpans turns a batch run's recorded transitions into stage spans: a
// stage lasts from the first transition into it to the next transition
// into another stage; a final state ends it there (failed or conflict
// marks it failed); the done stage is where the pipeline stops, not a span.
func stageSpans(br port.BatchRun, trs []port.Transition) []StageSpan {
	if len(trs) == 0 {
		s := StageSpan{Stage: br.Stage, Start: br.Started, Failed: failed(br.State)}
		if !br.Finished.IsZero() {
			s.End = timePtr(br.Finished)
		}
		return []StageSpan{s}
	}
	spans := []StageSpan{}
	open := func() *StageSpan {
		if n := len(spans); n > 0 && spans[n-1].End == nil {
			return &spans[n-1]
		}
		return nil
	}
	for _, tr := range trs {
		cur := open()
		if cur != nil && cur.Stage == tr.Stage && tr.Stage != port.StageDone {
			if tr.State.Final() {
				cur.End, cur.Failed = timePtr(tr.At), failed(tr.State)
			}
			continue
		}
		if cur != nil {
			cur.End = timePtr(tr.At)
		}
		if tr.Stage == port.StageDone {
			continue
		}
		s := StageSpan{Stage: tr.Stage, Start: tr.At}
		if tr.State.Final() {
			s.End, s.Failed = timePtr(tr.At), failed(tr.State)
		}
		spans = append(spans, s)
	}
	return spans
}

func failed(s port.State) bool { return s == port.StateFailed || s == port.StateConflict }
