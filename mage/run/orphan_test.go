package run_test

import (
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"portwave/internal/testws"
	"portwave/mage/port"
	"portwave/mage/proc"
)

// An agent an earlier run left alive (its orchestrator died where the
// tether could not help, on another OS, or before this version) is killed
// when the workspace is opened, before any batch touches a slot; a process
// that merely reuses a recorded pid is left alone.
func TestARecordedAgentStillAliveIsKilledBeforeAnySlotIsTouched(t *testing.T) {
	ws := testws.New(t, nil)
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
	start := func() (*exec.Cmd, uint64) {
		cmd := exec.Command("sh", "-c", "sleep 100 & sleep 100")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); cmd.Wait() })
		st, err := proc.StartTime(cmd.Process.Pid)
		if err != nil {
			t.Fatal(err)
		}
		return cmd, st
	}
	orphan, orphanStart := start()
	bystander, bystanderStart := start()
	w := reopen(t, ws)
	ctx := context.Background()
	for _, br := range []*port.BatchRun{
		{RunID: w.RunID, Batch: 12, Attempt: 1, Stage: port.StageAgent, State: port.StateRunning,
			AgentPGID: orphan.Process.Pid, AgentStart: orphanStart},
		{RunID: w.RunID, Batch: 11, Attempt: 1, Stage: port.StageAgent, State: port.StateFailed,
			AgentPGID: bystander.Process.Pid, AgentStart: bystanderStart + 7}, // the pid was reused
	} {
		if err := w.DB.SaveBatchRun(ctx, br, "recorded"); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	go orphan.Wait() // reap the leader once it is killed
	w = reopen(t, ws)
	deadline := time.Now().Add(5 * time.Second)
	for proc.GroupAlive(orphan.Process.Pid) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if proc.GroupAlive(orphan.Process.Pid) {
		t.Error("the recorded agent of batch 12 is still alive after the workspace was opened")
	}
	if !proc.GroupAlive(bystander.Process.Pid) {
		t.Error("a process whose start time is not the recorded one was killed")
	}
	br := latest(t, w, 12)
	if br.State != port.StateInterrupted {
		t.Errorf("batch 12 is %s, want interrupted", br.State)
	}
	trs, _ := w.DB.Transitions(ctx, br.ID)
	var said bool
	for _, tr := range trs {
		said = said || strings.Contains(tr.Detail, "killed the agent")
	}
	if !said {
		t.Errorf("the ledger does not say the agent was killed: %+v", trs)
	}
}
