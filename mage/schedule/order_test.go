package schedule_test

import (
	"slices"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/schedule"
)

func TestBatchesStartInDependencyOrderAndNeverExceedTheLimit(t *testing.T) {
	tests := []struct {
		name     string
		nodes    []schedule.Node
		jobs     int
		wantMost int // most batches running at once: the limit, where the graph allows it
	}{
		{"the plan on one agent", planNodes(), 1, 1},
		{"the plan on two agents", planNodes(), 2, 2},
		{"the plan on three agents, which it never fills", planNodes(), 3, 2},
		{"a wide random graph on one agent", randomDAG(1, 60), 1, 1},
		{"a wide random graph on two agents", randomDAG(1, 60), 2, 2},
		{"a wide random graph on three agents", randomDAG(1, 60), 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newStandIn(tt.nodes)
				rep, err := schedule.Run(t.Context(), tt.nodes, s.run, schedule.Options{Jobs: tt.jobs})
				if err != nil {
					t.Fatal(err)
				}
				for _, n := range tt.nodes {
					r := rep.Results[n.ID]
					if r.Outcome != schedule.Done {
						t.Errorf("batch %d ended %v, want done", n.ID, r.Outcome)
					}
					for _, d := range n.Deps {
						if dep := rep.Results[d]; dep.End.After(r.Start) {
							t.Errorf("batch %d started at %v, before its dependency %d ended at %v",
								n.ID, r.Start.Sub(rep.Start), d, dep.End.Sub(rep.Start))
						}
						if slices.Index(rep.Order, d) > slices.Index(rep.Order, n.ID) {
							t.Errorf("start order %v puts batch %d before its dependency %d", rep.Order, n.ID, d)
						}
					}
				}
				if len(rep.Order) != len(tt.nodes) {
					t.Errorf("%d batches started, want %d", len(rep.Order), len(tt.nodes))
				}
				if s.most != tt.wantMost {
					t.Errorf("at most %d batches ran at once, want %d (limit %d)", s.most, tt.wantMost, tt.jobs)
				}
			})
		})
	}
}

func TestTheReadyBatchWithTheLongestRemainingPathStartsFirst(t *testing.T) {
	// Four chains: 3 then 6 (2+30), 2 then 5 (1+20), 1 alone (10), 4 alone
	// (5). Their own weights would order them 4, 1, 3, 2 or 2, 3, 4, 1.
	chains := []schedule.Node{
		{ID: 1, Weight: 10},
		{ID: 2, Weight: 1},
		{ID: 3, Weight: 2},
		{ID: 4, Weight: 5},
		{ID: 5, Deps: []int{2}, Weight: 20},
		{ID: 6, Deps: []int{3}, Weight: 30},
	}
	tests := []struct {
		name      string
		nodes     []schedule.Node
		jobs      int
		wantOrder []int
	}{
		{"chains on one agent", chains, 1, []int{3, 6, 2, 5, 1, 4}},
		// 3 and 2 start; 2 ends at 1 and 5 (20) beats 1 (10); 3 ends at 2
		// and 6 starts; 5 ends at 21 and 1 starts; 1 ends at 31, then 4.
		{"chains on two agents", chains, 2, []int{3, 2, 5, 6, 1, 4}},
		{"equal paths go by lower ID", []schedule.Node{{ID: 7, Weight: 3}, {ID: 5, Weight: 3}, {ID: 6, Weight: 3}}, 1, []int{5, 6, 7}},
		// 42 leads 42-44-45-47 (295); after it 44 (240) beats 46 (45) and
		// 43 (37), then 45 (194) and 47 (152).
		{"the plan on one agent", planNodes(), 1, []int{42, 44, 45, 47, 46, 43}},
		{"the plan on two agents", planNodes(), 2, []int{42, 43, 44, 46, 45, 47}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newStandIn(tt.nodes)
				rep, err := schedule.Run(t.Context(), tt.nodes, s.run, schedule.Options{Jobs: tt.jobs})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.wantOrder, rep.Order); diff != "" {
					t.Errorf("start order (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestEachBatchRunsOnceEvenWithManyDependents(t *testing.T) {
	// Batch 1 has 100 dependents, each of which also waits for batch 2;
	// batch 1000 waits for all of them.
	nodes := []schedule.Node{{ID: 1, Weight: 5}, {ID: 2, Weight: 7}}
	var all []int
	for id := 10; id < 110; id++ {
		nodes = append(nodes, schedule.Node{ID: id, Deps: []int{1, 2, 1}, Weight: float64(id % 7)})
		all = append(all, id)
	}
	nodes = append(nodes, schedule.Node{ID: 1000, Deps: all, Weight: 1})
	synctest.Test(t, func(t *testing.T) {
		s := newStandIn(nodes)
		rep, err := schedule.Run(t.Context(), nodes, s.run, schedule.Options{Jobs: 3})
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]int{}
		for _, n := range nodes {
			want[n.ID] = 1
		}
		if diff := cmp.Diff(want, s.runs); diff != "" {
			t.Errorf("runs per batch (-want +got):\n%s", diff)
		}
		if got := rep.IDs(schedule.Done); len(got) != len(nodes) {
			t.Errorf("%d batches done, want %d", len(got), len(nodes))
		}
	})
}
