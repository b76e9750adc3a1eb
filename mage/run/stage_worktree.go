package run

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"portwave/mage/gitx"
	"portwave/mage/port"
)

// worktree gives the batch a worktree on port/batch-NN cut from main.
//
// Worktrees are slots (<worktrees>/slot-N) that outlive their batches:
// checking out a whole NatsNet-sized tree costs seconds, while moving a
// free slot to a new branch touches only the files that differ. A slot is
// free when it is detached at a commit main already contains and has no
// uncommitted changes, so a slot holding unmerged work is never reused.
//
// A leftover worktree or branch of this batch is taken back only when the
// ledger says it is this batch's unfinished work; otherwise the batch fails
// with the commands to clean up, and nothing is deleted.
func (j *job) worktree(ctx context.Context) error {
	w, br := j.w, j.br
	if err := j.enter(ctx, port.StageWorktree, "preparing the worktree"); err != nil {
		return err
	}
	branch := Branch(j.batch.ID)
	owned := br.Branch == branch && br.Worktree != ""
	if owned {
		wt, exists, err := w.Repo.WorktreeAt(ctx, br.Worktree)
		if err != nil {
			return err
		}
		switch {
		case exists && wt.Branch == branch:
			w.note(j.batch.ID, "batch %d: reusing its worktree %s", j.batch.ID, br.Worktree)
			return w.save(ctx, br, "reusing "+br.Worktree)
		case !exists && w.Repo.BranchExists(ctx, branch):
			if err := w.Repo.AttachWorktree(ctx, br.Worktree, branch); err != nil {
				return failed("re-attaching %s at %s: %v", branch, br.Worktree, err)
			}
			w.note(j.batch.ID, "batch %d: re-attached its branch %s at %s", j.batch.ID, branch, br.Worktree)
			return w.save(ctx, br, "re-attached "+branch)
		}
	}
	if owned && w.Repo.BranchExists(ctx, branch) {
		// The ledger names this branch but no worktree holds it: a run
		// killed between recording the claim and checking it out, or
		// after its worktree was removed. It is this batch's.
		return j.reclaim(ctx, branch)
	}
	if w.Repo.BranchExists(ctx, branch) {
		return failed("branch %s already exists and the ledger has no unfinished run of batch %d that owns it; "+
			"inspect or merge it, then delete it with `git branch -D %s` (and `git worktree remove` its worktree, listed by `git worktree list`)",
			branch, j.batch.ID, branch)
	}
	base, err := w.Repo.RevParse(ctx, w.Config.MainBranch)
	if err != nil {
		return failed("finding the main branch %q: %v", w.Config.MainBranch, err)
	}
	path, err := w.claimSlot(ctx, j.batch.ID, base)
	if err != nil {
		return err
	}
	// The claim is written before the branch exists: a run killed at any
	// moment leaves either no branch or a branch the ledger says is this
	// batch's, which the resume takes back (see above).
	br.Branch, br.Worktree, br.BaseCommit = branch, path, base
	if err := w.save(ctx, br, fmt.Sprintf("claiming %s for %s from %.12s", path, branch, base)); err != nil {
		w.releaseSlot(path)
		return err
	}
	if _, err := (gitx.Repo{Dir: path}).Run(ctx, "checkout", "-q", "-b", branch, base); err != nil {
		w.releaseSlot(path)
		return failed("starting %s in %s: %v", branch, path, err)
	}
	if err := w.save(ctx, br, fmt.Sprintf("worktree %s on %s from %.12s", path, branch, base)); err != nil {
		return err
	}
	// The fresh worktree is main as it is now: the cheapest place to
	// measure the test baseline the gate compares against.
	if strings.TrimSpace(w.Config.Test) == "" {
		return nil
	}
	_, err = j.baseline(ctx, base, path)
	return err
}

// reclaim checks out the batch's own branch, which the ledger recorded but
// no worktree holds, in a free slot.
func (j *job) reclaim(ctx context.Context, branch string) error {
	w, br := j.w, j.br
	wts, err := w.Repo.Worktrees(ctx)
	if err != nil {
		return err
	}
	for _, wt := range wts {
		if wt.Branch == branch {
			br.Worktree = wt.Path
			return w.save(ctx, br, fmt.Sprintf("%s is checked out in %s: using it", branch, wt.Path))
		}
	}
	main, err := w.Repo.RevParse(ctx, w.Config.MainBranch)
	if err != nil {
		return failed("finding the main branch %q: %v", w.Config.MainBranch, err)
	}
	path, err := w.claimSlot(ctx, j.batch.ID, main)
	if err != nil {
		return err
	}
	if _, err := (gitx.Repo{Dir: path}).Run(ctx, "checkout", "-q", branch); err != nil {
		w.releaseSlot(path)
		return failed("checking out %s in %s: %v", branch, path, err)
	}
	br.Worktree = path
	w.note(j.batch.ID, "batch %d: took back its branch %s in %s", j.batch.ID, branch, path)
	return w.save(ctx, br, "took back "+branch+" in "+path)
}

// claimSlot finds a free slot, or adds one, and reserves it for the batch.
func (w *Orchestrator) claimSlot(ctx context.Context, batch int, base string) (string, error) {
	w.slotMu.Lock()
	defer w.slotMu.Unlock()
	if w.slots == nil {
		w.slots = map[string]int{}
	}
	wts, err := w.Repo.Worktrees(ctx)
	if err != nil {
		return "", err
	}
	used := map[string]bool{}
	for _, wt := range wts {
		used[filepath.Base(wt.Path)] = true
		if !w.isSlot(wt.Path) || wt.Branch != "" || w.slots[wt.Path] != 0 {
			continue
		}
		if !w.Repo.IsAncestor(ctx, wt.Head, base) {
			continue // holds commits main lacks: someone's work, leave it
		}
		slot := gitx.Repo{Dir: wt.Path}
		if st, err := slot.Status(ctx); err != nil || len(st) > 0 {
			continue
		}
		// Clean as a fresh checkout: what an earlier batch's build left
		// ignored there (obj/*.targets is imported by every build) goes.
		if _, err := slot.Clean(ctx); err != nil {
			continue
		}
		w.slots[wt.Path] = batch
		return wt.Path, nil
	}
	for n := 1; ; n++ {
		name := fmt.Sprintf("slot-%d", n)
		path := filepath.Join(w.Config.Worktrees, name)
		if used[name] {
			continue
		}
		if _, err := os.Stat(path); err == nil {
			continue // something else lives there: never touch it
		}
		if err := os.MkdirAll(w.Config.Worktrees, 0o755); err != nil {
			return "", err
		}
		if _, err := w.Repo.Run(ctx, "worktree", "add", "-q", "--detach", path, base); err != nil {
			return "", failed("adding a worktree at %s: %v", path, err)
		}
		w.slots[path] = batch
		return path, nil
	}
}

// holdSlot marks a slot the batch took over without claiming it (its own
// worktree, reused or re-attached on a resume) as the batch's for this
// run, like a claimed one: no other batch is given it, and the
// containment check does not take the batch's own edits there for an
// escape from another batch's agent.
func (w *Orchestrator) holdSlot(path string, batch int) {
	if path == "" || !w.isSlot(path) {
		return
	}
	w.slotMu.Lock()
	defer w.slotMu.Unlock()
	if w.slots == nil {
		w.slots = map[string]int{}
	}
	w.slots[filepath.Clean(path)] = batch
}

func (w *Orchestrator) releaseSlot(path string) {
	w.slotMu.Lock()
	defer w.slotMu.Unlock()
	delete(w.slots, path)
}

func (w *Orchestrator) isSlot(path string) bool {
	return filepath.Dir(filepath.Clean(path)) == filepath.Clean(w.Config.Worktrees) && strings.HasPrefix(filepath.Base(path), "slot-")
}

// freeSlot detaches a merged batch's slot and deletes its branch, which
// git does only because main now contains it.
func (w *Orchestrator) freeSlot(ctx context.Context, path, branch string) error {
	defer w.releaseSlot(path)
	if _, err := (gitx.Repo{Dir: path}).Run(ctx, "checkout", "-q", "--detach"); err != nil {
		return err
	}
	return w.Repo.DeleteMergedBranch(ctx, branch)
}

// reattach gives a batch resumed past its worktree stage its branch in a
// worktree of this repository. Usually the recorded worktree is still
// there. When it is not (it was removed, or the ledger came from a batch
// job on another machine, the GitHub Actions matrix, and names a path of
// that machine), the branch, which must exist here, is checked out in a
// free slot; a path that exists but is not this repository's worktree on
// the branch is never touched.
func (j *job) reattach(ctx context.Context) error {
	w, br := j.w, j.br
	if br.Branch == "" {
		return nil // nothing was ever checked out; the stage says what is missing
	}
	wts, err := w.Repo.Worktrees(ctx)
	if err != nil {
		return err
	}
	for _, wt := range wts {
		if wt.Branch == br.Branch {
			if filepath.Clean(wt.Path) == filepath.Clean(br.Worktree) {
				return nil
			}
			br.Worktree = wt.Path
			return w.save(ctx, br, fmt.Sprintf("%s is checked out in %s: using it", br.Branch, wt.Path))
		}
	}
	if !w.Repo.BranchExists(ctx, br.Branch) {
		return failed("the branch %s of batch %d is not in %s and its worktree %s is not one of this repository's: "+
			"fetch the branch (`git fetch origin %s:%s`), then `mage retry %d`", br.Branch, j.batch.ID, w.Repo.Dir, br.Worktree, br.Branch, br.Branch, j.batch.ID)
	}
	main, err := w.Repo.RevParse(ctx, w.Config.MainBranch)
	if err != nil {
		return failed("finding the main branch %q: %v", w.Config.MainBranch, err)
	}
	path, err := w.claimSlot(ctx, j.batch.ID, main)
	if err != nil {
		return err
	}
	if _, err := (gitx.Repo{Dir: path}).Run(ctx, "checkout", "-q", br.Branch); err != nil {
		w.releaseSlot(path)
		return failed("checking out %s in %s: %v", br.Branch, path, err)
	}
	recorded := br.Worktree
	br.Worktree = path
	w.note(j.batch.ID, "batch %d: its worktree %s is not here; %s is checked out in %s", j.batch.ID, recorded, br.Branch, path)
	return w.save(ctx, br, fmt.Sprintf("attached %s in %s (recorded worktree %s is not in this repository)", br.Branch, path, recorded))
}
