package portdb_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

func TestTheLedgerKeepsEveryStageTransitionOfABatchRun(t *testing.T) {
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	run, err := db.StartRun(ctx, "wave1")
	if err != nil {
		t.Fatal(err)
	}
	br := &port.BatchRun{RunID: run, Batch: 42, Attempt: 1, Stage: port.StageWorktree, State: port.StateRunning, Branch: "port/batch-42"}
	if err := db.SaveBatchRun(ctx, br, "worktree added"); err != nil {
		t.Fatal(err)
	}
	exit := 0
	br.Stage, br.AgentExit, br.Turns, br.CostUSD = port.StageAgent, &exit, 12, 1.25
	if err := db.SaveBatchRun(ctx, br, "agent finished"); err != nil {
		t.Fatal(err)
	}
	br.Stage, br.State, br.Error = port.StageGate, port.StateFailed, "build: 2 errors"
	if err := db.SaveBatchRun(ctx, br, "gate failed"); err != nil {
		t.Fatal(err)
	}
	latest, err := db.LatestBatchRuns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := latest[42]
	if got.State != port.StateFailed || got.Stage != port.StageGate || *got.AgentExit != 0 || got.Turns != 12 || got.Finished.IsZero() {
		t.Errorf("latest run = %+v", got)
	}
	trs, err := db.Transitions(ctx, br.ID)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, tr := range trs {
		steps = append(steps, string(tr.Stage)+"/"+string(tr.State)+": "+tr.Detail)
	}
	want := []string{"worktree/running: worktree added", "agent/running: agent finished", "gate/failed: gate failed"}
	if d := cmp.Diff(want, steps); d != "" {
		t.Errorf("transitions (-want +got):\n%s", d)
	}
	if cost, _ := db.TotalCost(ctx, got.Started.Add(-1)); cost != 1.25 {
		t.Errorf("total cost = %v, want 1.25", cost)
	}
}
