package proc_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"portwave/mage/proc"
)

// TestMain doubles as the parent a tether test kills: with
// PROC_TEST_TETHER set it runs groupScript tethered and waits forever.
func TestMain(m *testing.M) {
	if pidFile := os.Getenv("PROC_TEST_TETHER"); pidFile != "" {
		_, err := proc.Run(context.Background(), proc.Spec{Name: "sh", Args: []string{"-c", groupScript, "sh", pidFile},
			Tether: true, Started: func(pid int) { fmt.Println(pid) }})
		fmt.Println("the tethered command ended:", err)
		os.Exit(3)
	}
	os.Exit(m.Run())
}

// A kill -9 of the process that ran a tethered command takes the command's
// whole group with it: the leader by its parent-death signal, a background
// grandchild by the watchdog.
func TestATetheredCommandDiesWithAParentKilledBySIGKILL(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "grandchild")
	parent := exec.Command(os.Args[0], "-test.run=^$")
	parent.Env = append(os.Environ(), "PROC_TEST_TETHER="+pidFile)
	out, err := parent.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	var pgid int
	if _, err := fmt.Fscan(out, &pgid); err != nil {
		parent.Process.Kill()
		t.Fatalf("the parent never said its command's pid: %v", err)
	}
	waitForFile(pidFile)
	grandchild := readPID(t, pidFile)
	if !proc.GroupAlive(pgid) {
		t.Fatal("the tethered command is not running")
	}
	parent.Process.Signal(syscall.SIGKILL)
	parent.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for (proc.GroupAlive(pgid) || syscall.Kill(grandchild, 0) == nil) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	assertGone(t, pgid, grandchild)
}

// KillRecorded kills the group of a recorded command that still runs, and
// leaves alone a pid whose start time is not the recorded one.
func TestKillRecordedKillsOnlyTheRecordedProcess(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "grandchild")
	cmd := exec.Command("sh", "-c", groupScript, "sh", pidFile)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go cmd.Wait()
	t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	waitForFile(pidFile)
	pgid := cmd.Process.Pid
	start, err := proc.StartTime(pgid)
	if err != nil || start == 0 {
		t.Fatalf("StartTime(%d) = %d, %v", pgid, start, err)
	}
	if proc.KillRecorded(pgid, start+1) {
		t.Error("a process with another start time was killed")
	}
	if !proc.GroupAlive(pgid) {
		t.Fatal("the group died without being killed")
	}
	if !proc.KillRecorded(pgid, start) {
		t.Error("the recorded process was not found")
	}
	assertGone(t, pgid, readPID(t, pidFile))
	if _, err := proc.StartTime(pgid); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("StartTime of a dead pid: %v", err)
	}
}
