package csmerge_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/csmerge"
	"portwave/mage/gitx"
)

// This test binary is the merge driver git runs in these tests: csmerge's
// init serves as the driver when git starts it with DriverEnv set, as the
// compiled magefile does in production.

const file = "src/NatsServer.cs"

// repo is a real repository whose main and port/batch-01 branches both
// changed file from base: ours on the batch branch, theirs on main. The
// batch branch is checked out in a worktree, as portwave's are.
type repo struct {
	t        *testing.T
	main, wt gitx.Repo
}

func newRepo(t *testing.T, base, ours, theirs string) *repo {
	t.Helper()
	dir := t.TempDir()
	r := &repo{t: t, main: gitx.Repo{Dir: filepath.Join(dir, "ws")}, wt: gitx.Repo{Dir: filepath.Join(dir, "slot-1")}}
	os.MkdirAll(r.main.Dir, 0o755)
	r.git(r.main, "init", "-q", "-b", "main")
	r.git(r.main, "config", "user.email", "test@example.com")
	r.git(r.main, "config", "user.name", "test")
	r.commit(r.main, base, "base")
	r.git(r.main, "worktree", "add", "-q", "-b", "port/batch-01", r.wt.Dir)
	r.commit(r.wt, ours, "ours")
	r.commit(r.main, theirs, "theirs")
	return r
}

func (r *repo) git(in gitx.Repo, args ...string) string {
	r.t.Helper()
	out, err := in.Run(context.Background(), args...)
	if err != nil {
		r.t.Fatal(err)
	}
	return out
}

func (r *repo) commit(in gitx.Repo, text, msg string) {
	r.t.Helper()
	path := filepath.Join(in.Dir, file)
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		r.t.Fatal(err)
	}
	r.git(in, "add", "-A")
	r.git(in, "commit", "-q", "-m", msg)
}

// register puts a driver command in force on the batch branches.
func (r *repo) register(command string) {
	r.t.Helper()
	err := r.main.RegisterMergeDriver(context.Background(), "port/batch-*", gitx.MergeDriver{Name: "portwave", Label: "test", Command: command})
	if err != nil {
		r.t.Fatal(err)
	}
}

// driver is portwave's driver command with this test binary as the executable.
func driver(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return csmerge.Command(exe, nil)
}

// merge merges main into the batch branch as portwave does, with a report
// file; it returns whether git merged and the reports.
func (r *repo) merge() (bool, []csmerge.Report) {
	r.t.Helper()
	report := filepath.Join(r.t.TempDir(), "report.jsonl")
	wt := r.wt
	wt.Env = []string{csmerge.ReportEnv + "=" + report}
	_, err := wt.Run(context.Background(), "merge", "--no-edit", "main")
	reports, rerr := csmerge.ReadReports(report)
	if rerr != nil {
		r.t.Fatal(rerr)
	}
	return err == nil, reports
}

func (r *repo) read() string {
	r.t.Helper()
	data, err := os.ReadFile(filepath.Join(r.wt.Dir, file))
	if err != nil {
		r.t.Fatal(err)
	}
	return string(data)
}

// gitsOwn is what git's line merge alone makes of the same merge, in a
// fresh repository with no driver.
func gitsOwn(t *testing.T, base, ours, theirs string) string {
	t.Helper()
	r := newRepo(t, base, ours, theirs)
	r.merge()
	return r.read()
}

func TestGitMergeOnABatchBranchKeepsTheMembersBothSidesAppended(t *testing.T) {
	t.Parallel()
	base := class(impl("Start"), stub("A"), stub("B"), impl("Stop"))
	ours := class(impl("Start"), stub("B"), impl("Stop"), impl("A"))
	theirs := class(impl("Start"), stub("A"), impl("Stop"), impl("B"))
	r := newRepo(t, base, ours, theirs)
	r.register(driver(t))
	ok, reports := r.merge()
	if !ok {
		t.Fatalf("git merge failed:\n%s", r.git(r.wt, "status"))
	}
	if diff := cmp.Diff(class(impl("Start"), impl("Stop"), impl("A"), impl("B")), r.read()); diff != "" {
		t.Errorf("merged file (-want +got):\n%s", diff)
	}
	if st := r.git(r.wt, "status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Errorf("git status after the merge:\n%s", st)
	}
	if parents := r.git(r.wt, "log", "-1", "--format=%p"); len(strings.Fields(parents)) != 2 {
		t.Errorf("HEAD is not a merge commit: parents %q", parents)
	}
	want := []csmerge.Report{{Path: file, Merge: csmerge.MergedByMembers, Ours: []string{"NatsServer.A"}, Theirs: []string{"NatsServer.B"},
		Removed: nil}}
	if diff := cmp.Diff(want, reports); diff != "" {
		t.Errorf("reports (-want +got):\n%s", diff)
	}
	// Without the driver, git conflicts on the same branches.
	if own := gitsOwn(t, base, ours, theirs); !strings.Contains(own, "<<<<<<<") {
		t.Errorf("git's own merge did not conflict; the test shows nothing:\n%s", own)
	}
}

func TestTwoBranchesChangingOneMemberStillConflictAsGitWould(t *testing.T) {
	t.Parallel()
	base := class(impl("Start"), stub("A"))
	ours := class(impl("Start"), impl("A"))
	theirs := class(impl("Start"), member("A", "return 1;"))
	r := newRepo(t, base, ours, theirs)
	r.register(driver(t))
	ok, reports := r.merge()
	if ok {
		t.Fatal("git merge succeeded")
	}
	if diff := cmp.Diff(gitsOwn(t, base, ours, theirs), r.read()); diff != "" {
		t.Errorf("conflicted file differs from git's own (-want +got):\n%s", diff)
	}
	if st := r.git(r.wt, "status", "--porcelain"); st != "UU "+file {
		t.Errorf("git status: %q, want the file unmerged", st)
	}
	if len(reports) != 1 || reports[0].Merge != csmerge.Conflict || reports[0].Reason != "both sides changed NatsServer.A" {
		t.Errorf("reports: %+v", reports)
	}
}

// Whatever happens to the driver's executable, git ends with its own
// conflict, markers and labels as git writes them, never with a merge.
func TestADriverThatCannotAnswerLeavesGitsOwnConflict(t *testing.T) {
	t.Parallel()
	base := class(impl("Start"), stub("A"))
	ours := class(impl("Start"), impl("A"))
	theirs := class(impl("Start"), member("A", "return 1;"))
	own := gitsOwn(t, base, ours, theirs)
	bin := t.TempDir()
	script := func(name, body string) string {
		p := filepath.Join(bin, name)
		os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755)
		return p
	}
	for _, tc := range []struct{ name, exe string }{
		{"gone after the run", filepath.Join(bin, "deleted-magefile-binary")},
		{"not executable", func() string { p := filepath.Join(bin, "plain"); os.WriteFile(p, nil, 0o644); return p }()},
		{"crashed", script("crash", "echo 'panic: boom' >&2; exit 2")},
		{"killed", script("killed", "kill -9 $$")},
		{"a foreign program that exits 0", script("true", "exit 0")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRepo(t, base, ours, theirs)
			r.register(csmerge.Command(tc.exe, nil))
			if ok, _ := r.merge(); ok {
				t.Fatalf("git merge succeeded:\n%s", r.read())
			}
			if diff := cmp.Diff(own, r.read()); diff != "" {
				t.Errorf("conflicted file differs from git's own (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMergesOffTheBatchBranchesAreGitsOwn(t *testing.T) {
	t.Parallel()
	base := class(impl("Start"), stub("A"), stub("B"), impl("Stop"))
	ours := class(impl("Start"), stub("B"), impl("Stop"), impl("A"))
	theirs := class(impl("Start"), stub("A"), impl("Stop"), impl("B"))
	r := newRepo(t, base, ours, theirs)
	r.register(driver(t))
	// The user merges the batch branch into main in the main checkout.
	if _, err := r.main.Run(context.Background(), "merge", "--no-edit", "port/batch-01"); err == nil {
		t.Fatal("the merge on main used the driver: it merged")
	}
	if got := r.main.MergeDriverFor(context.Background()); got != "" {
		t.Errorf("main's checkout has a merge driver: %q", got)
	}
	if got := r.wt.MergeDriverFor(context.Background()); got != driver(t) {
		t.Errorf("the batch worktree's driver: %q", got)
	}
}

func TestRegisteringTwiceAddsOneIncludeAndChangesNoTrackedFile(t *testing.T) {
	t.Parallel()
	r := newRepo(t, class(), class(impl("A")), class(impl("B")))
	r.register(driver(t))
	r.register(driver(t))
	if inc := r.git(r.main, "config", "--local", "--get-all", "includeIf.onbranch:port/batch-*.path"); inc != "portwave/merge.config" {
		t.Errorf("includes: %q", inc)
	}
	if st := r.git(r.main, "status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Errorf("git status of the main checkout: %q", st)
	}
	if err := r.main.UnregisterMergeDriver(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := r.wt.MergeDriverFor(context.Background()); got != "" {
		t.Errorf("after unregistering, the driver is %q", got)
	}
}

func TestAFileThatIsNotCSharpIsMergedByLinesOnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := &repo{t: t, main: gitx.Repo{Dir: filepath.Join(dir, "ws")}, wt: gitx.Repo{Dir: filepath.Join(dir, "slot-1")}}
	os.MkdirAll(r.main.Dir, 0o755)
	r.git(r.main, "init", "-q", "-b", "main")
	r.git(r.main, "config", "user.email", "test@example.com")
	r.git(r.main, "config", "user.name", "test")
	write := func(in gitx.Repo, text string) {
		os.WriteFile(filepath.Join(in.Dir, "notes.txt"), []byte(text), 0o644)
		r.git(in, "add", "-A")
		r.git(in, "commit", "-q", "-m", "x")
	}
	write(r.main, "a\nb\nc\n")
	r.git(r.main, "worktree", "add", "-q", "-b", "port/batch-01", r.wt.Dir)
	write(r.wt, "a\nb\nc\nours\n")
	write(r.main, "a\nb\nc\ntheirs\n")
	r.register(driver(t))
	ok, reports := r.merge()
	if ok {
		t.Fatal("a text file both sides appended to merged")
	}
	want := "a\nb\nc\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> main\n"
	if got, _ := os.ReadFile(filepath.Join(r.wt.Dir, "notes.txt")); string(got) != want {
		t.Errorf("notes.txt:\n%s", got)
	}
	if len(reports) != 1 || reports[0].Merge != csmerge.Conflict || reports[0].Reason != "" {
		t.Errorf("reports: %+v", reports)
	}
}
