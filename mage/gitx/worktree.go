package gitx

import (
	"context"
	"path/filepath"
	"strings"
)

// Worktree is one entry of `git worktree list`.
type Worktree struct {
	Path   string
	Head   string
	Branch string // short name, empty when detached
}

// Worktrees lists the repository's worktrees, the main checkout first.
func (r Repo) Worktrees(ctx context.Context) ([]Worktree, error) {
	lines, err := r.Names(ctx, "worktree", "list", "--porcelain", "-z")
	if err != nil {
		return nil, err
	}
	var out []Worktree
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "worktree "):
			out = append(out, Worktree{Path: filepath.Clean(strings.TrimPrefix(l, "worktree "))})
		case strings.HasPrefix(l, "HEAD ") && len(out) > 0:
			out[len(out)-1].Head = strings.TrimPrefix(l, "HEAD ")
		case strings.HasPrefix(l, "branch ") && len(out) > 0:
			out[len(out)-1].Branch = strings.TrimPrefix(strings.TrimPrefix(l, "branch "), "refs/heads/")
		}
	}
	return out, nil
}

// WorktreeAt returns the worktree checked out at path, if any.
func (r Repo) WorktreeAt(ctx context.Context, path string) (Worktree, bool, error) {
	wts, err := r.Worktrees(ctx)
	if err != nil {
		return Worktree{}, false, err
	}
	want := resolve(path)
	for _, w := range wts {
		if resolve(w.Path) == want {
			return w, true, nil
		}
	}
	return Worktree{}, false, nil
}

func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return filepath.Clean(p)
}

// BranchExists reports whether a local branch exists.
func (r Repo) BranchExists(ctx context.Context, branch string) bool {
	_, err := r.Run(ctx, "rev-parse", "--verify", "--quiet", "refs/heads/"+branch)
	return err == nil
}

// AttachWorktree creates a worktree at path for an existing branch.
func (r Repo) AttachWorktree(ctx context.Context, path, branch string) error {
	_, err := r.Run(ctx, "worktree", "add", path, branch)
	return err
}

// DeleteMergedBranch deletes a branch only if it is merged into HEAD
// (git branch -d, never -D): unmerged work is never dropped.
func (r Repo) DeleteMergedBranch(ctx context.Context, branch string) error {
	_, err := r.Run(ctx, "branch", "-d", branch)
	return err
}
