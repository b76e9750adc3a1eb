package run

import (
	"context"
	"fmt"
	"strings"

	"portwave/mage/gitx"
	"portwave/mage/portdb"
)

// merge puts the batch on main through the merge queue: one merge at a
// time per workspace (across processes too). If main moved since the
// branch was cut, main is merged into the branch and the gate runs again;
// then main is fast-forwarded. A conflict leaves main untouched and the
// worktree kept. Once started, a merge is finished even if the run is
// interrupted, so no merge is ever left half done.
func (j *job) merge(ctx context.Context) error {
	w := j.w
	if err := j.enter(ctx, portdb.StageMerge, "waiting for the merge queue"); err != nil {
		return err
	}
	release, err := w.lockMain(ctx, fmt.Sprintf("merge of batch %d", j.batch.ID))
	if err != nil {
		return err
	}
	defer release()
	mctx := context.WithoutCancel(ctx)
	if err := w.checkMainClean(mctx); err != nil {
		return err
	}
	main, err := w.Repo.RevParse(mctx, w.Config.MainBranch)
	if err != nil {
		return err
	}
	wt := gitx.Repo{Dir: j.br.Worktree}
	head, err := wt.Head(mctx)
	if err != nil {
		return err
	}
	if w.Repo.IsAncestor(mctx, head, main) {
		j.br.MergedCommit = main // merged before an interruption
		return w.save(mctx, j.br, "already on main")
	}
	if !w.Repo.IsAncestor(mctx, main, head) {
		ok, conflicts, err := wt.MergeInto(mctx, w.Config.MainBranch, fmt.Sprintf("Merge %s into %s", w.Config.MainBranch, j.br.Branch))
		if err != nil {
			return err
		}
		if !ok {
			return &stageErr{portdb.StateConflict, fmt.Errorf("merging %s into %s conflicts in %s; main is untouched, the worktree %s is kept: resolve it there, then `mage retry %d`",
				w.Config.MainBranch, j.br.Branch, strings.Join(conflicts, ", "), j.br.Worktree, j.batch.ID)}
		}
		if err := w.save(mctx, j.br, fmt.Sprintf("merged %s (%.12s) into the branch; gate again", w.Config.MainBranch, main)); err != nil {
			return err
		}
		res, err := j.gate(mctx, main)
		if err != nil {
			return err
		}
		if !res.passed {
			return failed("gate after merging %s: %s", w.Config.MainBranch, res.summary)
		}
		j.br.Stage = portdb.StageMerge
	}
	if err := w.Repo.FastForward(mctx, j.br.Branch); err != nil {
		return failed("fast-forwarding %s: %v", w.Config.MainBranch, err)
	}
	if j.br.MergedCommit, err = w.Repo.Head(mctx); err != nil {
		return err
	}
	return w.save(mctx, j.br, fmt.Sprintf("%s fast-forwarded to %.12s", w.Config.MainBranch, j.br.MergedCommit))
}

// checkMainClean refuses to merge into a main checkout that is not on the
// main branch or has uncommitted changes (porting.db aside: portwave
// itself writes it and commits it after the audit).
func (w *Workspace) checkMainClean(ctx context.Context) error {
	branch, err := w.Repo.CurrentBranch(ctx)
	if err != nil || branch != w.Config.MainBranch {
		return failed("the main checkout %s is on %q, not %q; check out %s, then `mage retry`", w.Repo.Dir, branch, w.Config.MainBranch, w.Config.MainBranch)
	}
	lines, err := w.Repo.Status(ctx)
	if err != nil {
		return err
	}
	db := w.dbRel()
	var dirty []string
	for _, l := range lines {
		if p := gitx.StatusPath(l); p != db && !strings.HasPrefix(p, db+"-") {
			dirty = append(dirty, p)
		}
	}
	if len(dirty) > 0 {
		return failed("the main checkout %s has uncommitted changes (%s); commit them or move them out of the workspace (never stash or discard porting.db: it holds the ledger), then `mage retry`",
			w.Repo.Dir, strings.Join(dirty, ", "))
	}
	return nil
}
