package schedule_test

import (
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/schedule"
)

func TestBatchesDoneEarlierAreNotRunAgainAndUnblockTheirDependents(t *testing.T) {
	done := outcome{Outcome: schedule.Done}
	already := outcome{Outcome: schedule.AlreadyDone}
	tests := []struct {
		name      string
		nodes     []schedule.Node
		done      []int
		want      map[int]outcome
		wantOrder []int
	}{
		// 45 waits only for 44, so it starts at once, heaviest first.
		{"42 and 44 done in the ledger", planNodes(), []int{42, 44},
			map[int]outcome{42: already, 43: done, 44: already, 45: done, 46: done, 47: done},
			[]int{45, 46, 43, 47}},
		{"everything done", planNodes(), []int{42, 43, 44, 45, 46, 47},
			map[int]outcome{42: already, 43: already, 44: already, 45: already, 46: already, 47: already},
			nil},
		// A wave is run alone: its dependencies on earlier waves are done.
		{"wave 2 after wave 1", []schedule.Node{planNodes()[2], planNodes()[4]}, []int{42, 43},
			map[int]outcome{44: done, 46: done},
			[]int{44, 46}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				asked := map[int]int{}
				isDone := func(id int) bool {
					asked[id]++
					for _, d := range tt.done {
						if d == id {
							return true
						}
					}
					return false
				}
				s := newStandIn(tt.nodes)
				rep, err := schedule.Run(t.Context(), tt.nodes, s.run, schedule.Options{Jobs: 3, Done: isDone})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, outcomes(rep)); diff != "" {
					t.Errorf("outcomes (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.wantOrder, rep.Order); diff != "" {
					t.Errorf("start order (-want +got):\n%s", diff)
				}
				for _, id := range tt.done {
					if s.runs[id] != 0 {
						t.Errorf("batch %d was done but ran %d times", id, s.runs[id])
					}
				}
				for id, n := range asked {
					if n != 1 {
						t.Errorf("Done was asked about batch %d %d times, want once", id, n)
					}
				}
			})
		})
	}
}
