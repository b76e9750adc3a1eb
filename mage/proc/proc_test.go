package proc_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/proc"
)

func TestRunReportsHowACommandEnded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		script   string
		wantCode int
		wantErr  *proc.ExitError
	}{
		{name: "success", script: "exit 0", wantCode: 0},
		{name: "failure", script: "echo first >&2; echo 'no such file' >&2; exit 3", wantCode: 3,
			wantErr: &proc.ExitError{Name: "sh", Code: 3, Stderr: "first\nno such file\n"}},
		{name: "signal", script: "kill -KILL $$", wantCode: -1,
			wantErr: &proc.ExitError{Name: "sh", Code: -1, Signal: "killed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := proc.Run(context.Background(), proc.Spec{Name: "sh", Args: []string{"-c", tt.script}})
			if res.ExitCode != tt.wantCode {
				t.Errorf("exit code = %d, want %d", res.ExitCode, tt.wantCode)
			}
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Run: %v", err)
				}
				return
			}
			var got *proc.ExitError
			if !errors.As(err, &got) {
				t.Fatalf("error %v (%T) is not an *ExitError", err, err)
			}
			if diff := cmp.Diff(tt.wantErr, got); diff != "" {
				t.Errorf("ExitError (-want +got):\n%s", diff)
			}
			if errors.Is(err, proc.ErrNotFound) || errors.Is(err, proc.ErrTimeout) {
				t.Errorf("a command that ran and failed matched ErrNotFound or ErrTimeout: %v", err)
			}
		})
	}
}

func TestRunTellsAMissingProgramFromAFailedOne(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notExec := filepath.Join(dir, "tool")
	if err := os.WriteFile(notExec, []byte("#!/bin/sh\nexit 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		spec         proc.Spec
		wantNotFound bool
	}{
		{name: "not in PATH", spec: proc.Spec{Name: "portwave-no-such-program"}, wantNotFound: true},
		{name: "no such path", spec: proc.Spec{Name: filepath.Join(dir, "absent")}, wantNotFound: true},
		{name: "not executable", spec: proc.Spec{Name: notExec}, wantNotFound: true},
		{name: "missing working directory", spec: proc.Spec{Name: "true", Dir: filepath.Join(dir, "gone")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := proc.Run(context.Background(), tt.spec)
			if err == nil {
				t.Fatal("Run succeeded, want an error")
			}
			var nf *proc.NotFoundError
			if got := errors.As(err, &nf); got != tt.wantNotFound {
				t.Fatalf("errors.As(*NotFoundError) = %v, want %v (err: %v)", got, tt.wantNotFound, err)
			}
			if got := errors.Is(err, proc.ErrNotFound); got != tt.wantNotFound {
				t.Errorf("errors.Is(ErrNotFound) = %v, want %v", got, tt.wantNotFound)
			}
			var ee *proc.ExitError
			if errors.As(err, &ee) {
				t.Errorf("a command that never started reported an exit: %v", err)
			}
			if res.PID != 0 {
				t.Errorf("PID = %d for a command that never started", res.PID)
			}
		})
	}
}

// groupScript starts a grandchild in the background, records its PID, and
// keeps the shell busy, so a test can check that both are gone.
const groupScript = `sleep 100 & echo $! > "$1"; sleep 100`

func TestATimeoutKillsTheWholeProcessGroup(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "grandchild")
	start := time.Now()
	res, err := proc.Run(context.Background(), proc.Spec{
		Name: "sh", Args: []string{"-c", groupScript, "sh", pidFile},
		Timeout: 300 * time.Millisecond,
	})
	if !errors.Is(err, proc.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v does not match ErrTimeout and DeadlineExceeded", err)
	}
	var te *proc.TimeoutError
	if !errors.As(err, &te) || te.After != 300*time.Millisecond {
		t.Errorf("error %#v is not a *TimeoutError after 300ms", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Run took %s after a 300ms timeout", took)
	}
	assertGone(t, res.PID, readPID(t, pidFile))
}

func TestACancelKillsTheWholeProcessGroup(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "grandchild")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		waitForFile(pidFile)
		cancel()
	}()
	res, err := proc.Run(ctx, proc.Spec{Name: "sh", Args: []string{"-c", groupScript, "sh", pidFile}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v does not match context.Canceled", err)
	}
	if errors.Is(err, proc.ErrTimeout) {
		t.Errorf("a cancel was reported as a timeout: %v", err)
	}
	assertGone(t, res.PID, readPID(t, pidFile))
}

func TestAGroupIgnoringSIGTERMIsKilledAfterTheGrace(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "grandchild")
	grace := 300 * time.Millisecond
	start := time.Now()
	res, err := proc.Run(context.Background(), proc.Spec{
		Name: "sh", Args: []string{"-c", `trap "" TERM; ` + groupScript, "sh", pidFile},
		Timeout: 200 * time.Millisecond, Grace: grace,
	})
	if !errors.Is(err, proc.ErrTimeout) {
		t.Fatalf("error %v does not match ErrTimeout", err)
	}
	if took := time.Since(start); took < 200*time.Millisecond+grace {
		t.Errorf("Run returned after %s, before the grace period ran out", took)
	}
	assertGone(t, res.PID, readPID(t, pidFile))
}

func TestLeftoversAreKilledAfterANormalExitUnlessKept(t *testing.T) {
	t.Parallel()
	for _, keep := range []bool{false, true} {
		t.Run("keep="+strconv.FormatBool(keep), func(t *testing.T) {
			t.Parallel()
			pidFile := filepath.Join(t.TempDir(), "grandchild")
			res, err := proc.Run(context.Background(), proc.Spec{
				Name: "sh", Args: []string{"-c", `sleep 100 & echo $! > "$1"`, "sh", pidFile},
				KeepGroup: keep, Grace: 100 * time.Millisecond,
			})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			pid := readPID(t, pidFile)
			if !keep {
				assertGone(t, res.PID, pid)
				return
			}
			t.Cleanup(func() { _ = syscall.Kill(-res.PID, syscall.SIGKILL) })
			if err := syscall.Kill(pid, 0); err != nil {
				t.Errorf("with KeepGroup the background process is gone: %v", err)
			}
		})
	}
}

func TestRunWiresInputOutputDirectoryAndEnvironment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var stdout, stderr strings.Builder
	res, err := proc.Run(context.Background(), proc.Spec{
		Name: "sh", Args: []string{"-c", `cat; pwd; echo "$PORTWAVE_PROC_TEST" >&2`},
		Dir: dir, Env: []string{"PORTWAVE_PROC_TEST=first", "PORTWAVE_PROC_TEST=second"},
		Stdin: strings.NewReader("the prompt\n"), Stdout: &stdout, Stderr: &stderr,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("the prompt\n"+real+"\n", stdout.String()); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("second\n", stderr.String()); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}
	if res.StderrTail != "second\n" {
		t.Errorf("StderrTail = %q", res.StderrTail)
	}
}

func TestACommandThatIgnoresItsInputStillFinishes(t *testing.T) {
	t.Parallel()
	big := strings.NewReader(strings.Repeat("x", 1<<20))
	done := make(chan error, 1)
	go func() {
		_, err := proc.Run(context.Background(), proc.Spec{Name: "true", Stdin: big})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run hung on input the command never read")
	}
}

// assertGone checks with kill(2) that the process group and the grandchild
// no longer exist.
func assertGone(t *testing.T, pgid, grandchild int) {
	t.Helper()
	if pgid <= 0 {
		t.Fatalf("no process group recorded (pgid %d)", pgid)
	}
	if err := syscall.Kill(-pgid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("kill(-%d, 0) = %v, want ESRCH: the process group survived", pgid, err)
	}
	if err := syscall.Kill(grandchild, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("kill(%d, 0) = %v, want ESRCH: the grandchild survived", grandchild, err)
	}
}

func readPID(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the command never recorded its grandchild: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("grandchild PID file: %v", err)
	}
	return pid
}

func waitForFile(path string) {
	for range 500 {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}
