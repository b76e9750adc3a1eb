package gitx_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"portwave/mage/gitx"
)

// A status of the main checkout, which the orchestrator asks for around
// every agent attempt, never writes the index, so it never holds the
// index lock a commit of porting.db needs at the same moment: git's
// optional locks are off for portwave's commands. With them on, a status
// after files were touched refreshes the index and takes its lock to write
// it, and a concurrent `git add` fails with "index.lock: File exists".
func TestAStatusNeverWritesTheIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	src := filepath.Join(dir, "A.cs")
	os.WriteFile(src, []byte("class A {}\n"), 0o644)
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "tree")
	index := filepath.Join(dir, ".git", "index")
	later := time.Now().Add(time.Hour)
	os.Chtimes(src, later, later) // the same content, newer: a status would refresh its entry
	before, _ := os.ReadFile(index)
	for _, status := range []func(gitx.Repo, context.Context, ...string) ([]gitx.Change, error){gitx.Repo.Status, gitx.Repo.TrackedStatus} {
		if changes, err := status(gitx.Repo{Dir: dir}, ctx); err != nil || len(changes) != 0 {
			t.Fatalf("status: %v, %v", changes, err)
		}
	}
	if after, _ := os.ReadFile(index); !bytes.Equal(before, after) {
		t.Error("a status wrote the index (and took its lock to do it)")
	}
}
