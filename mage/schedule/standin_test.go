package schedule_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"portwave/mage/schedule"
)

// unit is how long one unit of weight takes a stand-in batch. The tests run
// inside testing/synctest bubbles, where time is fake and advances only when
// every goroutine waits, so durations are exact and cost no real time.
const unit = time.Millisecond

// planNodes are the six batches of the deferred-features plan
// (internal/fixture/testdata/plan/2026-03-01-deferred-features-design.md), weighted by
// the features each ports (batch 42 includes the added stub, batch 47 all
// the IDs its ranges list).
func planNodes() []schedule.Node {
	return []schedule.Node{
		{ID: 42, Weight: 55},
		{ID: 43, Weight: 37},
		{ID: 44, Deps: []int{42}, Weight: 46},
		{ID: 45, Deps: []int{44}, Weight: 42},
		{ID: 46, Deps: []int{42}, Weight: 45},
		{ID: 47, Deps: []int{44, 45}, Weight: 152},
	}
}

// planWaves are the plan's execution waves, each to run after the previous
// one has finished entirely.
var planWaves = [][]int{{42, 43}, {44, 46}, {45}, {47}}

// randomDAG makes n batches numbered 1..n, each depending on up to three
// earlier ones, with weights from 1 to 100.
func randomDAG(seed uint64, n int) []schedule.Node {
	r := rand.New(rand.NewPCG(seed, 0))
	nodes := make([]schedule.Node, n)
	for i := range nodes {
		nodes[i] = schedule.Node{ID: i + 1, Weight: float64(1 + r.IntN(100))}
		for range r.IntN(min(i, 3) + 1) {
			nodes[i].Deps = append(nodes[i].Deps, 1+r.IntN(i))
		}
	}
	return nodes
}

// standIn plays the batches: each runs for its weight in units (or what
// took says), fails if told to, and returns early with an error when its
// context is cancelled, unless told to finish anyway.
type standIn struct {
	took          map[int]time.Duration
	fail          map[int]bool
	panics        map[int]bool
	ignoresCancel map[int]bool
	costPerBatch  float64

	mu      sync.Mutex
	runs    map[int]int
	current int // batches running now
	most    int // most batches running at once
	spent   float64
}

func newStandIn(nodes []schedule.Node) *standIn {
	s := &standIn{took: map[int]time.Duration{}, fail: map[int]bool{}, panics: map[int]bool{},
		ignoresCancel: map[int]bool{}, runs: map[int]int{}}
	for _, n := range nodes {
		s.took[n.ID] = time.Duration(n.Weight * float64(unit))
	}
	return s
}

func (s *standIn) run(ctx context.Context, id int) error {
	s.mu.Lock()
	s.runs[id]++
	s.current++
	s.most = max(s.most, s.current)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.current--
		s.spent += s.costPerBatch
		s.mu.Unlock()
	}()
	cancelled := ctx.Done()
	if s.ignoresCancel[id] {
		cancelled = nil
	}
	select {
	case <-time.After(s.took[id]):
	case <-cancelled:
		return fmt.Errorf("batch %d: agent: %w", id, ctx.Err())
	}
	if s.panics[id] {
		panic("boom")
	}
	if s.fail[id] {
		return fmt.Errorf("batch %d failed at gate", id)
	}
	return nil
}

func (s *standIn) budget(limit float64) func() (float64, float64) {
	return func() (float64, float64) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.spent, limit
	}
}

// outcome is the part of a Result that tests compare.
type outcome struct {
	Outcome        schedule.Outcome
	SkippedBecause []int
}

func outcomes(rep schedule.Report) map[int]outcome {
	got := map[int]outcome{}
	for id, r := range rep.Results {
		got[id] = outcome{r.Outcome, r.SkippedBecause}
	}
	return got
}
