package schedule_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/schedule"
)

func TestAFailureSkipsExactlyItsTransitiveDependents(t *testing.T) {
	twoRoots := []schedule.Node{
		{ID: 1, Weight: 1},
		{ID: 2, Weight: 3},
		{ID: 3, Deps: []int{1, 2}, Weight: 1},
		{ID: 4, Deps: []int{3}, Weight: 1},
		{ID: 5, Weight: 9},
	}
	done := outcome{Outcome: schedule.Done}
	failed := outcome{Outcome: schedule.Failed}
	skipped := func(because ...int) outcome { return outcome{schedule.Skipped, because} }
	tests := []struct {
		name  string
		nodes []schedule.Node
		fail  []int
		want  map[int]outcome
	}{
		{"44 fails: 45 and 47 are skipped, 46 goes on", planNodes(), []int{44},
			map[int]outcome{42: done, 43: done, 44: failed, 45: skipped(44), 46: done, 47: skipped(44)}},
		{"42 fails: everything after it is skipped, 43 goes on", planNodes(), []int{42},
			map[int]outcome{42: failed, 43: done, 44: skipped(42), 45: skipped(42), 46: skipped(42), 47: skipped(42)}},
		{"43 fails: it has no dependents", planNodes(), []int{43},
			map[int]outcome{42: done, 43: failed, 44: done, 45: done, 46: done, 47: done}},
		{"both roots fail: their dependents name both", twoRoots, []int{1, 2},
			map[int]outcome{1: failed, 2: failed, 3: skipped(1, 2), 4: skipped(1, 2), 5: done}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newStandIn(tt.nodes)
				for _, id := range tt.fail {
					s.fail[id] = true
				}
				rep, err := schedule.Run(t.Context(), tt.nodes, s.run, schedule.Options{Jobs: 2})
				if diff := cmp.Diff(tt.want, outcomes(rep)); diff != "" {
					t.Errorf("outcomes (-want +got):\n%s", diff)
				}
				for id, o := range tt.want {
					if o.Outcome == schedule.Skipped && s.runs[id] != 0 {
						t.Errorf("skipped batch %d ran %d times", id, s.runs[id])
					}
				}
				for _, id := range tt.fail {
					if want := fmt.Sprintf("batch %d failed at gate", id); err == nil || !strings.Contains(err.Error(), want) {
						t.Errorf("Run returned %v, want an error containing %q", err, want)
					}
				}
				if rep.StoppedBecause != "" {
					t.Errorf("StoppedBecause = %q, want empty: the run did not stop early", rep.StoppedBecause)
				}
			})
		})
	}
}

func TestFailFastStartsNothingAfterTheFirstFailure(t *testing.T) {
	done := outcome{Outcome: schedule.Done}
	failed := outcome{Outcome: schedule.Failed}
	notStarted := outcome{Outcome: schedule.NotStarted}
	skipped := outcome{schedule.Skipped, []int{42}}
	tests := []struct {
		name       string
		fail       int
		want       map[int]outcome
		wantReason string
		wantErr    string
	}{
		// 43 fails at 37 while 42 runs to 55 and is done; nothing starts after.
		{"43 fails while 42 runs", 43,
			map[int]outcome{42: done, 43: failed, 44: notStarted, 45: notStarted, 46: notStarted, 47: notStarted},
			"fail-fast after batch 43 failed",
			"batch 43 failed at gate\nfail-fast after batch 43 failed: not started: 44, 45, 46, 47"},
		{"42 fails: its dependents are skipped, not just left", 42,
			map[int]outcome{42: failed, 43: done, 44: skipped, 45: skipped, 46: skipped, 47: skipped},
			"fail-fast after batch 42 failed",
			"batch 42 failed at gate\nfail-fast after batch 42 failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newStandIn(planNodes())
				s.fail[tt.fail] = true
				rep, err := schedule.Run(t.Context(), planNodes(), s.run, schedule.Options{Jobs: 2, FailFast: true})
				if diff := cmp.Diff(tt.want, outcomes(rep)); diff != "" {
					t.Errorf("outcomes (-want +got):\n%s", diff)
				}
				if rep.StoppedBecause != tt.wantReason {
					t.Errorf("StoppedBecause = %q, want %q", rep.StoppedBecause, tt.wantReason)
				}
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("Run returned %v, want %q", err, tt.wantErr)
				}
				var stop *schedule.StopError
				if !errors.As(err, &stop) {
					t.Errorf("Run returned %v, want a *StopError in it", err)
				}
			})
		})
	}
}

func TestAPanickingBatchFailsAndTheOthersGoOn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newStandIn(planNodes())
		s.panics[44] = true
		rep, err := schedule.Run(t.Context(), planNodes(), s.run, schedule.Options{})
		done := outcome{Outcome: schedule.Done}
		want := map[int]outcome{42: done, 43: done, 44: {Outcome: schedule.Failed}, 45: {schedule.Skipped, []int{44}},
			46: done, 47: {schedule.Skipped, []int{44}}}
		if diff := cmp.Diff(want, outcomes(rep)); diff != "" {
			t.Errorf("outcomes (-want +got):\n%s", diff)
		}
		var p *schedule.PanicError
		if !errors.As(err, &p) || p.ID != 44 || p.Error() != "batch 44 panicked: boom" || len(p.Recovered.Stack) == 0 {
			t.Errorf("Run returned %v, want a *PanicError for batch 44 with its stack", err)
		}
	})
}
