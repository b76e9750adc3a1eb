package plan

import (
	"slices"

	"portwave/mage/callgraph"
)

// Suggestion is a change to the plan's waves and dependencies after which
// every call from a batch's feature lands on a feature that is done, in the
// same batch or ported by a batch that runs before it.
type Suggestion struct {
	Issues       []CallIssue // the calls that cross the plan now
	Later        int         // of them, into a later wave
	Parallel     int         // into another batch of the same wave
	FeatureMoves []FeatureMove
	Dropped      []int  // batches the feature moves leave empty
	Strategy     string // which way the batches move
	Moves        []Move
	Deps         []AddedDep
	// Unplanned are calls into features no batch ports: no wave change
	// fixes those; the callee has to join a batch.
	Unplanned []CallIssue
	// Cycles are batches whose features call each other both ways: no
	// order fixes those; the batches have to be merged, or the calls ported
	// as stubs first.
	Cycles        [][]int
	Before, After Makespans
	Plan          *Plan // the plan with the changes made
}

// FeatureMove takes a feature out of a batch that calls into a batch which
// in turn depends on it, into the batch it calls.
type FeatureMove struct {
	ID, From, To int
	Edge         callgraph.Edge // the call that made the move
}

// Move changes a batch's wave.
type Move struct{ Batch, From, To int }

// AddedDep is a dependency the plan should declare, with the first call
// that needs it.
type AddedDep struct {
	Batch, On int
	Edge      callgraph.Edge
}

// Suggest finds a small set of feature moves, wave changes and added
// dependencies that makes the plan agree with its calls. Batches that call
// each other are untangled first by moving one end of a crossing call
// (moveFeatures). For the waves it tries two ways, moving callers
// into later waves and moving callees into earlier ones, and keeps the one
// that moves fewer batches, then the one with the shorter makespan at two
// agents. Every call into another batch's pending feature also becomes a
// declared dependency unless one is already implied, so that `mage all`,
// which has no waves, keeps the same order.
func Suggest(p *Plan, db Inventory, edges []callgraph.Edge) Suggestion {
	weight := PendingWeight(db)
	s := Suggestion{Issues: CallIssues(p, db, edges), Before: p.MakespansOf(weight)}
	for _, is := range s.Issues {
		switch {
		case is.Order == CallUnplanned:
			s.Unplanned = append(s.Unplanned, is)
		case is.Order == CallLater:
			s.Later++
		default:
			if from, to := p.batchWave(is.Batch), p.batchWave(is.Callee); from == to {
				s.Parallel++
			}
		}
	}
	p = p.clone()
	needs, req := requirements(p, db, edges)
	cycled, cyclic := cycles(p, req)
	if len(cycled) > 0 {
		// Try moving either end of the calls; keep the way that leaves
		// fewer cycles, then the shorter makespan at two agents.
		var bestPlan *Plan
		var bestScore [2]float64
		for _, callees := range []bool{false, true} {
			q := p.clone()
			moves := moveFeatures(q, db, edges, s.Issues, cyclic, callees)
			if len(moves) == 0 {
				continue
			}
			_, qreq := requirements(q, db, edges)
			left, _ := cycles(q, qreq)
			score := [2]float64{float64(len(left)), q.Makespan(2, weight)}
			if bestPlan == nil || slices.Compare(score[:], bestScore[:]) < 0 {
				bestPlan, bestScore, s.FeatureMoves = q, score, moves
			}
		}
		if bestPlan != nil {
			p = bestPlan
			s.Dropped = dropEmpty(p)
			needs, req = requirements(p, db, edges)
			cycled, cyclic = cycles(p, req)
		}
	}
	s.Cycles = cycled
	waves := func(dir int) (map[int]int, bool) { return relax(p, req, cyclic, dir) }
	best := ""
	var bestWaves map[int]int
	var bestScore [3]float64
	for _, try := range []struct {
		name string
		dir  int
	}{{"move callers into later waves", +1}, {"move callees into earlier waves", -1}} {
		w, ok := waves(try.dir)
		if !ok {
			continue
		}
		q := p.clone()
		moved, shift := 0, 0
		for i := range q.Batches {
			b := &q.Batches[i]
			if w[b.ID] != b.Wave {
				moved++
				shift += abs(w[b.ID] - b.Wave)
				b.Wave = w[b.ID]
			}
		}
		score := [3]float64{float64(moved), q.Makespan(2, weight), float64(shift)}
		if best == "" || slices.Compare(score[:], bestScore[:]) < 0 {
			best, bestWaves, bestScore = try.name, w, score
		}
	}
	s.Plan = p.clone()
	if best == "" {
		s.After = s.Before
		return s
	}
	if bestScore[0] > 0 {
		s.Strategy = best
	}
	for i := range s.Plan.Batches {
		b := &s.Plan.Batches[i]
		if to := bestWaves[b.ID]; to != b.Wave {
			s.Moves = append(s.Moves, Move{b.ID, b.Wave, to})
			b.Wave = to
		}
	}
	s.Deps = addDeps(s.Plan, needs, cyclic)
	s.After = s.Plan.MakespansOf(weight)
	return s
}

// requirements is, for each batch, the batches whose pending features it
// calls (with the first call), and those plus its declared dependencies.
func requirements(p *Plan, db Inventory, edges []callgraph.Edge) (map[int]map[int]callgraph.Edge, map[int][]int) {
	needs := callNeeds(p, db, edges)
	req := map[int][]int{}
	for _, b := range p.Batches {
		req[b.ID] = append(req[b.ID], b.DepIDs()...)
		req[b.ID] = append(req[b.ID], sortedKeys(needs[b.ID])...)
	}
	return needs, req
}

func (p *Plan) batchWave(id int) int {
	if b, ok := p.Batch(id); ok {
		return b.Wave
	}
	return 0
}
