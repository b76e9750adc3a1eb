package audit_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/cstree"
	"portwave/mage/audit"
	"portwave/mage/port"
)

func git(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// synthetic makes n features over a few classes and Go files, all deferred.
func synthetic(n int) []port.Item {
	items := make([]port.Item, n)
	for i := range items {
		items[i] = port.Item{ID: i + 1, Kind: port.Feature, GoFile: "server/file" + itoa(i/40) + ".go",
			GoName: "f" + itoa(i+1), GoLine: 1, GoLineCount: 1, DotnetClass: "Class" + itoa(i%97),
			DotnetMember: "Member" + itoa(i+1), Status: port.Deferred}
	}
	return items
}

// committedTree writes the tree of synthetic(n) into a new repository's
// dotnet folder and commits it.
func committedTree(t *testing.T, n int) (repo, root string, items []port.Item, st cstree.Stats) {
	t.Helper()
	repo = t.TempDir()
	root = filepath.Join(repo, "dotnet")
	items = synthetic(n)
	st, err := cstree.Write(root, items, cstree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	git(t, repo, "init", "-q", "-b", "main")
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-qm", "tree")
	return repo, root, items, st
}

// csFiles lists the files of the tree under root, in walk order.
func csFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// appendLine adds a comment line to each file: a change the scan sees and
// the verdicts do not.
func appendLine(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("// changed\n")
		f.Close()
	}
}

// implement replaces the stub synthetic item id has in the tree (a block
// or an expression body) with a real one, and returns its file.
func implement(t *testing.T, root string, id int) string {
	t.Helper()
	name := "Member" + itoa(id)
	for _, p := range csFiles(t, root) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), name+"(") {
			continue
		}
		text := strings.Replace(string(data), name+"()\n    {\n        // TODO: port", name+"()\n    {\n        return 42;", 1)
		text = strings.Replace(text, name+"() => throw new NotImplementedException(\"port f"+itoa(id)+"\");", name+"() => 42;", 1)
		if text == string(data) {
			t.Fatalf("no stub of item %d in %s", id, p)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Fatalf("item %d is not in the tree", id)
	return ""
}

func TestAnIncrementalAuditRescansOnlyChangedFiles(t *testing.T) {
	ctx := context.Background()
	repo, root, items, st := committedTree(t, 400)
	db := newDB(t)
	db.UpsertItems(ctx, items, "test", 0)
	opt := audit.Options{Root: root, Incremental: true}
	res, err := audit.Run(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Scan.Full || res.Scan.Scanned != st.Files {
		t.Fatalf("first audit: %+v, want a full scan of %d files", res.Scan, st.Files)
	}

	// Implement item 1 in a commit, and item 2 without committing.
	implement(t, root, 1)
	git(t, repo, "commit", "-qam", "port 1")
	implement(t, root, 2)
	res, err = audit.Run(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Scan.Full || res.Scan.Scanned > 2 || res.Scan.Reused < st.Files-2 {
		t.Errorf("second audit: %+v, want only the changed files rescanned", res.Scan)
	}
	var promoted []int
	for _, f := range res.Promotions {
		promoted = append(promoted, f.Item.ID)
	}
	if len(promoted) != 2 || promoted[0] != 1 || promoted[1] != 2 {
		t.Errorf("promoted %v, want [1 2]", promoted)
	}
}

func TestACorruptCacheMeansAFullScan(t *testing.T) {
	ctx := context.Background()
	repo, root, _, _ := committedTree(t, 50)
	if _, _, err := audit.Tree(ctx, audit.Options{Root: root, Incremental: true}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(repo, ".git", "portwave", "audit-cache.gob"), []byte("garbage"), 0o644)
	_, stats, err := audit.Tree(ctx, audit.Options{Root: root, Incremental: true})
	if err != nil {
		t.Fatal(err)
	}
	if !stats.Full || !strings.Contains(stats.Why, "corrupt") {
		t.Errorf("stats = %+v, want a full scan because the cache is corrupt", stats)
	}
}

// The process keeps the cache it last loaded or saved, decoded; a cache
// file written over since (by another clone's copy, a restore, another
// process) must be read again, not shadowed by the remembered one.
func TestACacheFileWrittenOverOnDiskIsReadAgain(t *testing.T) {
	ctx := context.Background()
	repo, root, _, st := committedTree(t, 120)
	opt := audit.Options{Root: root, Incremental: true}
	if _, _, err := audit.Tree(ctx, opt); err != nil {
		t.Fatal(err)
	}
	cachePath := filepath.Join(repo, ".git", "portwave", "audit-cache.gob")
	older, err := os.ReadFile(cachePath)
	if err != nil {
		t.Fatal(err)
	}
	// Change two files in a commit: a new process's audit rescans them and
	// saves (and remembers) a cache at the new commit.
	appendLine(t, csFiles(t, root)[:2]...)
	git(t, repo, "commit", "-qam", "change two files")
	audit.ForgetCache()
	if _, stats, err := audit.Tree(ctx, opt); err != nil || stats.Scanned != 2 {
		t.Fatalf("after the commit: %+v, %v; want the 2 changed files scanned", stats, err)
	}
	if now, _ := os.ReadFile(cachePath); bytes.Equal(now, older) {
		t.Fatal("the new process's audit did not write the cache")
	}
	if _, stats, err := audit.Tree(ctx, opt); err != nil || stats.Scanned != 0 || stats.Reused != st.Files {
		t.Fatalf("again: %+v, %v; want everything from the remembered cache", stats, err)
	}
	// The first cache is written back in place, at once: the same file,
	// older content, maybe the same size and clock tick. The two files
	// changed since its commit are rescanned.
	if err := os.WriteFile(cachePath, older, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stats, err := audit.Tree(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Full || stats.Scanned != 2 {
		t.Errorf("with the older cache back: %+v, want the 2 files changed since its commit rescanned", stats)
	}
}

// The audit after a merge that rescanned a few files keeps its cache in
// memory and writes nothing; a new process starts from the older file,
// rescans what changed since and writes the file; in a process that
// audits again, enough rescanned files write the file again.
func TestAnAuditAfterASmallMergeKeepsItsCacheInMemoryAndANewProcessStillGetsItRight(t *testing.T) {
	ctx := context.Background()
	repo, root, items, st := committedTree(t, 400)
	db := newDB(t)
	if err := db.UpsertItems(ctx, items, "test", 0); err != nil {
		t.Fatal(err)
	}
	opt := audit.Options{Root: root, Incremental: true}
	if _, err := audit.Run(ctx, db, opt); err != nil {
		t.Fatal(err)
	}
	cachePath := filepath.Join(repo, ".git", "portwave", "audit-cache.gob")
	written := func() os.FileInfo {
		t.Helper()
		info, err := os.Stat(cachePath)
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	first := written()

	// A batch implements item 1 and merges.
	implement(t, root, 1)
	git(t, repo, "commit", "-qam", "batch: port f1")
	res, err := audit.Run(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Scan.Scanned != 1 || len(res.Promotions) != 1 || res.Promotions[0].Item.ID != 1 {
		t.Fatalf("after the merge: %+v, promotions %d; want 1 file rescanned and item 1 promoted", res.Scan, len(res.Promotions))
	}
	if now := written(); !os.SameFile(first, now) || !now.ModTime().Equal(first.ModTime()) {
		t.Errorf("the cache file was written again after a merge that rescanned 1 file")
	}

	// A new process reads the older file, rescans the merged file and
	// finds item 1 as the audit left it: nothing to change.
	audit.ForgetCache()
	res, err = audit.Run(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Scan.Full || res.Scan.Scanned != 1 || len(res.Changes) != 0 {
		t.Fatalf("in a new process: %+v, %d changes; want the merged file rescanned and nothing changed", res.Scan, len(res.Changes))
	}
	// A process's first audit writes the file, so a one-shot `mage audit`
	// leaves it current.
	if now := written(); os.SameFile(first, now) && now.ModTime().Equal(first.ModTime()) {
		t.Errorf("the first audit of a new process did not write the cache")
	}
	first = written()

	// A merge that touches more files than are kept in memory writes the
	// cache out.
	if st.Files <= audit.Unsaved(st.Files) {
		t.Fatalf("the tree has %d files, not more than the %d kept in memory", st.Files, audit.Unsaved(st.Files))
	}
	appendLine(t, csFiles(t, root)...)
	git(t, repo, "commit", "-qam", "touch every file")
	if _, err := audit.Run(ctx, db, opt); err != nil {
		t.Fatal(err)
	}
	if now := written(); os.SameFile(first, now) && now.ModTime().Equal(first.ModTime()) {
		t.Errorf("the cache file was not written after %d files were rescanned", st.Files)
	}
	audit.ForgetCache()
	if _, stats, err := audit.Tree(ctx, opt); err != nil || stats.Scanned != 0 {
		t.Errorf("in a new process after the write: %+v, %v; want nothing to rescan", stats, err)
	}
}
