package main_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"portwave/mage/demo"
	"portwave/mage/gate"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// These tests drive the real Mage targets (`go run mage.go ...`) on an
// example workspace with the replay agent, the way a user runs them.

func workspace(t *testing.T) []string { return workspaceWith(t, nil) }

// workspaceWith is workspace with some settings changed.
func workspaceWith(t *testing.T, overrides map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"PORTWAVE_AGENT": "replay", "PORTWAVE_BUILD": gate.BuiltinCheck, "PORTWAVE_TEST": " ",
		"PORTWAVE_WORKTREES": filepath.Join(dir, "worktrees"), "PORTWAVE_REPORTS": filepath.Join(dir, "reports")}
	for k, v := range overrides {
		env[k] = v
	}
	for k, v := range map[string]string{"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
		"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"} {
		t.Setenv(k, v)
	}
	if _, err := demo.BuildWorkspace(context.Background(), filepath.Join(dir, "ws"), func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	out := []string{"PORTWAVE_CONFIG=" + filepath.Join(dir, "ws", "portwave.yaml"), "NO_COLOR=1"}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

func mage(env []string, target string) *exec.Cmd {
	cmd := exec.Command("go", "run", "mage.go", target)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

func ledger(t *testing.T, env []string) map[int][]port.BatchRun {
	t.Helper()
	var cfg string
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "PORTWAVE_CONFIG="); ok {
			cfg = v
		}
	}
	db, err := portdb.Open(context.Background(), filepath.Join(filepath.Dir(cfg), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs, err := db.BatchRuns(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	by := map[int][]port.BatchRun{}
	for _, br := range runs {
		by[br.Batch] = append(by[br.Batch], br)
	}
	return by
}

func doneOnce(t *testing.T, runs map[int][]port.BatchRun, batches ...int) {
	t.Helper()
	for _, b := range batches {
		n := 0
		for _, br := range runs[b] {
			if br.State == port.StateDone {
				n++
			}
		}
		if n != 1 {
			t.Errorf("batch %d finished %d times, want once: %+v", b, n, runs[b])
		}
	}
}

func TestWave2RunsWave1FirstAndThenNothingTheSecondTime(t *testing.T) {
	env := workspace(t)
	out, err := mage(env, "wave2").CombinedOutput()
	if err != nil {
		t.Fatalf("mage wave2: %v\n%s", err, out)
	}
	if i, j := strings.Index(string(out), "batch 11 "), strings.Index(string(out), "batch 13 "); i < 0 || j < i {
		t.Errorf("wave 1 did not run before wave 2:\n%s", out)
	}
	runs := ledger(t, env)
	doneOnce(t, runs, 11, 12, 13)
	if len(runs[14]) != 0 {
		t.Errorf("wave 3's batch 14 ran: %+v", runs[14])
	}
	out, err = mage(env, "wave2").CombinedOutput()
	if err != nil {
		t.Fatalf("second mage wave2: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "nothing to do, every batch is already done"); n != 2 {
		t.Errorf("the second wave2 did not say both waves were done:\n%s", out)
	}
	doneOnce(t, ledger(t, env), 11, 12, 13)
}

func TestAWave2KilledMidWayFinishesWithoutRedoingMergedBatches(t *testing.T) {
	env := workspace(t)
	cmd := mage(env, "wave2")
	var buf strings.Builder
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(90 * time.Second)
	for reached := false; !reached; {
		select {
		case err := <-exited:
			t.Fatalf("mage wave2 ended before batch 13 was seen running: %v\n%s", err, buf.String())
		case <-deadline:
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Fatal("batch 13 was never seen running")
		case <-time.After(10 * time.Millisecond):
		}
		// Any moment of batch 13's run will do: whatever stage it is
		// killed in, the rerun must finish it without redoing wave 1.
		rs := ledger(t, env)[13]
		reached = len(rs) > 0 && rs[len(rs)-1].State == port.StateRunning
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the whole process group, like a closed laptop
	<-exited
	out, err := mage(env, "wave2").CombinedOutput()
	if err != nil {
		t.Fatalf("mage wave2 after the kill: %v\n%s", err, out)
	}
	runs := ledger(t, env)
	doneOnce(t, runs, 11, 12, 13)
	if first := runs[13][0]; first.State != port.StateInterrupted {
		t.Errorf("the killed run of batch 13 is %s, want interrupted", first.State)
	}
}
