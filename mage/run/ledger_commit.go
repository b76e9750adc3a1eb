package run

import (
	"context"
	"fmt"
)

// FinishLedger records the end of the run and commits porting.db on main
// with message, so that a finished run leaves `git status` clean. Close
// calls it with a default message when the target did not; a second call
// finds nothing to commit.
//
// The ledger is written after the last audit commit (the run's end, the
// last stage rows), so without this commit every run left porting.db
// modified. A dirty porting.db invited `git stash`, which hid the whole
// ledger ("no batch has run yet") and then "branch already exists" on the
// next run. Committing it, rather than moving the ledger out of the tree,
// keeps one file that holds both the port's state and its history, as the
// GitHub Actions merge job already pushes it: see docs/decisions.md.
//
// The commit takes the merge queue's lock, as every commit on main does,
// and is skipped when the main checkout is not on the main branch (the
// run's merge stage says why; committing the ledger onto another branch
// would hide it).
func (w *Orchestrator) FinishLedger(ctx context.Context, message string) error {
	if w.RunID > 0 {
		if err := w.DB.FinishRun(ctx, w.RunID, w.runOutcome()); err != nil {
			return err
		}
	}
	w.RunID = 0
	if branch, err := w.Repo.CurrentBranch(ctx); err != nil || branch != w.Config.MainBranch {
		return nil
	}
	release, err := w.lockMain(ctx, "ledger commit")
	if err != nil {
		return err
	}
	defer release()
	if err := w.CommitDB(ctx, message); err != nil {
		return fmt.Errorf("committing the ledger in %s: %w", w.dbRel(), err)
	}
	return nil
}

// pruneGoneWorktrees drops git's records of worktrees whose folders are
// gone (`git worktree list` marks them prunable). A failed batch's
// worktree deleted by hand otherwise looked present, and every run failed
// at "working directory: stat …/slot-2" until `git worktree prune`. The
// batch's branch is kept; its next attempt checks it out again.
func (w *Orchestrator) pruneGoneWorktrees(ctx context.Context) error {
	if _, err := w.Repo.Run(ctx, "worktree", "prune"); err != nil {
		return fmt.Errorf("pruning the records of deleted worktrees: %w", err)
	}
	return nil
}
