package schedule_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"portwave/mage/schedule"
)

// The acceptance "speed of the schedule": with durations proportional to the
// plan's feature counts, the makespan on 1, 2 and 3 agents is within 1% of
// the lower bound max(critical path, total work / agents), or, where no
// schedule reaches that bound, of the best list schedule found by trying
// every priority order. Durations are exact: the runs happen in synctest's
// fake time.

func TestThePlanFinishesWithinOnePercentOfTheBestPossibleSchedule(t *testing.T) {
	equal := []schedule.Node{{ID: 1, Weight: 1}, {ID: 2, Weight: 1}, {ID: 3, Weight: 1}}
	tests := []struct {
		name  string
		nodes []schedule.Node
		waves [][]int
		jobs  int
	}{
		{"the plan on one agent", planNodes(), planWaves, 1},
		{"the plan on two agents", planNodes(), planWaves, 2},
		{"the plan on three agents", planNodes(), planWaves, 3},
		// The bound, 1.5, would need a batch split across agents.
		{"three equal batches on two agents", equal, nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			took := durations(tt.nodes, nil)
			bound := lowerBound(tt.nodes, took, tt.jobs)
			best := bestListSchedule(tt.nodes, took, tt.jobs)
			if best < bound {
				t.Fatalf("a list schedule of %v beats the lower bound %v: the simulation is wrong", best, bound)
			}
			target, against := bound, "the lower bound"
			if float64(best) > 1.01*float64(bound) {
				target, against = best, "the best list schedule (the bound is not achievable)"
			}
			var got, waves time.Duration
			synctest.Test(t, func(t *testing.T) {
				got = dagMakespan(t, tt.nodes, took, tt.jobs)
				if tt.waves != nil {
					waves = waveMakespan(t, tt.nodes, took, tt.waves, tt.jobs)
				}
			})
			if float64(got) > 1.01*float64(target) {
				t.Errorf("makespan %v is more than 1%% above %s, %v", units(got), against, units(target))
			}
			msg := fmt.Sprintf("jobs=%d: makespan %v, lower bound %v, best list schedule %v (x%.4f of %s)",
				tt.jobs, units(got), units(bound), units(best), float64(got)/float64(target), against)
			if tt.waves != nil {
				if got > waves {
					t.Errorf("makespan %v is longer than with wave barriers, %v", units(got), units(waves))
				}
				msg += fmt.Sprintf("; wave barriers %v (%.1f%% sooner)", units(waves), 100*(1-float64(got)/float64(waves)))
			}
			t.Log(msg)
		})
	}
}

// With the plan's weights the waves happen to lose nothing: 44 and 46 end
// within a unit of each other. Real durations vary around the estimates;
// then a batch no longer waits for an unrelated one of the wave before.
func TestThePlanIsNeverSlowerThanWaveBarriersWhenDurationsVary(t *testing.T) {
	const samples = 100
	for jobs := 1; jobs <= 3; jobs++ {
		r := rand.New(rand.NewPCG(uint64(jobs), 42))
		var saved, mostSaved, overBest float64
		for range samples {
			took := durations(planNodes(), func() float64 { return 0.5 + r.Float64() })
			var dag, waves time.Duration
			synctest.Test(t, func(t *testing.T) {
				dag = dagMakespan(t, planNodes(), took, jobs)
				waves = waveMakespan(t, planNodes(), took, planWaves, jobs)
			})
			if dag > waves {
				t.Errorf("jobs=%d, durations %v: makespan %v is longer than with wave barriers, %v", jobs, took, dag, waves)
			}
			saving := 1 - float64(dag)/float64(waves)
			saved += saving / samples
			mostSaved = max(mostSaved, saving)
			overBest += (float64(dag)/float64(bestListSchedule(planNodes(), took, jobs)) - 1) / samples
		}
		t.Logf("jobs=%d, durations 0.5-1.5x the estimates (%d samples): %.1f%% sooner than wave barriers on average, "+
			"%.1f%% at most; %.2f%% above the best list schedule for the actual durations on average",
			jobs, samples, 100*saved, 100*mostSaved, 100*overBest)
	}
}

// durations gives each batch its weight in units, scaled by vary if set.
func durations(nodes []schedule.Node, vary func() float64) map[int]time.Duration {
	took := map[int]time.Duration{}
	for _, n := range nodes {
		f := 1.0
		if vary != nil {
			f = vary()
		}
		took[n.ID] = time.Duration(n.Weight * f * float64(unit))
	}
	return took
}

func units(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(unit)) }

// dagMakespan runs the whole graph at once; call it in a synctest bubble.
func dagMakespan(t *testing.T, nodes []schedule.Node, took map[int]time.Duration, jobs int) time.Duration {
	s := newStandIn(nodes)
	s.took = took
	rep, err := schedule.Run(t.Context(), nodes, s.run, schedule.Options{Jobs: jobs})
	if err != nil {
		t.Fatal(err)
	}
	return rep.End.Sub(rep.Start)
}

// waveMakespan runs the graph one wave at a time, each after the previous
// one has finished entirely, as wave targets run it.
func waveMakespan(t *testing.T, nodes []schedule.Node, took map[int]time.Duration, waves [][]int, jobs int) time.Duration {
	var total time.Duration
	var done []int
	for _, wave := range waves {
		var in []schedule.Node
		for _, n := range nodes {
			if slices.Contains(wave, n.ID) {
				in = append(in, n)
			}
		}
		s := newStandIn(in)
		s.took = took
		rep, err := schedule.Run(t.Context(), in, s.run, schedule.Options{Jobs: jobs,
			Done: func(id int) bool { return slices.Contains(done, id) }})
		if err != nil {
			t.Fatal(err)
		}
		total += rep.End.Sub(rep.Start)
		done = append(done, wave...)
	}
	return total
}
