package preflight

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"portwave/mage/gitx"
	"portwave/mage/ownfiles"
)

// checkIdentity: every merge and every audit commits; without an
// identity the first commit fails after the agent was paid for.
func checkIdentity(ctx context.Context, s *state) []Problem {
	if !s.inRepo {
		return nil
	}
	var out []Problem
	for _, v := range []string{"GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"} {
		if _, err := s.repo.Run(ctx, "var", v); err != nil {
			out = append(out, Problem{What: "git has no " + strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(v, "GIT_"), "_IDENT")) + " identity, so no commit can be made",
				Fix: `git config --global user.name "Your Name" && git config --global user.email you@example.com (or set GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL)`})
			break
		}
	}
	return out
}

// checkMainBranch: batches start from main and merge into it.
func checkMainBranch(ctx context.Context, s *state) []Problem {
	if !s.inRepo {
		return nil
	}
	main := s.cfg.MainBranch
	if !s.repo.BranchExists(ctx, main) {
		return []Problem{{What: fmt.Sprintf("the main branch %q does not exist in %s", main, s.repo.Dir),
			Fix: fmt.Sprintf("create it (`git branch %s`) or set main_branch: in portwave.yaml to the branch batches start from", main)}}
	}
	branch, err := s.repo.CurrentBranch(ctx)
	if err != nil {
		return []Problem{{What: fmt.Sprintf("the main checkout %s has a detached HEAD", s.repo.Dir),
			Fix: fmt.Sprintf("git -C %s switch %s", s.repo.Dir, main)}}
	}
	if branch != main {
		return []Problem{{What: fmt.Sprintf("the main checkout %s is on %q, not %q", s.repo.Dir, branch, main),
			Fix: fmt.Sprintf("git -C %s switch %s", s.repo.Dir, main)}}
	}
	return nil
}

// status lists the paths git status shows in the main checkout,
// untracked files included, without the files git ignores.
func (s *state) status(ctx context.Context, paths ...string) []string {
	changes, err := s.repo.Status(ctx, paths...)
	if err != nil {
		return nil
	}
	return gitx.Paths(changes)
}

// checkClean: the merge refuses a dirty main checkout. porting.db and its
// SQLite sidecars are portwave's own and checked by checkCommitted.
func checkClean(ctx context.Context, s *state) []Problem {
	if !s.inRepo {
		return nil
	}
	db, _ := s.rel(s.cfg.DB)
	batches, _ := s.rel(s.cfg.Batches)
	var dirty []string
	for _, p := range s.status(ctx) {
		if p == db || strings.HasPrefix(p, db+"-") || strings.HasPrefix(p, batches+"/") {
			continue
		}
		dirty = append(dirty, p)
	}
	// What portwave wrote itself (a report, an export) and nobody changed
	// since is not in anyone's way.
	if dirty = ownfiles.Others(s.gitDir, s.repo.Dir, dirty); len(dirty) == 0 {
		return nil
	}
	return []Problem{{What: fmt.Sprintf("the main checkout %s has uncommitted changes: %s", s.repo.Dir, list(dirty)),
		Fix: "commit them (`git add` and `git commit`), or move untracked files out of the workspace; " + keepDB}}
}

// keepDB ends every piece of advice about uncommitted files: porting.db
// holds the ledger, and stashing or discarding it loses the record of
// every batch.
const keepDB = "never stash, reset or check out porting.db: it holds the ledger"

// checkCommitted: what the agents are told (the batch files) and what the
// ledger starts from (porting.db) must be the committed versions, or the
// run records work against files nobody can see.
func checkCommitted(ctx context.Context, s *state) []Problem {
	if !s.inRepo {
		return nil
	}
	var out []Problem
	if batches, inside := s.rel(s.cfg.Batches); inside {
		dirty := s.status(ctx, batches)
		if len(dirty) > 0 {
			out = append(out, Problem{What: fmt.Sprintf("batch files differ from HEAD: %s", list(dirty)),
				Fix: fmt.Sprintf("commit them: git add -- %s && git commit -m \"plan: update batches\"", batches)})
		}
	}
	if db, inside := s.rel(s.cfg.DB); inside {
		if _, err := s.repo.Run(ctx, "ls-files", "--error-unmatch", "--", db); err != nil {
			out = append(out, Problem{What: fmt.Sprintf("%s is not committed", db),
				Fix: fmt.Sprintf("git add -- %s && git commit -m \"portwave: porting.db\"", db)})
		} else if len(s.status(ctx, db)) > 0 {
			if p, ok := dbChange(ctx, s, db); ok {
				out = append(out, p)
			}
		}
	}
	return out
}

// checkDBInside: the audit commits porting.db on main; git cannot commit
// a file outside the repository.
func checkDBInside(ctx context.Context, s *state) []Problem {
	if !s.inRepo {
		return nil
	}
	if _, inside := s.rel(s.cfg.DB); !inside {
		return []Problem{{What: fmt.Sprintf("porting.db %s is outside the repository %s, so the audit cannot commit it", s.cfg.DB, s.repo.Dir),
			Fix: "move it into the workspace and set db: in portwave.yaml to its path there"}}
	}
	return nil
}

// checkWorktrees: a worktree inside the main checkout is an untracked
// folder of it, and every merge then refuses the dirty checkout.
func checkWorktrees(ctx context.Context, s *state) []Problem {
	if !s.inRepo {
		return nil
	}
	rel, inside := s.rel(s.cfg.Worktrees)
	if !inside {
		return nil
	}
	if rel == "." {
		return []Problem{{What: "the worktrees folder is the workspace itself", Fix: "set worktrees: in portwave.yaml to a folder outside the workspace"}}
	}
	if _, err := s.repo.Run(ctx, "check-ignore", "-q", "--no-index", "--", rel+"/"); err == nil {
		return nil
	}
	return []Problem{{What: fmt.Sprintf("the worktrees folder %s is inside the workspace and not ignored, so every batch would make the main checkout dirty", s.cfg.Worktrees),
		Fix: fmt.Sprintf("set worktrees: in portwave.yaml to a folder outside the workspace (the default is %s), or add /%s/ to .gitignore and commit it", s.cfg.Workspace+"-worktrees", rel)}}
}

// checkBranches: a port/batch-NN branch the ledger does not own would
// stop its batch at the worktree stage; better to say so before the
// other batches of the wave are paid for.
func checkBranches(ctx context.Context, s *state) []Problem {
	if !s.inRepo {
		return nil
	}
	branches, err := s.repo.Lines(ctx, "for-each-ref", "--format=%(refname:short)", "refs/heads/port/")
	if err != nil || len(branches) == 0 {
		return nil
	}
	owned, err := ledgerBranches(ctx, s.cfg.DB)
	if err != nil {
		return nil // porting.db's own problem is reported when it is opened
	}
	var out []Problem
	for _, b := range branches {
		if !strings.HasPrefix(b, "port/batch-") || owned[b] {
			continue
		}
		out = append(out, Problem{What: fmt.Sprintf("branch %s exists and the ledger has no unfinished run that owns it", b),
			Fix: fmt.Sprintf("inspect or merge it, then delete it: git branch -D %s (and `git worktree remove` its worktree, listed by `git worktree list`)", b)})
	}
	return out
}

func relInside(base, p string) (string, bool) {
	rel, err := filepath.Rel(base, p)
	if err != nil {
		return p, false
	}
	rel = filepath.ToSlash(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		if r, err := filepath.EvalSymlinks(p); err == nil && r != p {
			if b, err := filepath.EvalSymlinks(base); err == nil {
				return relInside(b, r)
			}
		}
		return rel, false
	}
	return rel, true
}

func list(paths []string) string {
	const show = 5
	if len(paths) <= show {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:show], ", "), len(paths)-show)
}
