package run

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/lock"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/preflight"
	"portwave/mage/progress"
)

// Recover finishes or undoes what a portwave run that stopped (kill -9, a
// closed laptop, a full disk) left half done in the workspace, before
// anything checks it, so that the next run neither stops at its preflight
// nor asks the user to commit portwave's own leftovers:
//
//   - stale git locks of a git that was killed with the run go;
//   - a fast-forward of main cut short (the main checkout holds some of a
//     batch branch's files while main has not moved) is undone: those
//     files are put back to main's, and the batch's merge stage, which
//     resumes, fast-forwards again;
//   - the runs left running are closed (interrupted, or failed with the
//     cause the run recorded, such as a full disk), and a porting.db that
//     holds a ledger HEAD does not have is committed.
//
// It takes the orchestrator lock, so it never touches a run in progress;
// when the lock is held, or the workspace is not a repository, it does
// nothing and the run's own checks say why. It returns what it did, one
// line each.
func Recover(ctx context.Context, cfg *config.Config) ([]string, error) {
	repo, gitDir, err := where(ctx, cfg.Workspace)
	if err != nil {
		return nil, nil
	}
	l, err := lock.TryAcquire(filepath.Join(gitDir, "portwave", "orchestrator.lock"), "recovery")
	if err != nil {
		return nil, nil
	}
	defer l.Release()
	if !leftovers(ctx, repo, cfg) {
		return nil, nil // nothing to do: porting.db is not even opened for writing
	}
	db, err := portdb.Open(ctx, cfg.DB)
	if err != nil {
		return nil, nil // preflight and Open say what is wrong with it
	}
	defer db.Close()
	w := &Orchestrator{Config: cfg, Repo: repo, DB: db, gitDir: gitDir, Events: progress.Nop{}}
	var notes []string
	note := func(s string) error { notes = append(notes, s); return nil }
	if err := w.undoFastForwards(ctx, note); err != nil {
		return notes, err
	}
	if err := w.commitLeftLedger(ctx, note); err != nil {
		return notes, err
	}
	return notes, nil
}

// leftovers reports, reading porting.db only, whether a stopped run left
// anything for Recover: a run still marked running, or a porting.db that
// holds a ledger HEAD's lacks.
func leftovers(ctx context.Context, repo gitx.Repo, cfg *config.Config) bool {
	if _, err := os.Stat(cfg.DB); err != nil {
		return false
	}
	db, err := portdb.OpenReadOnly(ctx, cfg.DB)
	if err != nil {
		return false
	}
	runs, err := db.Runs(ctx)
	db.Close()
	if err != nil {
		return false
	}
	for _, r := range runs {
		if r.State == port.StateRunning {
			return true
		}
	}
	rel, err := filepath.Rel(repo.Dir, cfg.DB)
	if err != nil {
		return false
	}
	if changes, err := repo.Status(ctx, filepath.ToSlash(rel)); err != nil || len(changes) == 0 {
		return false
	}
	newer, err := preflight.LedgerNotInHEAD(ctx, repo, cfg.DB)
	return err == nil && len(newer) > 0
}

// undoFastForwards puts back to main's the files a fast-forward of main
// to a batch's branch had written when its run stopped. Only files the
// branch changed, each holding the branch's version, are touched: a file
// anyone else changed makes it leave the checkout as it is (the merge
// stage then reports it).
func (w *Orchestrator) undoFastForwards(ctx context.Context, note func(string) error) error {
	latest, err := w.DB.LatestBatchRuns(ctx)
	if err != nil {
		return err
	}
	for _, br := range latest {
		if br.State != port.StateRunning || br.Stage != port.StageMerge || br.Branch == "" {
			continue
		}
		if err := w.undoFastForward(ctx, br, note); err != nil {
			return err
		}
	}
	return nil
}

func (w *Orchestrator) undoFastForward(ctx context.Context, br port.BatchRun, note func(string) error) error {
	main, err := w.Repo.RevParse(ctx, w.Config.MainBranch)
	if err != nil {
		return nil
	}
	head, err := w.Repo.RevParse(ctx, br.Branch)
	if err != nil || w.Repo.IsAncestor(ctx, head, main) {
		return nil // no branch, or main has it already
	}
	changes, err := w.Repo.Status(ctx)
	if err != nil {
		return err
	}
	db := w.dbRel()
	var dirty []string
	for _, p := range gitx.Paths(changes) {
		if p != db && !strings.HasPrefix(p, db+"-") {
			dirty = append(dirty, p)
		}
	}
	if len(dirty) == 0 {
		return nil
	}
	branched, err := w.Repo.DiffNames(ctx, main, head)
	if err != nil {
		return err
	}
	inBranch := map[string]bool{}
	for _, p := range branched {
		inBranch[p] = true
	}
	var back, added []string
	if err := w.clearGitLocks(ctx, note); err != nil {
		return nil // a live git holds a lock: the merge stage waits for it or reports it
	}
	for _, p := range dirty {
		if !inBranch[p] || !w.holdsRevision(ctx, head, p) {
			return nil // someone else's change: leave it for the merge stage to report
		}
		if _, err := w.Repo.Run(ctx, "cat-file", "-e", main+":"+p); err == nil {
			back = append(back, p)
		} else {
			added = append(added, p)
		}
	}
	if len(back) > 0 {
		if err := w.Repo.RestorePaths(ctx, main, back...); err != nil {
			return fmt.Errorf("undoing the fast-forward to %s left half done: %w", br.Branch, err)
		}
	}
	for _, p := range added {
		w.Repo.Run(ctx, "rm", "-q", "--cached", "--ignore-unmatch", "--", p)
		if err := os.Remove(filepath.Join(w.Repo.Dir, filepath.FromSlash(p))); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("undoing the fast-forward to %s left half done: %w", br.Branch, err)
		}
	}
	return note(fmt.Sprintf("batch %d: undid the fast-forward of %s to %s that a stopped run left half done (%d files put back to %s's); its merge resumes",
		br.Batch, w.Config.MainBranch, br.Branch, len(dirty), w.Config.MainBranch))
}

// holdsRevision reports whether the checkout's file p is rev's version of
// it (or is absent where rev deletes it).
func (w *Orchestrator) holdsRevision(ctx context.Context, rev, p string) bool {
	want, err := w.Repo.Run(ctx, "rev-parse", "-q", "--verify", rev+":"+p)
	_, statErr := os.Lstat(filepath.Join(w.Repo.Dir, filepath.FromSlash(p)))
	if err != nil {
		return errors.Is(statErr, os.ErrNotExist)
	}
	got, err := w.Repo.Run(ctx, "hash-object", "--", p)
	return err == nil && strings.TrimSpace(got) == strings.TrimSpace(want)
}

// commitLeftLedger closes the runs a stopped run left running and commits
// porting.db when it holds a ledger that HEAD's does not: the commit the
// run would have made at its end. A porting.db changed otherwise (by hand)
// is left as it is; preflight says so.
func (w *Orchestrator) commitLeftLedger(ctx context.Context, note func(string) error) error {
	runs, err := w.DB.Runs(ctx)
	if err != nil {
		return err
	}
	var stopped []string
	for _, r := range runs {
		if r.State == port.StateRunning {
			stopped = append(stopped, fmt.Sprintf("%d (%s)", r.ID, r.Command))
		}
	}
	if err := w.closeStoppedRuns(ctx); err != nil {
		return err
	}
	if branch, err := w.Repo.CurrentBranch(ctx); err != nil || branch != w.Config.MainBranch {
		return nil
	}
	rel := w.dbRel()
	if changes, err := w.Repo.Status(ctx, rel); err != nil || len(changes) == 0 {
		return nil
	}
	newer, err := preflight.LedgerNotInHEAD(ctx, w.Repo, w.Config.DB)
	if err != nil || len(newer) == 0 {
		return err
	}
	if err := w.clearGitLocks(ctx, note); err != nil {
		return nil // preflight lists the lock
	}
	msg := fmt.Sprintf("portwave: ledger of run %s, left uncommitted when it stopped", joinRunIDs(newer))
	if err := w.CommitDB(ctx, msg); err != nil {
		return fmt.Errorf("committing the ledger a stopped run left: %w", DiskFull(err))
	}
	if len(stopped) > 0 {
		return note(fmt.Sprintf("closed run %s, which stopped without closing, and committed %s (%s)", strings.Join(stopped, ", "), rel, msg))
	}
	return note(fmt.Sprintf("committed %s, which held the ledger of run %s that its run could not commit", rel, joinRunIDs(newer)))
}

// closeStoppedRuns is markInterrupted for the recovery: every run and
// batch run left running becomes interrupted, or failed with the cause the
// run recorded before it could not write any more (a full disk).
func (w *Orchestrator) closeStoppedRuns(ctx context.Context) error {
	cause := readStopCause(w.gitDir)
	if err := w.markInterrupted(ctx); err != nil {
		return err
	}
	if cause.Error == "" {
		return nil
	}
	latest, err := w.DB.LatestBatchRuns(ctx)
	if err != nil {
		return err
	}
	for _, br := range latest {
		if br.RunID != cause.Run || br.State != port.StateInterrupted {
			continue
		}
		br.State, br.Error = port.StateFailed, cause.Error
		if err := w.DB.SaveBatchRun(ctx, &br, "the run stopped: "+cause.Error); err != nil {
			return err
		}
	}
	clearStopCause(w.gitDir)
	return nil
}

func joinRunIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ", ")
}
