package run

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"portwave/mage/port"
	"portwave/mage/progress"
	"portwave/mage/schedule"
)

// MergeGated is the merge job of the GitHub Actions matrix: batch jobs
// elsewhere took batches through their gate and pushed their branches;
// their ledgers are imported into porting.db, and the branches fetched.
// The batches of ids, and the dependencies of theirs that are not done,
// are scheduled as a local run would schedule them, in dependency order,
// but each one only merges: a gated batch resumes at the merge stage (the
// same merge queue, gate-after-main-moved and audit as `mage all`); a
// batch whose job did not end gated fails here without running anything,
// so its dependents are skipped while independent batches merge.
func (w *Orchestrator) MergeGated(ctx context.Context, ids []int) (schedule.Report, error) {
	if w.Mode != MergeMode {
		return schedule.Report{}, errors.New("a merge job runs in merge mode; unset PORTWAVE_MODE")
	}
	all, err := w.withPendingDeps(ctx, ids)
	if err != nil {
		return schedule.Report{}, err
	}
	return w.runGraph(ctx, all, w.mergeGated)
}

// withPendingDeps adds to ids every dependency, direct or not, that is not
// done: a batch job that never reported still holds up its dependents.
func (w *Orchestrator) withPendingDeps(ctx context.Context, ids []int) ([]int, error) {
	out := slices.Clone(ids)
	for i := 0; i < len(out); i++ {
		b, err := w.Plan.Find(out[i])
		if err != nil {
			return nil, err
		}
		for _, dep := range b.RunDeps() {
			if slices.Contains(out, dep) {
				continue
			}
			done, _, err := w.Finished(ctx, dep)
			if err != nil {
				return nil, err
			}
			if !done {
				out = append(out, dep)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// mergeGated merges batch id if its ledger says its job passed the gate.
func (w *Orchestrator) mergeGated(ctx context.Context, id int) error {
	latest, err := w.DB.LatestBatchRuns(ctx)
	if err != nil {
		return err
	}
	br, ok := latest[id]
	if ok && br.State == port.StateGated {
		return w.RunBatch(ctx, id)
	}
	be := &BatchError{Batch: id, Stage: br.Stage, State: port.StateFailed, Log: br.LogPath}
	switch {
	case !ok:
		be.Stage, be.Err = port.StageWorktree, errors.New("no ledger from its batch job: it did not run or did not upload one")
	case br.Error != "":
		be.Err = fmt.Errorf("its batch job ended %s: %s", br.State, br.Error)
	default:
		be.Err = fmt.Errorf("its batch job ended %s, not gated", br.State)
	}
	w.send(progress.Event{Kind: progress.BatchFinished, Batch: id, Stage: be.Stage, State: port.StateFailed,
		Message: be.Err.Error(), LogPath: be.Log})
	return be
}
