package command

import (
	"context"
	"fmt"
	"sort"

	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/progress"
	"portwave/mage/schedule"
)

// Wave runs the batches of wave n; the waves before it are Mage
// dependencies of the target, so they have run (or were done) already.
func (s *Session) Wave(ctx context.Context, n int) error {
	return s.runBatches(ctx, fmt.Sprintf("wave%d", n), func(ids map[int][]int) ([]int, error) {
		batches, ok := ids[n]
		if !ok {
			return nil, fmt.Errorf("the plan has no wave %d", n)
		}
		return batches, nil
	})
}

// All runs every batch of the plan as one dependency graph, without wave
// barriers: a batch starts as soon as its own dependencies are merged.
func (s *Session) All(ctx context.Context) error {
	return s.runBatches(ctx, "all", func(ids map[int][]int) ([]int, error) {
		var all []int
		for _, b := range ids {
			all = append(all, b...)
		}
		sort.Ints(all)
		return all, nil
	})
}

// runBatches opens the workspace, picks the batches and runs them with the
// live view (or plain lines), then prints the summary table.
func (s *Session) runBatches(ctx context.Context, command string, pick func(byWave map[int][]int) ([]int, error)) error {
	if s.Config.DryRun {
		st, err := s.readPlan(ctx)
		if err != nil {
			return err
		}
		ids, err := pick(byWave(st.Plan))
		if err != nil {
			return err
		}
		return s.dryRun(ctx, command, ids)
	}
	ctx, stopSignals := schedule.NotifyContext(ctx)
	defer stopSignals()
	view, stop := s.view()
	summary := &progress.Summary{Width: progress.TableWidth(s.Out)}
	w, err := s.openOrchestrator(ctx, command, progress.Tee(view, summary))
	if err != nil {
		stop()
		return err
	}
	ids, err := pick(byWave(w.Plan))
	if err != nil {
		stop()
		return closeWith(w, err)
	}
	rep, runErr := w.Batches(ctx, ids)
	stop()
	summary.WriteSummary(s.Out)
	if done := rep.IDs(schedule.AlreadyDone); len(done) == len(ids) && runErr == nil {
		fmt.Fprintf(s.Out, "%s: nothing to do, every batch is already done (%v); PORTWAVE_FORCE=1 runs them again\n", command, done)
	}
	return closeWith(w, runErr)
}

func byWave(p *plan.Plan) map[int][]int {
	m := map[int][]int{}
	for _, wave := range p.Waves() {
		m[wave.Number] = wave.Batches
	}
	return m
}

// Retry re-runs a failed, conflicted or interrupted batch from the stage it
// stopped at.
func (s *Session) Retry(ctx context.Context, id int) error {
	if err := s.checkBatch(ctx, id); err != nil {
		return err
	}
	db, err := s.OpenDBReadOnly(ctx)
	if err != nil {
		return err
	}
	latest, err := db.LatestBatchRuns(ctx)
	db.Close()
	if err != nil {
		return err
	}
	br, ok := latest[id]
	switch {
	case !ok:
		return fmt.Errorf("batch %d has never run; use `mage batch:run %d`", id, id)
	case br.State == port.StateDone:
		return fmt.Errorf("batch %d is done; PORTWAVE_FORCE=1 mage batch:run %d runs it again", id, id)
	}
	fmt.Fprintf(s.Log, "batch %d %s at %s: retrying from there\n", id, br.State, br.Stage)
	return s.runOne(ctx, id, fmt.Sprintf("retry %d", id))
}
