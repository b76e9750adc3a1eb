package schedule_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/schedule"
)

func TestBadGraphsAreRejectedBeforeAnythingRuns(t *testing.T) {
	n := func(id int, deps ...int) schedule.Node { return schedule.Node{ID: id, Deps: deps, Weight: 1} }
	tests := []struct {
		name      string
		nodes     []schedule.Node
		done      []int
		wantErr   string
		wantCycle []int
	}{
		{"two batches that wait for each other", []schedule.Node{n(42), n(44, 45), n(45, 44)}, nil,
			"cycle: 44 -> 45 -> 44", []int{44, 45, 44}},
		{"a batch that waits for itself", []schedule.Node{n(7, 7)}, nil, "cycle: 7 -> 7", []int{7, 7}},
		// The search enters the cycle at 5 from 1; the message starts at its lowest batch.
		{"a cycle entered from outside it", []schedule.Node{n(1, 5), n(3, 5), n(5, 3)}, nil,
			"cycle: 3 -> 5 -> 3", []int{3, 5, 3}},
		{"a longer cycle", []schedule.Node{n(9, 8), n(8, 6), n(6, 9), n(2)}, nil,
			"cycle: 6 -> 9 -> 8 -> 6", []int{6, 9, 8, 6}},
		{"a dependency that is nowhere", []schedule.Node{n(42), n(44, 99)}, nil,
			"batch 44 depends on 99, which is neither scheduled nor done", nil},
		{"a dependency outside the run that is not done", []schedule.Node{n(44, 42), n(46, 42)}, []int{43},
			"batch 44 depends on 42, which is neither scheduled nor done", nil},
		{"a batch listed twice", []schedule.Node{n(44), n(45), n(44)}, nil, "batch 44 is listed twice", nil},
		{"a negative weight", []schedule.Node{{ID: 44, Weight: -1}}, nil,
			"batch 44: weight -1 is not a duration: want a finite number >= 0", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran := 0
			run := func(context.Context, int) error { ran++; return nil }
			isDone := func(id int) bool {
				for _, d := range tt.done {
					if d == id {
						return true
					}
				}
				return false
			}
			events := 0
			rep, err := schedule.Run(t.Context(), tt.nodes, run,
				schedule.Options{Done: isDone, Events: func(schedule.Event) { events++ }})
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("Run returned %v, want %q", err, tt.wantErr)
			}
			var cycle *schedule.CycleError
			if errors.As(err, &cycle) != (tt.wantCycle != nil) {
				t.Errorf("Run returned %T, want a *CycleError: %v", err, tt.wantCycle != nil)
			} else if cycle != nil {
				if diff := cmp.Diff(tt.wantCycle, cycle.Path); diff != "" {
					t.Errorf("cycle path (-want +got):\n%s", diff)
				}
			}
			if ran != 0 || events != 0 || rep.Results != nil {
				t.Errorf("ran %d batches and sent %d events for a bad graph, want none", ran, events)
			}
		})
	}
}

func TestAnEmptyGraphRunsNothing(t *testing.T) {
	rep, err := schedule.Run(t.Context(), nil, func(context.Context, int) error { return errors.New("ran") }, schedule.Options{})
	if err != nil || len(rep.Results) != 0 || len(rep.Order) != 0 {
		t.Errorf("Run(nil) = %+v, %v; want an empty report and no error", rep, err)
	}
}
