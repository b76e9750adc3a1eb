package command_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/demo"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// smallDisk mounts a tmpfs of size on a fresh folder: a real filesystem
// that fills up. Mounting needs root (CI's container has it); elsewhere the
// test cannot make a disk full and says so.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("a full disk needs a filesystem of its own: mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("mounting a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// A disk that fills up during a run is named as the cause, and the run's
// rows do not stay running: the next run, once there is space, records the
// stopped attempt as failed on a full disk (not "interrupted"), commits the
// ledger, and carries on.
func TestAFullDiskIsNamedAndTheNextRunClosesTheRunsRowsWithIt(t *testing.T) {
	disk := smallDisk(t, "48m")
	testws.StandIns(t)
	ctx := context.Background()
	dir := filepath.Join(disk, "ws")
	if _, err := demo.BuildWorkspace(ctx, dir, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	worktrees := filepath.Join(disk, "wt")
	fill := filepath.Join(worktrees, "agent-home", "fill")
	// The agent fills the disk (git's objects and porting.db are on it)
	// from its home, the folder the sandbox lets it write besides its
	// worktree, then ports its batch.
	agent := "dd if=/dev/zero of=$HOME/fill bs=64k 2>/dev/null; " +
		"sed -i 's/throw new NotImplementedException();/return;/' dotnet/src/MiniBus/NatsServer.cs"
	e := env{"PORTWAVE_CONFIG": filepath.Join(dir, "portwave.yaml"), "PORTWAVE_AGENT": "command", "PORTWAVE_AGENT_COMMAND": "sh -c \"" + agent + "\"",
		"PORTWAVE_BUILD": "portwave:csharp-check", "PORTWAVE_TEST": " ", "PORTWAVE_WORKTREES": worktrees,
		"PORTWAVE_MIN_FREE_MB": "1", "PORTWAVE_ATTEMPTS": "1"}
	s, _, _ := session(t, e)
	err := s.BatchRun(ctx, 12)
	if err == nil || !strings.Contains(err.Error(), "the disk is full (no space left on device)") {
		t.Fatalf("a run on a disk that filled up: err = %v, want it named as a full disk", err)
	}

	t.Logf("the run on the full disk: %v", err)
	os.Remove(fill)
	e["PORTWAVE_AGENT_COMMAND"] = "sed -i s/x/x/ dotnet/src/MiniBus/NatsServer.cs"
	s, _, log := session(t, e)
	t.Logf("the next run: %v\n%s", s.Retry(ctx, 12), log) // the batch itself may fail again; what matters is the ledger
	db, err := portdb.Open(ctx, filepath.Join(dir, "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs, err := db.BatchRuns(ctx, 12)
	if err != nil || len(runs) == 0 {
		t.Fatalf("no run of batch 12 in the ledger: %v", err)
	}
	first := runs[0]
	if first.State != port.StateFailed || !strings.Contains(first.Error, "the disk is full") {
		t.Errorf("the attempt the full disk stopped is %s (%q), want failed naming the full disk\n%s", first.State, first.Error, log)
	}
	all, err := db.Runs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if r.State == port.StateRunning {
			t.Errorf("run %d (%s) is still running", r.ID, r.Command)
		}
	}
	if st := gitIn(t, dir, "status", "--porcelain", "--", "porting.db"); st != "" {
		t.Errorf("porting.db is not committed after the next run: %s", st)
	}
}
