package run

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"portwave/mage/portdb"
)

// worktree makes (or takes back) the batch's worktree on port/batch-NN. A
// leftover worktree or branch is reused only when the ledger says it is
// this batch's unfinished work; otherwise the batch fails with the commands
// to clean up, and nothing is deleted.
func (j *job) worktree(ctx context.Context) error {
	w, br := j.w, j.br
	if err := j.enter(ctx, portdb.StageWorktree, "preparing the worktree"); err != nil {
		return err
	}
	path, branch := w.WorktreePath(j.batch.ID), Branch(j.batch.ID)
	owned := br.Branch == branch && br.Worktree == path // the ledger's last run of this batch used them
	wt, exists, err := w.Repo.WorktreeAt(ctx, path)
	if err != nil {
		return err
	}
	switch {
	case exists && owned && wt.Branch == branch:
		w.note(j.batch.ID, "batch %d: reusing its worktree %s", j.batch.ID, path)
	case exists:
		return failed("worktree %s already exists on %q and the ledger has no unfinished run of batch %d that owns it; "+
			"look at its work, then remove it with `git worktree remove %s` (add `git branch -D %s` only if that work is not needed)",
			path, wt.Branch, j.batch.ID, path, branch)
	case w.Repo.BranchExists(ctx, branch) && owned:
		if err := w.Repo.AttachWorktree(ctx, path, branch); err != nil {
			return failed("re-attaching %s: %v", branch, err)
		}
		w.note(j.batch.ID, "batch %d: re-attached its branch %s at %s", j.batch.ID, branch, path)
	case w.Repo.BranchExists(ctx, branch):
		return failed("branch %s already exists and the ledger has no unfinished run of batch %d that owns it; "+
			"merge or inspect it, then delete it with `git branch -D %s`", branch, j.batch.ID, branch)
	default:
		if _, err := os.Stat(path); err == nil {
			return failed("%s exists but is not a worktree of %s; move it away first", path, w.Repo.Dir)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		base, err := w.Repo.RevParse(ctx, w.Config.MainBranch)
		if err != nil {
			return failed("finding the main branch %q: %v", w.Config.MainBranch, err)
		}
		if err := w.Repo.AddWorktree(ctx, path, branch, base); err != nil {
			return failed("adding the worktree: %v", err)
		}
		br.BaseCommit = base
	}
	br.Branch, br.Worktree = branch, path
	return w.save(ctx, br, fmt.Sprintf("worktree %s on %s from %.12s", path, branch, br.BaseCommit))
}
