package port_test

import (
	"fmt"
	"time"

	"portwave/mage/port"
)

// The statuses are a closed set; Done says which need no more work, and
// IsRegression which changes take an item backwards.
func ExampleStatus_Done() {
	for _, s := range port.Statuses {
		fmt.Printf("%-8s done=%v\n", s, s.Done())
	}
	if _, err := port.ParseStatus("ported"); err != nil {
		fmt.Println(err)
	}
	fmt.Println(port.IsRegression(port.Verified, port.Stub), port.IsRegression(port.Stub, port.Verified))
	// Output:
	// verified done=true
	// complete done=true
	// n/a      done=true
	// stub     done=false
	// deferred done=false
	// unknown  done=false
	// unknown status "ported" (want one of verified, complete, n/a, stub, deferred, unknown)
	// true false
}

// SumFigures is the one way every view counts a batch: the turns, cost
// and time of every ledger row added up, the state and stage the newest
// row's.
func ExampleSumFigures() {
	at := func(min int) time.Time { return time.Date(2026, 3, 1, 9, min, 0, 0, time.UTC) }
	rows := []port.BatchRun{
		{Batch: 44, Attempt: 1, Stage: port.StageGate, State: port.StateFailed, Started: at(0), Updated: at(4), Finished: at(4), Turns: 9, CostUSD: 0.40},
		{Batch: 44, Attempt: 2, Stage: port.StageDone, State: port.StateDone, Started: at(5), Updated: at(8), Finished: at(8), Turns: 6, CostUSD: 0.25},
		{Batch: 45, Attempt: 1, Stage: port.StageAgent, State: port.StateRunning, Started: at(6), Updated: at(7), Turns: 2, CostUSD: 0.05},
	}
	for _, f := range port.SumFigures(rows) {
		fmt.Printf("batch %d: %s at %s, attempt %d, %d turns, $%.2f, %.0f s\n", f.Batch, f.State, f.Stage, f.Attempt, f.Turns, f.CostUSD, f.Seconds)
	}
	// Output:
	// batch 44: done at done, attempt 2, 15 turns, $0.65, 420 s
	// batch 45: running at agent, attempt 1, 2 turns, $0.05, 60 s
}
