// Package gitx drives real git through its CLI: the workspace repository,
// batch worktrees and branches, and the merge queue.
//
// It calls the git binary rather than a Go implementation because
// worktrees, rebases and merges must behave exactly as they do for the
// people who inspect and repair the workspace by hand.
package gitx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"portwave/mage/proc"

	"github.com/sourcegraph/conc/pool"
)

// Repo is a git working tree (the main checkout or a worktree).
type Repo struct {
	Dir string
	// Env is added to git's environment, e.g. an author identity.
	Env []string
}

// Open returns the repository whose working tree holds dir.
func Open(ctx context.Context, dir string) (Repo, error) {
	r := Repo{Dir: dir}
	top, err := r.Run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return Repo{}, fmt.Errorf("%s is not in a git repository: %w", dir, err)
	}
	r.Dir = top
	return r, nil
}

// env is git's environment for this repository. Optional locks are off:
// a `git status` otherwise refreshes the index and holds its lock while it
// writes it, and the orchestrator asks for the status of the main checkout
// around every agent attempt, while another batch's audit commits
// porting.db there ("index.lock: File exists").
func (r Repo) env() []string {
	return append([]string{"GIT_OPTIONAL_LOCKS=0"}, r.Env...)
}

// Run runs git with args in the repository and returns its trimmed output.
// A failure carries git's own message.
func (r Repo) Run(ctx context.Context, args ...string) (string, error) {
	out, err := r.raw(ctx, args...)
	return strings.TrimRight(out, "\n"), err
}

// raw runs git and returns its output as it is.
func (r Repo) raw(ctx context.Context, args ...string) (string, error) {
	var out, errb bytes.Buffer
	_, err := proc.Run(ctx, proc.Spec{Name: "git", Args: args, Dir: r.Dir, Env: r.env(), Stdout: &out, Stderr: &errb})
	if err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = strings.TrimSpace(out.String())
		}
		var exit *proc.ExitError
		if errors.As(err, &exit) && msg != "" {
			return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
		}
		return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return out.String(), nil
}

// Lines runs git and splits its output into non-empty lines.
func (r Repo) Lines(ctx context.Context, args ...string) ([]string, error) {
	out, err := r.Run(ctx, args...)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// Head is the commit HEAD points at.
func (r Repo) Head(ctx context.Context) (string, error) { return r.Run(ctx, "rev-parse", "HEAD") }

// CommonDir is the repository's shared .git folder (the same for every
// worktree), as an absolute path.
func (r Repo) CommonDir(ctx context.Context) (string, error) {
	d, err := r.Run(ctx, "rev-parse", "--git-common-dir")
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(d) {
		d = filepath.Join(r.Dir, d)
	}
	return filepath.Clean(d), nil
}

// IsAncestor reports whether commit a is an ancestor of (or equal to) b.
func (r Repo) IsAncestor(ctx context.Context, a, b string) bool {
	_, err := r.Run(ctx, "merge-base", "--is-ancestor", a, b)
	return err == nil
}

// ChangedSince lists the files under dir (absolute) that may differ from
// commit: those committed since (when head is another commit) and those
// dirty in the working tree now, modified or untracked. Paths are absolute;
// the dirty ones are also returned alone, since they can change again
// without any commit.
func (r Repo) ChangedSince(ctx context.Context, commit, head, dir string) (changed, dirty []string, err error) {
	rel, err := filepath.Rel(r.Dir, dir)
	if err != nil {
		return nil, nil, err
	}
	spec := filepath.ToSlash(rel)
	// The two questions are asked at once: after a merge this is on the
	// audit's critical path.
	var committed []string
	var status []Change
	p := pool.New().WithErrors()
	if commit != head {
		p.Go(func() (err error) {
			committed, err = r.DiffNames(ctx, commit, head, spec)
			return err
		})
	}
	p.Go(func() (err error) {
		status, err = r.Status(ctx, spec)
		return err
	})
	if err := p.Wait(); err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			changed = append(changed, filepath.Join(r.Dir, filepath.FromSlash(p)))
		}
	}
	for _, p := range committed {
		add(p)
	}
	for _, c := range status {
		p := c.Path
		add(p)
		dirty = append(dirty, filepath.Join(r.Dir, filepath.FromSlash(p)))
	}
	return changed, dirty, nil
}
