package run

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"portwave/mage/gitx"
)

// staleLockWait is how long a git lock held by a live git process is
// given to go away before the batch stops.
const staleLockWait = 3 * time.Second

// clearGitLocks deals with git's lock files before portwave writes to
// main. A git killed mid-write (with the orchestrator, kill -9) leaves
// index.lock, HEAD.lock or refs/heads/<branch>.lock behind, and every
// later git write fails. Holding the merge queue, portwave runs no git on
// main itself, so a lock with no git process alive in the repository's
// folders (the main checkout, .git, the worktrees) is stale: it
// is removed and the removal is said. While any git process is alive the
// lock may be real: it is waited for, then reported, never removed.
func (w *Orchestrator) clearGitLocks(ctx context.Context, record func(string) error) error {
	deadline := time.Now().Add(staleLockWait)
	for {
		locks := gitx.LockFiles(w.gitDir, w.Config.MainBranch)
		if len(locks) == 0 {
			return nil
		}
		pids := gitx.Processes(w.Repo.Dir, w.gitDir, w.Config.Worktrees)
		if len(pids) == 0 && gitx.ProcessesKnown() {
			for _, l := range locks {
				if err := os.Remove(l); err != nil && !os.IsNotExist(err) {
					return failed("removing the stale git lock %s: %v", l, err)
				}
				if err := record(fmt.Sprintf("removed the stale git lock %s: no git process is alive in the repository", l)); err != nil {
					return err
				}
			}
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			alive := "which git processes are alive is unknown here"
			if len(pids) > 0 {
				alive = fmt.Sprintf("git processes are alive (pid %s)", joinInts(pids))
			}
			return failed("git lock file(s) %s exist and %s: it may be in use, so it was not removed; "+
				"once no git runs on this repository, remove it and `mage retry`", strings.Join(locks, ", "), alive)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
