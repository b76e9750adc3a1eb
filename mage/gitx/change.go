package gitx

import (
	"context"
	"strings"
)

// CommitAll stages everything and commits it. It reports false when there
// was nothing to commit.
func (r Repo) CommitAll(ctx context.Context, message string) (bool, error) {
	if _, err := r.Run(ctx, "add", "-A"); err != nil {
		return false, err
	}
	return r.commitStaged(ctx, message)
}

// CommitPaths commits the given paths alone: `git commit -- <paths>`
// takes their content from the working tree and nothing else from the
// index, so whatever else is staged (by a person, or by a git command a
// crash interrupted) stays staged and out of the commit.
func (r Repo) CommitPaths(ctx context.Context, message string, paths ...string) (bool, error) {
	if _, err := r.Run(ctx, append([]string{"add", "--"}, paths...)...); err != nil {
		return false, err
	}
	if _, err := r.Run(ctx, append([]string{"diff", "--cached", "--quiet", "HEAD", "--"}, paths...)...); err == nil {
		return false, nil // the paths are unchanged
	}
	_, err := r.Run(ctx, append([]string{"commit", "-q", "--no-verify", "-m", message, "--"}, paths...)...)
	return err == nil, err
}

func (r Repo) commitStaged(ctx context.Context, message string) (bool, error) {
	if _, err := r.Run(ctx, "diff", "--cached", "--quiet"); err == nil {
		return false, nil // nothing staged
	}
	_, err := r.Run(ctx, "commit", "-q", "--no-verify", "-m", message)
	return err == nil, err
}

// RevParse resolves a revision to a commit.
func (r Repo) RevParse(ctx context.Context, rev string) (string, error) {
	return r.Run(ctx, "rev-parse", "--verify", rev+"^{commit}")
}

// MergeInto merges rev into the current branch. On a conflict the merge is
// aborted, the branch is left as it was, and the conflicting paths are
// returned with ok=false.
func (r Repo) MergeInto(ctx context.Context, rev, message string) (ok bool, conflicts []string, err error) {
	if _, err := r.Run(ctx, "merge", "--no-ff", "--no-edit", "-m", message, rev); err == nil {
		return true, nil, nil
	}
	conflicts, _ = r.Unmerged(ctx)
	if _, abortErr := r.Run(ctx, "merge", "--abort"); abortErr != nil {
		return false, conflicts, abortErr
	}
	if len(conflicts) == 0 {
		return false, nil, err // it failed for another reason
	}
	return false, conflicts, nil
}

// FastForward moves the current branch of this checkout to rev, only if
// that is a fast-forward.
func (r Repo) FastForward(ctx context.Context, rev string) error {
	_, err := r.Run(ctx, "merge", "--ff-only", "-q", rev)
	return err
}

// RestorePaths puts paths back to their content at rev in the working tree
// and index (dropping changes made to them since).
func (r Repo) RestorePaths(ctx context.Context, rev string, paths ...string) error {
	_, err := r.Run(ctx, append([]string{"checkout", rev, "--"}, paths...)...)
	return err
}

// CurrentBranch is the short name of the checked-out branch.
func (r Repo) CurrentBranch(ctx context.Context) (string, error) {
	return r.Run(ctx, "symbolic-ref", "--short", "HEAD")
}

// Clean removes every file git does not track from the working tree,
// ignored ones included (git clean -ffdx: nested repositories too), and
// returns their paths. What is left is exactly the checked-out commit,
// plus any uncommitted change to a tracked file.
func (r Repo) Clean(ctx context.Context) ([]string, error) {
	out, err := r.Run(ctx, "-c", "core.quotePath=false", "clean", "-ffdx")
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, l := range strings.Split(out, "\n") {
		if p, ok := strings.CutPrefix(l, "Removing "); ok {
			removed = append(removed, p)
		}
	}
	return removed, nil
}
