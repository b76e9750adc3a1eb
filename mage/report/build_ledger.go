package report

import (
	"context"
	"slices"

	"portwave/mage/portdb"
)

// ledger reads the run ledger and sums it per batch and over all batches.
func (b *builder) ledger(ctx context.Context) error {
	r := b.r
	runs, err := b.db.BatchRuns(ctx, 0)
	if err != nil {
		return err
	}
	b.runs = runs
	byBatch := map[int]*BatchLedger{}
	for _, br := range runs { // oldest first, so the last one seen is the newest
		l, ok := byBatch[br.Batch]
		if !ok {
			l = &BatchLedger{Batch: br.Batch}
			byBatch[br.Batch] = l
		}
		l.Attempts++
		l.Turns += br.Turns
		l.InputTokens += br.InputTokens
		l.OutputTokens += br.OutputTokens
		l.CostUSD += br.CostUSD
		l.State, l.Stage, l.Started, l.Error, l.LogPath = br.State, br.Stage, br.Started, br.Error, br.LogPath
		l.Finished = nil
		end := br.Updated
		if !br.Finished.IsZero() {
			l.Finished, end = timePtr(br.Finished), br.Finished
		}
		l.Seconds = max(0, end.Sub(br.Started).Seconds())

		r.Cost.Attempts++
		r.Cost.Turns += br.Turns
		r.Cost.InputTokens += br.InputTokens
		r.Cost.OutputTokens += br.OutputTokens
		r.Cost.TotalUSD += br.CostUSD
	}
	r.Ledger = make([]BatchLedger, 0, len(byBatch))
	for _, l := range byBatch {
		r.Ledger = append(r.Ledger, *l)
	}
	slices.SortFunc(r.Ledger, func(a, b BatchLedger) int { return a.Batch - b.Batch })
	return nil
}

// lastRun draws the newest run: the run of the batch run started last,
// and every batch run of it. Batch runs that name no run are taken as one
// run, newest attempt of each batch.
func (b *builder) lastRun(ctx context.Context) error {
	all := b.runs
	if len(all) == 0 {
		return nil
	}
	newest := all[0]
	for _, br := range all[1:] {
		if !br.Started.Before(newest.Started) {
			newest = br
		}
	}
	var runs []portdb.BatchRun
	index := map[int]int{}
	for _, br := range all {
		switch {
		case br.RunID != newest.RunID: // another run
		case br.RunID == 0 && len(runs) > 0 && hasKey(index, br.Batch):
			runs[index[br.Batch]] = br
		default:
			index[br.Batch] = len(runs)
			runs = append(runs, br)
		}
	}
	tl := &RunTimeline{Run: newest.RunID, Batches: []BatchTimeline{}}
	if run, ok, err := b.db.RunByID(ctx, newest.RunID); err != nil {
		return err
	} else if ok {
		tl.Command, tl.Started = run.Command, run.Started
	}
	for _, br := range runs {
		trs, err := b.db.Transitions(ctx, br.ID)
		if err != nil {
			return err
		}
		if tl.Started.IsZero() || br.Started.Before(tl.Started) {
			tl.Started = br.Started
		}
		tl.Batches = append(tl.Batches, BatchTimeline{Batch: br.Batch, Attempt: br.Attempt, State: br.State, Stages: stageSpans(br, trs)})
	}
	b.r.LastRun = tl
	return nil
}

func hasKey(m map[int]int, k int) bool {
	_, ok := m[k]
	return ok
}

// stageSpans turns a batch run's recorded transitions into stage spans: a
// stage lasts from the first transition into it to the next transition
// into another stage; a final state ends it there (failed or conflict
// marks it failed); the done stage is where the pipeline stops, not a span.
func stageSpans(br portdb.BatchRun, trs []portdb.Transition) []StageSpan {
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
		if cur != nil && cur.Stage == tr.Stage && tr.Stage != portdb.StageDone {
			if tr.State.Final() {
				cur.End, cur.Failed = timePtr(tr.At), failed(tr.State)
			}
			continue
		}
		if cur != nil {
			cur.End = timePtr(tr.At)
		}
		if tr.Stage == portdb.StageDone {
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

func failed(s portdb.State) bool { return s == portdb.StateFailed || s == portdb.StateConflict }
