package gitx_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/gitx"
)

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// Where reads HEAD from the ref files where it can; in every layout a
// repository can be in, it must say what git says.
func TestWhereAgreesWithGitInEveryRefLayout(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	main := filepath.Join(dir, "main")
	os.MkdirAll(filepath.Join(main, "src"), 0o755)
	run(t, main, "init", "-q", "-b", "main")
	check := func(step, at string) {
		t.Helper()
		repo, common, head, err := gitx.Where(ctx, at)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		want, _ := exec.Command("git", "-C", at, "rev-parse", "--verify", "-q", "HEAD").Output()
		if head != strings.TrimSpace(string(want)) {
			t.Errorf("%s: HEAD %q, git says %q", step, head, strings.TrimSpace(string(want)))
		}
		if top := run(t, at, "rev-parse", "--show-toplevel"); repo.Dir != top {
			t.Errorf("%s: top %q, git says %q", step, repo.Dir, top)
		}
		if c := run(t, at, "rev-parse", "--path-format=absolute", "--git-common-dir"); common != filepath.Clean(c) {
			t.Errorf("%s: common dir %q, git says %q", step, common, c)
		}
	}
	check("no commit yet", filepath.Join(main, "src"))
	os.WriteFile(filepath.Join(main, "src", "a.cs"), []byte("class A {}\n"), 0o644)
	run(t, main, "add", "-A")
	run(t, main, "commit", "-qm", "one")
	check("a loose branch ref, asked from a subfolder", filepath.Join(main, "src"))
	run(t, main, "pack-refs", "--all")
	check("a packed branch ref", main)
	run(t, main, "commit", "-q", "--allow-empty", "-m", "two")
	check("a loose ref newer than the packed one", main)
	run(t, main, "checkout", "-q", "--detach", "HEAD~1")
	check("a detached HEAD", main)
	run(t, main, "checkout", "-q", "main")
	wt := filepath.Join(dir, "wt")
	run(t, main, "worktree", "add", "-q", "-b", "batch", wt)
	run(t, wt, "commit", "-q", "--allow-empty", "-m", "three")
	check("a linked worktree on its own branch", wt)
	check("the main checkout beside it", main)
	run(t, main, "symbolic-ref", "HEAD", "refs/heads/unborn")
	check("an unborn branch", main)
	run(t, main, "symbolic-ref", "HEAD", "refs/heads/main")
	run(t, main, "commit", "-q", "--allow-empty", "-m", "four") // the same dir asked again: the folders are remembered, HEAD is not
	check("HEAD moved after the first question", main)
	sha256 := filepath.Join(dir, "sha256")
	os.MkdirAll(sha256, 0o755)
	run(t, sha256, "init", "-q", "-b", "main", "--object-format=sha256")
	run(t, sha256, "commit", "-q", "--allow-empty", "-m", "one")
	check("a SHA-256 repository", sha256)
	if _, _, _, err := gitx.Where(ctx, t.TempDir()); err == nil || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("outside any repository: %v", err)
	}
}
