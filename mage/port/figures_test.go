package port_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/port"
)

func TestFiguresAddUpEveryRowOfABatchAndTakeTheNewestState(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	rows := []port.BatchRun{
		// Batch 13: a failed gate, then (in a later run, after a pause) the
		// retry, resumed at the agent, killed, and picked up again.
		{ID: 1, Batch: 13, Attempt: 1, State: port.StateFailed, Stage: port.StageGate, Started: at(0), Finished: at(60),
			Turns: 4, CostUSD: 0.10, SessionID: "s", LogPath: "/logs/13-1.log", Error: "gate: 2 of 3"},
		{ID: 2, Batch: 11, Attempt: 1, State: port.StateDone, Stage: port.StageDone, Started: at(0), Finished: at(30), Turns: 9, CostUSD: 0.23},
		{ID: 3, Batch: 13, Attempt: 2, State: port.StateInterrupted, Stage: port.StageMerge, Started: at(3600), Finished: at(3630),
			Turns: 3, CostUSD: 0.11, SessionID: "s", LogPath: "/logs/13-2.log"},
		{ID: 4, Batch: 13, Attempt: 2, State: port.StateRunning, Stage: port.StageAudit, Started: at(7200), Updated: at(7205), SessionID: "s"},
	}
	got := port.SumFigures(rows)
	want := []port.Figures{
		{Batch: 11, State: port.StateDone, Stage: port.StageDone, Attempt: 1, Rows: 1, Turns: 9, CostUSD: 0.23, Seconds: 30,
			Started: at(0), Finished: at(30)},
		{Batch: 13, State: port.StateRunning, Stage: port.StageAudit, LogPath: "/logs/13-2.log", Attempt: 2, Rows: 3, Turns: 7,
			CostUSD: 0.21, Seconds: 60 + 30 + 5, Started: at(0)},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })); diff != "" {
		t.Errorf("figures (-want +got):\n%s", diff)
	}
	if f := port.FiguresOf(12, rows); f.Batch != 12 || f.Rows != 0 {
		t.Errorf("a batch with no rows has figures %+v", f)
	}
	// What a resumed session's next row must subtract: the rows of the
	// session before it, not itself nor later ones.
	for _, tt := range []struct {
		before int64
		want   float64
	}{{1, 0}, {3, 0.10}, {4, 0.21}, {0, 0.21}} {
		if got := port.SessionCost(rows, "s", tt.before); got-tt.want > 1e-9 || tt.want-got > 1e-9 {
			t.Errorf("SessionCost before row %d = %v, want %v", tt.before, got, tt.want)
		}
	}
	items := map[int]port.Item{1: {Status: port.Verified}, 2: {Status: port.Complete}, 3: {Status: port.Verified}}
	if n := port.CountVerified([]int{1, 2, 3, 3, 4}, items); n != 2 {
		t.Errorf("CountVerified = %d, want 2 (an ID listed twice counts once, a missing one not at all)", n)
	}
}
