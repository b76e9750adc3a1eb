package schedule_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"portwave/mage/schedule"
)

// BenchmarkPlanMakespan runs the plan in real time, one millisecond per
// feature, so ns/op is the makespan including the scheduler's own cost and
// timer slack; x-bound is the makespan over the lower bound. The waves
// sub-benchmarks run it wave by wave for comparison.
func BenchmarkPlanMakespan(b *testing.B) {
	const feature = time.Millisecond
	took := map[int]time.Duration{}
	for _, n := range planNodes() {
		took[n.ID] = time.Duration(n.Weight) * feature
	}
	for _, mode := range []string{"dag", "waves"} {
		for jobs := 1; jobs <= 3; jobs++ {
			b.Run(fmt.Sprintf("%s/jobs=%d", mode, jobs), func(b *testing.B) {
				bound := lowerBound(planNodes(), took, jobs)
				var total time.Duration
				for b.Loop() {
					start := time.Now()
					waves := [][]int{{42, 43, 44, 45, 46, 47}}
					if mode == "waves" {
						waves = planWaves
					}
					var done []int
					for _, wave := range waves {
						var in []schedule.Node
						for _, n := range planNodes() {
							if slices.Contains(wave, n.ID) {
								in = append(in, n)
							}
						}
						s := newStandIn(in)
						s.took = took
						if _, err := schedule.Run(context.Background(), in, s.run, schedule.Options{Jobs: jobs,
							Done: func(id int) bool { return slices.Contains(done, id) }}); err != nil {
							b.Fatal(err)
						}
						done = append(done, wave...)
					}
					total += time.Since(start)
				}
				b.ReportMetric(float64(total)/float64(b.N)/float64(bound), "x-bound")
			})
		}
	}
}

// BenchmarkSchedulerOverhead runs 1,000 batches of a random graph that do
// nothing, so all the time is the scheduler's: ns/batch is its cost per batch.
func BenchmarkSchedulerOverhead(b *testing.B) {
	nodes := randomDAG(7, 1000)
	nothing := func(context.Context, int) error { return nil }
	for _, jobs := range []int{1, 3, 16} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := schedule.Run(context.Background(), nodes, nothing, schedule.Options{Jobs: jobs}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed())/float64(b.N*len(nodes)), "ns/batch")
		})
	}
}
