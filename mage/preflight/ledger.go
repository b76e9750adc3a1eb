package preflight

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"portwave/mage/gitx"
	"portwave/mage/portdb"
	"portwave/mage/proc"
)

// LedgerNotInHEAD lists the runs porting.db at dbPath holds that the
// version HEAD has of it does not: a ledger portwave wrote and did not
// commit. It reads HEAD's porting.db into a temporary copy; without one in
// HEAD there is nothing to compare, and it lists none.
func LedgerNotInHEAD(ctx context.Context, repo gitx.Repo, dbPath string) ([]int64, error) {
	rel, err := filepath.Rel(repo.Dir, dbPath)
	if err != nil {
		return nil, nil
	}
	tmp, err := os.MkdirTemp("", "portwave-head-db-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	f, err := os.Create(filepath.Join(tmp, "porting.db"))
	if err != nil {
		return nil, err
	}
	_, err = proc.Run(ctx, proc.Spec{Name: "git", Args: []string{"cat-file", "blob", "HEAD:" + filepath.ToSlash(rel)}, Dir: repo.Dir, Stdout: f})
	f.Close()
	if err != nil {
		return nil, nil // HEAD has no porting.db: committing it first is the user's call
	}
	head, err := portdb.OpenReadOnly(ctx, f.Name())
	if err != nil {
		return nil, nil // HEAD's is not a porting.db this portwave reads: nothing to compare
	}
	headRuns, err := head.Runs(ctx)
	head.Close()
	if err != nil {
		return nil, nil
	}
	headIDs := map[int64]bool{}
	for _, r := range headRuns {
		headIDs[r.ID] = true
	}
	now, err := portdb.OpenReadOnly(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	defer now.Close()
	runs, err := now.Runs(ctx)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, r := range runs {
		if !headIDs[r.ID] {
			out = append(out, r.ID)
		}
	}
	return out, nil
}

// dbChange says what changed porting.db since HEAD, when that blocks a
// run. A ledger of runs HEAD lacks is portwave's own (a run that stopped
// before its commit): the next run commits it first, so it is not a
// problem. Anything else is no portwave write, since portwave's targets
// commit what they write to a committed porting.db: it was edited.
func dbChange(ctx context.Context, s *state, rel string) (Problem, bool) {
	runs, err := LedgerNotInHEAD(ctx, s.repo, s.cfg.DB)
	if err == nil && len(runs) > 0 {
		return Problem{}, false
	}
	return Problem{What: fmt.Sprintf("%s differs from HEAD, and not by a portwave run (HEAD's %s holds every run it does) nor by a portwave target (they commit what they write to a committed %s): it was edited by hand or by another tool",
		rel, rel, rel),
		Fix: fmt.Sprintf("if the edit is wanted, commit it: git commit -m \"porting.db: <what changed>\" -- %s; %s", rel, keepDB)}, true
}
