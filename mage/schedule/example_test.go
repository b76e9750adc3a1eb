package schedule_test

import (
	"context"
	"errors"
	"fmt"

	"portwave/mage/schedule"
)

// Batch 44 waits for 42 and 45 for 43, which fails. On one agent, the ready
// batch with the most work behind it goes first: 42 (55+46), then 43
// (37+42) before 44 (46).
func ExampleRun() {
	nodes := []schedule.Node{
		{ID: 42, Weight: 55},
		{ID: 43, Weight: 37},
		{ID: 44, Deps: []int{42}, Weight: 46},
		{ID: 45, Deps: []int{43}, Weight: 42},
	}
	run := func(ctx context.Context, id int) error {
		if id == 43 {
			return errors.New("batch 43 failed at gate")
		}
		return nil
	}
	rep, err := schedule.Run(context.Background(), nodes, run, schedule.Options{Jobs: 1})
	fmt.Println("started:", rep.Order)
	for _, id := range rep.IDs(schedule.Done, schedule.Failed, schedule.Skipped) {
		r := rep.Results[id]
		fmt.Println(id, r.Outcome, r.SkippedBecause)
	}
	fmt.Println("error:", err)
	// Output:
	// started: [42 43 44]
	// 42 done []
	// 43 failed []
	// 44 done []
	// 45 skipped [43]
	// error: batch 43 failed at gate
}

// A budget stops new starts; the report says why.
func ExampleOptions_budget() {
	spent := 0.0
	run := func(ctx context.Context, id int) error { spent += 30; return nil }
	nodes := []schedule.Node{{ID: 1, Weight: 3}, {ID: 2, Weight: 2}, {ID: 3, Weight: 1}}
	rep, err := schedule.Run(context.Background(), nodes, run, schedule.Options{
		Jobs:      1,
		BudgetUSD: func() (float64, float64) { return spent, 50 },
	})
	fmt.Println(rep.StoppedBecause)
	fmt.Println(err)
	// Output:
	// budget of $50.00 reached ($60.00 spent)
	// budget of $50.00 reached ($60.00 spent): not started: 3
}
