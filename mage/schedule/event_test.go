package schedule_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/schedule"
)

func TestEventsTellWhatHappenedInOrder(t *testing.T) {
	// 1 (2 units) leads 2 (1); 3 (1) fails and takes 4 (1) with it; 5 was
	// done before; 6 never gets a slot after the budget runs out.
	nodes := []schedule.Node{
		{ID: 1, Weight: 2},
		{ID: 2, Deps: []int{1}, Weight: 1},
		{ID: 3, Weight: 1},
		{ID: 4, Deps: []int{3, 5}, Weight: 1},
		{ID: 5, Weight: 1},
		{ID: 6, Deps: []int{2}, Weight: 0},
	}
	type event struct {
		Kind           schedule.EventKind
		ID             int
		At             time.Duration
		Waiting        []int
		Outcome        schedule.Outcome
		Err            string
		SkippedBecause []int
		Reason         string
	}
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var got []event
		record := func(e schedule.Event) {
			ev := event{Kind: e.Kind, ID: e.ID, At: e.Time.Sub(start), Waiting: e.Waiting, Outcome: e.Outcome,
				SkippedBecause: e.SkippedBecause, Reason: e.Reason}
			if e.Err != nil {
				ev.Err = e.Err.Error()
			}
			got = append(got, ev)
		}
		s := newStandIn(nodes)
		s.fail[3] = true
		s.costPerBatch = 1
		schedule.Run(t.Context(), nodes, s.run, schedule.Options{
			Jobs:      1,
			Done:      func(id int) bool { return id == 5 },
			BudgetUSD: s.budget(3),
			Events:    record,
		})
		u := func(n int) time.Duration { return time.Duration(n) * unit }
		want := []event{
			{Kind: schedule.Finished, ID: 5, Outcome: schedule.AlreadyDone},
			{Kind: schedule.Queued, ID: 1},
			{Kind: schedule.Queued, ID: 2, Waiting: []int{1}},
			{Kind: schedule.Queued, ID: 3},
			{Kind: schedule.Queued, ID: 4, Waiting: []int{3}},
			{Kind: schedule.Queued, ID: 6, Waiting: []int{2}},
			{Kind: schedule.Started, ID: 1},
			{Kind: schedule.Finished, ID: 1, At: u(2), Outcome: schedule.Done},
			{Kind: schedule.Started, ID: 3, At: u(2)}, // 3 (2 to go) beats 2 (1 to go)
			{Kind: schedule.Finished, ID: 3, At: u(3), Outcome: schedule.Failed, Err: "batch 3 failed at gate"},
			{Kind: schedule.Finished, ID: 4, At: u(3), Outcome: schedule.Skipped, SkippedBecause: []int{3}},
			{Kind: schedule.Started, ID: 2, At: u(3)},
			{Kind: schedule.Finished, ID: 2, At: u(4), Outcome: schedule.Done},
			{Kind: schedule.Stopping, At: u(4), Reason: "budget of $3.00 reached ($3.00 spent)"},
			{Kind: schedule.Finished, ID: 6, At: u(4), Outcome: schedule.NotStarted,
				Reason: "budget of $3.00 reached ($3.00 spent)"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
	})
}

func TestOutcomesAndEventKindsHaveNames(t *testing.T) {
	got := []string{}
	for o := schedule.NotStarted; o <= schedule.Interrupted+1; o++ {
		got = append(got, o.String())
	}
	for k := schedule.Queued; k <= schedule.Stopping; k++ {
		got = append(got, k.String())
	}
	want := []string{"not started", "done", "already done", "failed", "skipped", "interrupted", "outcome(6)",
		"queued", "started", "finished", "stopping"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}
