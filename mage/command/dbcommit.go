package command

import (
	"context"
	"fmt"

	"portwave/mage/gitx"
	"portwave/mage/portdb"
)

// dbWrite is a hand-run target's write to porting.db (audit, audit:reset,
// db:import, db:map, inventory), made the way a run makes its own: when
// git holds porting.db as it is on disk before the target writes, the
// target commits its change after, so `git status` stays clean and the
// next run's preflight has nothing to report. A porting.db someone had
// changed already, or that git does not track yet, is left as it is, and
// the target says so.
type dbWrite struct {
	repo gitx.Repo
	rel  string
	skip string // why the write will not be committed; "" when it will
}

// beginDBWrite looks at porting.db before a target writes it.
func (s *Session) beginDBWrite(ctx context.Context) dbWrite {
	if s.Config.DryRun {
		return dbWrite{skip: "dry run"}
	}
	repo, err := gitx.Open(ctx, s.Config.Workspace)
	if err != nil {
		return dbWrite{skip: "the workspace is not a git repository"}
	}
	w := dbWrite{repo: repo, rel: relTo(repo.Dir, s.Config.DB)}
	switch branch, err := repo.CurrentBranch(ctx); {
	case err != nil || branch != s.Config.MainBranch:
		w.skip = fmt.Sprintf("the checkout is not on %s", s.Config.MainBranch)
	case !tracked(ctx, repo, w.rel):
		w.skip = w.rel + " is not committed yet"
	default:
		if changes, err := repo.Status(ctx, w.rel); err != nil || len(changes) > 0 {
			w.skip = w.rel + " had uncommitted changes before"
		}
	}
	return w
}

// commit commits porting.db with message, or says why it leaves it.
func (w dbWrite) commit(ctx context.Context, s *Session, db *portdb.DB, message string) error {
	if w.skip != "" {
		if w.skip != "dry run" && w.rel != "" {
			s.logf("%s not committed: %s (commit it: git commit -m %q -- %s)", w.rel, w.skip, "portwave: porting.db", w.rel)
		}
		return nil
	}
	return db.Snapshot(ctx, func() error {
		committed, err := w.repo.CommitPaths(ctx, message, w.rel)
		if err != nil {
			return fmt.Errorf("committing %s: %w", w.rel, err)
		}
		if committed {
			s.logf("committed %s: %s", w.rel, firstLine(message))
		}
		return nil
	})
}

func tracked(ctx context.Context, repo gitx.Repo, rel string) bool {
	files, err := repo.Tracked(ctx, rel)
	return err == nil && len(files) > 0
}

func firstLine(s string) string {
	for i := range len(s) {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}
