package portdb_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

func TestCloseDeadRunsEndsRunsLeftRunningAsInterruptedAtTheirLastWrite(t *testing.T) {
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { clock = clock.Add(time.Minute); return clock })
	done, _ := db.StartRun(ctx, "wave1")
	if err := db.FinishRun(ctx, done, port.StateDone); err != nil {
		t.Fatal(err)
	}
	dead, _ := db.StartRun(ctx, "wave2")
	br := &port.BatchRun{RunID: dead, Batch: 13, Attempt: 1, Stage: port.StageAgent, State: port.StateRunning}
	if err := db.SaveBatchRun(ctx, br, "agent"); err != nil {
		t.Fatal(err)
	}
	lastWrite := clock
	n, err := db.CloseDeadRuns(ctx)
	if err != nil || n != 1 {
		t.Fatalf("CloseDeadRuns = %d, %v; want the one run left running", n, err)
	}
	runs, err := db.Runs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if runs[0].State != port.StateDone || runs[1].State != port.StateInterrupted || !runs[1].Finished.Equal(lastWrite) {
		t.Errorf("runs = %+v, want wave1 done and wave2 interrupted at %v", runs, lastWrite)
	}
}
