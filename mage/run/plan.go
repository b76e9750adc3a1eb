package run

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/progress"
	"portwave/mage/schedule"
)

// Batches runs the given batches of the plan as a dependency graph under
// the configured concurrency, critical path first. Batches already done
// (with an unchanged spec and prompt) are not redone unless Force is set;
// dependencies outside ids must be done already. Dependents of a failed
// batch are skipped and recorded so; independent batches go on.
func (w *Orchestrator) Batches(ctx context.Context, ids []int) (schedule.Report, error) {
	return w.runGraph(ctx, ids, w.RunBatch)
}

// runGraph schedules ids with run doing each batch: the local runs drive
// batches end to end, a merge job only merges (MergeGated).
func (w *Orchestrator) runGraph(ctx context.Context, ids []int, run schedule.RunFunc) (schedule.Report, error) {
	items, _, err := w.Features(ctx)
	if err != nil {
		return schedule.Report{}, err
	}
	weight := plan.PendingWeight(features(items))
	var nodes []schedule.Node
	for _, id := range ids {
		b, err := w.Plan.Find(id)
		if err != nil {
			return schedule.Report{}, err
		}
		nodes = append(nodes, schedule.Node{ID: id, Deps: b.RunDeps(), Weight: weight(*b)})
		w.send(progress.Event{Kind: progress.BatchQueued, Batch: id, Name: b.Name, State: port.StatePending})
	}
	finish, err := Standing{Plan: w.Plan, DB: w.DB, Template: w.Template}.All(ctx)
	if err != nil {
		return schedule.Report{}, err
	}
	done := map[int]bool{}
	for _, b := range w.Plan.Batches {
		f, inRun := finish[b.ID], contains(ids, b.ID)
		switch {
		case f.Done && (!w.Config.Force || !inRun):
			done[b.ID] = true
		case inRun && f.Why != "never run" && f.Why != "done":
			w.note(b.ID, "batch %d will run: %s", b.ID, f.Why)
		}
	}
	// The budget is shared by as many attempts as may run at once.
	active := 0
	for _, id := range ids {
		if !done[id] {
			active++
		}
	}
	w.shares.setSlots(min(max(w.Config.Jobs, 1), max(active, 1)))
	defer w.shares.setSlots(1)
	// A skip the ledger could not record fails the run: the next run would
	// otherwise find the batch where it was before.
	var mu sync.Mutex
	var ledgerErrs []error
	opt := schedule.Options{Jobs: w.Config.Jobs, FailFast: w.Config.FailFast,
		Done: func(id int) bool { return done[id] },
		Events: func(e schedule.Event) {
			if err := w.scheduleEvent(ctx, e); err != nil {
				mu.Lock()
				ledgerErrs = append(ledgerErrs, err)
				mu.Unlock()
			}
		}}
	if w.Config.BudgetUSD > 0 {
		opt.BudgetUSD = func() (float64, float64) {
			spent, _ := w.DB.PlanCost(ctx) // the plan's, across commands
			return spent, w.Config.BudgetUSD
		}
	}
	rep, err := schedule.Run(ctx, nodes, run, opt)
	mu.Lock()
	err = errors.Join(append([]error{err}, ledgerErrs...)...)
	mu.Unlock()
	msg := rep.StoppedBecause
	if msg != "" {
		msg = "stopped early: " + msg
	}
	w.send(progress.Event{Kind: progress.RunFinished, Message: msg})
	return rep, err
}

// scheduleEvent turns what the scheduler decides into ledger rows and
// progress events: a skipped batch is recorded with the failure it waited on.
func (w *Orchestrator) scheduleEvent(ctx context.Context, e schedule.Event) error {
	if e.Kind != schedule.Finished {
		return nil
	}
	switch e.Outcome {
	case schedule.AlreadyDone:
		w.send(w.finished(ctx, e.ID, port.StageDone, port.StateDone, "already done"))
	case schedule.Skipped:
		reason := fmt.Sprintf("skipped: depends on failed batch %s", joinInts(e.SkippedBecause))
		br := &port.BatchRun{RunID: w.RunID, Batch: e.ID, Stage: port.StageWorktree, State: port.StateSkipped, Error: reason}
		if runs, _ := w.DB.BatchRuns(ctx, e.ID); len(runs) > 0 {
			// Keep what an earlier attempt left (its worktree, its stage),
			// so the next run resumes it instead of starting over.
			prev := runs[len(runs)-1]
			br.Attempt, br.Stage, br.Branch, br.Worktree, br.BaseCommit, br.SessionID = prev.Attempt, prev.Stage, prev.Branch, prev.Worktree, prev.BaseCommit, prev.SessionID
			br.Feedback, br.SessionCost, br.AgentDone = prev.Feedback, prev.SessionCost, prev.AgentDone
		}
		if err := w.save(context.WithoutCancel(ctx), br, reason); err != nil {
			return fmt.Errorf("batch %d: %w", e.ID, err)
		}
		w.send(w.finished(ctx, e.ID, "", port.StateSkipped, reason))
	case schedule.NotStarted:
		w.send(progress.Event{Kind: progress.BatchFinished, Batch: e.ID, State: port.StatePending, Message: "not started: " + e.Reason})
	}
	return nil
}

type features map[int]port.Item

func (f features) Feature(id int) (port.Item, bool) { it, ok := f[id]; return it, ok }

func contains(ids []int, id int) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func joinInts(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ", ")
}
