package run

import (
	"context"
	"path/filepath"

	"portwave/mage/lock"
)

// lockMain takes the merge queue: in this process (mergeMu) and across
// processes (a flock under .git). Everything that changes main goes
// through it, the fast-forward of a merge and the audit's commit of
// porting.db alike: a merge never fast-forwards past a commit landing at
// the same moment, and no two git commands fight over main's index. The
// merge job of the GitHub Actions matrix, where every gated batch reaches
// the merge at once, depends on it.
func (w *Orchestrator) lockMain(ctx context.Context, holder string) (release func(), err error) {
	w.mergeMu.Lock()
	ml, err := lock.Acquire(ctx, filepath.Join(w.gitDir, "portwave", "merge.lock"), holder)
	if err != nil {
		w.mergeMu.Unlock()
		return nil, err
	}
	return func() {
		ml.Release()
		w.mergeMu.Unlock()
	}, nil
}
