package gitx

import (
	"context"
	"strings"
)

// Every list of file names portwave reads from git is asked with -z: the
// names come NUL-separated and exactly as they are. Without it git quotes
// any name holding a byte outside printable ASCII ("\303\234berblick.cs"
// for Überblick.cs, under the default core.quotePath), and a check that
// opens the quoted name finds no file and takes it for deleted.

// Change is one entry of `git status`: its two-letter code (XY, "??" for
// an untracked file) and its path, slash-separated and relative to the
// top of the working tree.
type Change struct {
	Code string
	Path string
}

// String is the entry as `git status --porcelain` shows it, unquoted.
func (c Change) String() string { return c.Code + " " + c.Path }

// Status lists the working tree's uncommitted changes, untracked files
// included and renames shown as a deletion and an addition, within the
// given pathspecs (none: everything).
func (r Repo) Status(ctx context.Context, paths ...string) ([]Change, error) {
	return r.status(ctx, "--untracked-files=all", paths)
}

// TrackedStatus lists the changes to tracked files alone.
func (r Repo) TrackedStatus(ctx context.Context, paths ...string) ([]Change, error) {
	return r.status(ctx, "--untracked-files=no", paths)
}

func (r Repo) status(ctx context.Context, untracked string, paths []string) ([]Change, error) {
	args := []string{"status", "--porcelain=v1", "-z", untracked, "--no-renames"}
	if len(paths) > 0 {
		args = append(append(args, "--"), paths...)
	}
	entries, err := r.Names(ctx, args...)
	if err != nil {
		return nil, err
	}
	out := make([]Change, 0, len(entries))
	for _, e := range entries {
		if len(e) < 4 {
			continue
		}
		out = append(out, Change{Code: e[:2], Path: e[3:]})
	}
	return out, nil
}

// Paths lists the paths of changes.
func Paths(changes []Change) []string {
	out := make([]string, len(changes))
	for i, c := range changes {
		out[i] = c.Path
	}
	return out
}

// Names runs git with args, which must ask for NUL-separated output (-z),
// and returns the entries it printed, empty ones left out.
func (r Repo) Names(ctx context.Context, args ...string) ([]string, error) {
	out, err := r.raw(ctx, args...)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range strings.Split(out, "\x00") {
		if n != "" {
			names = append(names, n)
		}
	}
	return names, nil
}

// DiffNames lists the files that differ between two commits (within the
// given pathspecs, if any).
func (r Repo) DiffNames(ctx context.Context, from, to string, paths ...string) ([]string, error) {
	args := []string{"diff", "--name-only", "-z", "--no-renames", from, to}
	if len(paths) > 0 {
		args = append(append(args, "--"), paths...)
	}
	return r.Names(ctx, args...)
}

// Unmerged lists the files a merge left conflicted.
func (r Repo) Unmerged(ctx context.Context) ([]string, error) {
	return r.Names(ctx, "diff", "--name-only", "-z", "--diff-filter=U")
}

// Tracked lists the tracked files within the given pathspecs.
func (r Repo) Tracked(ctx context.Context, paths ...string) ([]string, error) {
	return r.Names(ctx, append([]string{"ls-files", "-z", "--"}, paths...)...)
}
