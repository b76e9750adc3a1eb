package schedule_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/schedule"
)

func TestTheBudgetStopsNewBatchesAndLetsRunningOnesFinish(t *testing.T) {
	done := outcome{Outcome: schedule.Done}
	notStarted := outcome{Outcome: schedule.NotStarted}
	// Each batch costs $10 when it ends. On two agents 42 and 43 start at 0;
	// 43 ends at 37, 42 at 55, then 44 and 46; 46 ends at 100, 44 at 101.
	tests := []struct {
		name       string
		limit      float64
		want       map[int]outcome
		wantReason string
	}{
		{"no limit", 0,
			map[int]outcome{42: done, 43: done, 44: done, 45: done, 46: done, 47: done}, ""},
		// Spent passes $5 at 37 while 42 runs; 42 finishes, nothing else starts.
		{"a limit passed while a batch runs", 5,
			map[int]outcome{42: done, 43: done, 44: notStarted, 45: notStarted, 46: notStarted, 47: notStarted},
			"budget of $5.00 reached ($20.00 spent)"},
		{"a limit passed later", 25,
			map[int]outcome{42: done, 43: done, 44: done, 45: notStarted, 46: done, 47: notStarted},
			"budget of $25.00 reached ($40.00 spent)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newStandIn(planNodes())
				s.costPerBatch = 10
				rep, err := schedule.Run(t.Context(), planNodes(), s.run,
					schedule.Options{Jobs: 2, BudgetUSD: s.budget(tt.limit)})
				if diff := cmp.Diff(tt.want, outcomes(rep)); diff != "" {
					t.Errorf("outcomes (-want +got):\n%s", diff)
				}
				if rep.StoppedBecause != tt.wantReason {
					t.Errorf("StoppedBecause = %q, want %q", rep.StoppedBecause, tt.wantReason)
				}
				var stop *schedule.StopError
				if stopped := errors.As(err, &stop); stopped != (tt.wantReason != "") {
					t.Errorf("Run returned %v; want a *StopError: %v", err, tt.wantReason != "")
				}
			})
		})
	}
}

func TestCancellingInterruptsRunningBatchesAndStartsNothingNew(t *testing.T) {
	done := outcome{Outcome: schedule.Done}
	interrupted := outcome{Outcome: schedule.Interrupted}
	notStarted := outcome{Outcome: schedule.NotStarted}
	// On two agents 44 and 46 run from 55 to 101 and 100; the cancel comes at 60.
	tests := []struct {
		name          string
		cause         error
		ignoresCancel []int
		want          map[int]outcome
		wantReason    string
		wantEnd       time.Duration // when Run returns
	}{
		{"both running batches stop", nil, nil,
			map[int]outcome{42: done, 43: done, 44: interrupted, 45: notStarted, 46: interrupted, 47: notStarted},
			"interrupted", 60 * unit},
		{"a batch that finishes its work anyway is done", nil, []int{46},
			map[int]outcome{42: done, 43: done, 44: interrupted, 45: notStarted, 46: done, 47: notStarted},
			"interrupted", 100 * unit},
		{"a signal names itself", &schedule.SignalError{Signal: os.Interrupt}, nil,
			map[int]outcome{42: done, 43: done, 44: interrupted, 45: notStarted, 46: interrupted, 47: notStarted},
			"interrupted by SIGINT", 60 * unit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newStandIn(planNodes())
				for _, id := range tt.ignoresCancel {
					s.ignoresCancel[id] = true
				}
				ctx, cancel := context.WithCancelCause(t.Context())
				defer cancel(nil)
				go func() {
					time.Sleep(60 * unit)
					cancel(tt.cause)
				}()
				rep, err := schedule.Run(ctx, planNodes(), s.run, schedule.Options{Jobs: 2})
				if diff := cmp.Diff(tt.want, outcomes(rep)); diff != "" {
					t.Errorf("outcomes (-want +got):\n%s", diff)
				}
				if rep.StoppedBecause != tt.wantReason {
					t.Errorf("StoppedBecause = %q, want %q", rep.StoppedBecause, tt.wantReason)
				}
				if got := rep.End.Sub(rep.Start); got != tt.wantEnd {
					t.Errorf("Run returned after %v, want %v", got, tt.wantEnd)
				}
				wantCause := tt.cause
				if wantCause == nil {
					wantCause = context.Canceled
				}
				if !errors.Is(err, wantCause) {
					t.Errorf("Run returned %v, want it to wrap %v", err, wantCause)
				}
				if s.runs[45]+s.runs[47] != 0 {
					t.Errorf("batches 45 and 47 ran %d times after the cancel, want none", s.runs[45]+s.runs[47])
				}
			})
		})
	}
}

func TestAnAlreadyCancelledRunStartsNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	s := newStandIn(planNodes())
	rep, err := schedule.Run(ctx, planNodes(), s.run, schedule.Options{Done: func(id int) bool { return id == 43 }})
	want := []int{42, 44, 45, 46, 47}
	if diff := cmp.Diff(want, rep.IDs(schedule.NotStarted)); diff != "" {
		t.Errorf("not started (-want +got):\n%s", diff)
	}
	if len(s.runs) != 0 || !errors.Is(err, context.Canceled) {
		t.Errorf("ran %v and returned %v, want nothing run and context.Canceled", s.runs, err)
	}
}
