package run

import (
	"context"
	"fmt"
	"strings"

	"portwave/mage/gitx"
	"portwave/mage/ownfiles"
	"portwave/mage/port"
)

// merge puts the batch on main through the merge queue: one merge at a
// time per workspace (across processes too). If main moved since the
// branch was cut, main is merged into the branch and the gate runs again;
// then main is fast-forwarded. A conflict leaves main untouched and the
// worktree kept. Once started, a merge is finished even if the run is
// interrupted, so no merge is ever left half done.
//
// With the setting conflict: agent, a conflict becomes another agent
// attempt (resolveConflict), outside the merge queue, and the merge starts
// over: the resolved branch is gated before main moves.
func (j *job) merge(ctx context.Context) error {
	for {
		err := j.mergeOnce(ctx)
		mc, ok := asConflict(err)
		if !ok {
			return err
		}
		if err := j.resolveConflict(ctx, mc, err); err != nil {
			return err
		}
	}
}

func (j *job) mergeOnce(ctx context.Context) error {
	w := j.w
	if err := j.enter(ctx, port.StageMerge, "waiting for the merge queue"); err != nil {
		return err
	}
	release, err := w.lockMain(ctx, fmt.Sprintf("merge of batch %d", j.batch.ID))
	if err != nil {
		return err
	}
	handed := false
	defer func() {
		if !handed {
			release()
		}
	}()
	mctx := context.WithoutCancel(ctx)
	if err := w.clearGitLocks(mctx, j.record); err != nil {
		return err
	}
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
		handed, j.mainHeld = true, release
		return w.save(mctx, j.br, "already on main")
	}
	if err := uncommitted(mctx, wt); err != nil {
		return err
	}
	if !w.Repo.IsAncestor(mctx, main, head) {
		ok, conflicts, reports, err := j.mergeMain(mctx, wt, fmt.Sprintf("Merge %s into %s", w.Config.MainBranch, j.br.Branch))
		if err != nil {
			return err
		}
		if !ok {
			return &stageErr{port.StateConflict, &mergeConflict{conflicts, fmt.Errorf("merging %s into %s conflicts in %s%s; main is untouched, the worktree %s is kept: "+
				"merge %s there, resolve and commit, then `mage retry %d` (the gate judges the result before main moves)",
				w.Config.MainBranch, j.br.Branch, strings.Join(conflicts, ", "), conflictReasons(reports), j.br.Worktree, w.Config.MainBranch, j.batch.ID)}}
		}
		if err := j.recordMembersMerged(mctx, reports); err != nil {
			return err
		}
		if err := w.save(mctx, j.br, fmt.Sprintf("merged %s (%.12s) into the branch; gate again", w.Config.MainBranch, main)); err != nil {
			return err
		}
		if head, err = wt.Head(mctx); err != nil {
			return err
		}
	}
	// Whatever reaches main passes the gate first: the branch after main
	// was merged into it, a conflict resolved by hand, a branch gated by
	// another process (the merge job) or before a crash.
	if head != j.gatedHead {
		res, err := j.gate(mctx, main)
		if err != nil {
			return err
		}
		if !res.passed {
			return failed("gate before merging into %s: %s", w.Config.MainBranch, res.summary)
		}
		if err := j.enter(mctx, port.StageMerge, "gate passed on "+head[:min(12, len(head))]+"; merging"); err != nil {
			return err
		}
	}
	if err := w.Repo.FastForward(mctx, j.br.Branch); err != nil {
		return failed("fast-forwarding %s: %v", w.Config.MainBranch, err)
	}
	if j.br.MergedCommit, err = w.Repo.Head(mctx); err != nil {
		return err
	}
	// The audit after the merge runs in the same turn of the queue: it
	// credits this batch's work alone, before another batch's merge moves
	// main again.
	handed, j.mainHeld = true, release
	return w.save(mctx, j.br, fmt.Sprintf("%s fast-forwarded to %.12s", w.Config.MainBranch, j.br.MergedCommit))
}

// uncommitted refuses to merge a worktree whose tracked files differ from
// its last commit, or that is in the middle of a merge: only committed
// work is gated, so only committed work may reach main.
func uncommitted(ctx context.Context, wt gitx.Repo) error {
	changes, err := wt.TrackedStatus(ctx)
	if err != nil {
		return err
	}
	if len(changes) > 0 {
		return failed("the worktree %s has uncommitted changes (%s): commit the resolution there (git commit), then `mage retry`",
			wt.Dir, strings.Join(gitx.Paths(changes), ", "))
	}
	return nil
}

// checkMainClean refuses to write to a main checkout that is not on the
// main branch or has uncommitted or staged changes (porting.db aside:
// portwave itself writes it and commits it after the audit). portwave
// commits only its own paths, so nothing else would be committed; it
// stops anyway, because a fast-forward over someone's changes, or a
// commit beside them, is not what they expect. The advice is not `git
// stash`: a stash takes porting.db and its ledger along.
func (w *Orchestrator) checkMainClean(ctx context.Context) error {
	branch, err := w.Repo.CurrentBranch(ctx)
	if err != nil || branch != w.Config.MainBranch {
		return failed("the main checkout %s is on %q, not %q; check out %s, then `mage retry`", w.Repo.Dir, branch, w.Config.MainBranch, w.Config.MainBranch)
	}
	changes, err := w.Repo.Status(ctx)
	if err != nil {
		return err
	}
	db := w.dbRel()
	var dirty []string
	for _, c := range changes {
		if p := c.Path; p != db && !strings.HasPrefix(p, db+"-") {
			dirty = append(dirty, p)
		}
	}
	if dirty = ownfiles.Others(w.gitDir, w.Repo.Dir, dirty); len(dirty) > 0 {
		return failed("the main checkout %s has uncommitted changes (%s) that portwave did not make; it commits only its own paths and will not write beside them: "+
			"commit them yourself (git commit -- <paths>) or move them out of the checkout, but do not `git stash` (it would take %s, the ledger, along), then `mage retry`",
			w.Repo.Dir, strings.Join(dirty, ", "), db)
	}
	return nil
}
