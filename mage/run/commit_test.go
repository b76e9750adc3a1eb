package run_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/port"
	"portwave/mage/progress"
	"portwave/mage/run"
)

func TestTheAuditCommitHoldsPortingDBAndNothingElseStaged(t *testing.T) {
	s := open(t, "", nil)
	ctx := context.Background()
	// Another party (an interrupted fast-forward, a person) left a file staged.
	os.WriteFile(filepath.Join(s.ws.Dir, "other.txt"), []byte("someone else's"), 0o644)
	gitOut(t, s.ws.Dir, "add", "other.txt")
	if err := s.w.CommitDB(ctx, "portwave: a porting.db commit"); err != nil {
		t.Fatal(err)
	}
	if got := gitOut(t, s.ws.Dir, "show", "--stat", "--format=", "HEAD"); !strings.Contains(got, "porting.db") || strings.Contains(got, "other.txt") {
		t.Errorf("the commit holds:\n%s", got)
	}
	if got := gitOut(t, s.ws.Dir, "diff", "--cached", "--name-only"); got != "other.txt" {
		t.Errorf("staged after the commit: %q, want other.txt still staged", got)
	}
}

func TestABatchStopsBeforeItsAuditCommitWhenSomethingElseIsStagedOnMain(t *testing.T) {
	s := open(t, testws.Script(t, port12(), nil), nil)
	ctx := context.Background()
	staged := filepath.Join(s.ws.Dir, "dotnet", "src", "MiniBus", "Other.cs")
	s.w.Events = progress.Func(func(e progress.Event) {
		if e.Kind == progress.StageStarted && e.Stage == port.StageAudit {
			os.WriteFile(staged, []byte("namespace MiniBus { }\n"), 0o644)
			exec.Command("git", "-C", s.ws.Dir, "add", staged).Run()
		}
	})
	err := s.w.RunBatch(ctx, 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageAudit || !strings.Contains(err.Error(), "Other.cs") || strings.Contains(err.Error(), "or stash") {
		t.Fatalf("err = %v, want the audit stopped naming Other.cs, without advising a stash", err)
	}
	if log := gitOut(t, s.ws.Dir, "log", "--all", "--format=%s", "--", "dotnet/src/MiniBus/Other.cs"); log != "" {
		t.Errorf("the staged file was committed: %s", log)
	}
	if log := gitOut(t, s.ws.Dir, "log", "--format=%s", "-1"); strings.HasPrefix(log, "portwave: audit") {
		t.Errorf("the audit committed beside the staged file: %s", log)
	}
	// Once the other party's file is gone, the retry finishes the audit.
	s.w.Events = progress.Nop{}
	gitOut(t, s.ws.Dir, "rm", "-q", "--cached", "dotnet/src/MiniBus/Other.cs")
	os.Remove(staged)
	if err := s.w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if got := gitOut(t, s.ws.Dir, "show", "--stat", "--format=%s", "HEAD"); !strings.HasPrefix(got, "portwave: audit after batch 12") || strings.Count(got, "|") != 1 {
		t.Errorf("the audit commit:\n%s", got)
	}
}

func TestAStaleGitLockIsRemovedOnlyWhenNoGitProcessIsAlive(t *testing.T) {
	t.Run("no git alive: removed, and said so", func(t *testing.T) {
		s := open(t, testws.Script(t, port12(), nil), nil)
		locks := []string{filepath.Join(s.ws.Dir, ".git", "index.lock"), filepath.Join(s.ws.Dir, ".git", "refs", "heads", "main.lock")}
		for _, l := range locks {
			os.WriteFile(l, nil, 0o644)
		}
		if err := s.w.RunBatch(context.Background(), 12); err != nil {
			t.Fatal(err)
		}
		for _, l := range locks {
			if _, err := os.Stat(l); !os.IsNotExist(err) {
				t.Errorf("%s is still there", l)
			}
		}
		trs, _ := s.w.DB.Transitions(context.Background(), latest(t, s.w, 12).ID)
		var said []string
		for _, tr := range trs {
			if strings.Contains(tr.Detail, "removed the stale git lock") {
				said = append(said, tr.Detail)
			}
		}
		if len(said) != 2 || !strings.Contains(strings.Join(said, "\n"), "main.lock: no git process is alive") {
			t.Errorf("the ledger says: %q", said)
		}
	})
	t.Run("a git process alive: kept, and the batch stops naming both", func(t *testing.T) {
		s := open(t, testws.Script(t, port12(), nil), nil)
		lock := filepath.Join(s.ws.Dir, ".git", "index.lock")
		os.WriteFile(lock, nil, 0o644)
		// A process named git, working in the main checkout.
		fake := filepath.Join(t.TempDir(), "git")
		data, _ := os.ReadFile("/bin/sleep")
		os.WriteFile(fake, data, 0o755)
		cmd := exec.Command(fake, "30")
		cmd.Dir = s.ws.Dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { cmd.Process.Kill(); cmd.Wait() }()
		before := mainHead(t, s.ws)
		err := s.w.RunBatch(context.Background(), 12)
		var be *run.BatchError
		if !errors.As(err, &be) || be.Stage != port.StageMerge || !strings.Contains(err.Error(), lock) ||
			!strings.Contains(err.Error(), "alive (pid") || !strings.Contains(err.Error(), "not removed") {
			t.Fatalf("err = %v, want the merge stopped naming the lock and the live git", err)
		}
		if _, err := os.Stat(lock); err != nil {
			t.Errorf("the lock of a live git was removed: %v", err)
		}
		if mainHead(t, s.ws) != before {
			t.Error("main moved")
		}
	})
}
