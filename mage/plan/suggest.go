package plan

import (
	"cmp"
	"slices"

	"portwave/mage/callgraph"
)

// Suggestion is a change to the plan after which every call between the
// pending features of two batches is ordered by the declared dependencies
// (validate reports none of them), except the calls it says it cannot
// place: into features no batch ports, and those it accepts unordered
// because their batches call each other both ways.
type Suggestion struct {
	Issues   []CallIssue // the calls the declared dependencies do not order now
	Later    int         // of them, into a later wave
	Parallel int         // into another batch of the same wave

	FeatureMoves []FeatureMove
	Dropped      []int  // batches the feature moves leave empty
	Strategy     string // which way the batches move
	Moves        []Move
	Deps         []AddedDep
	// Accepted are the calls between batches that call each other both
	// ways, once no feature can move to break the cycle: the lighter way
	// is accepted unordered (its callees are stubs until their batch
	// merges), the heavier becomes a dependency.
	Accepted []AcceptedPair
	// Unplanned are calls into features no batch ports: no order fixes
	// those; the callee has to join a batch.
	Unplanned     []CallIssue
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

// AcceptedPair is the calls of one batch into another that the plan
// should accept unordered, and why: Against is the batch the callee's
// batch runs after (through Cycle), which the calls cannot reverse.
type AcceptedPair struct {
	Batch, On int
	Calls     int            // caller and callee pairs
	Edge      callgraph.Edge // the first
	Cycle     []int          // On ... Batch: the order that is kept
}

// Suggest finds a change that makes the plan agree with its calls, and
// keeps going until nothing is left to change (so that running it again
// on its own result proposes nothing):
//
//  1. batches that call each other both ways are untangled by moving one
//     end of a crossing call into the other batch (moveFeatures), as long
//     as a move breaks a cycle;
//  2. the calls left, heaviest pair of batches first, become requirements;
//     one that would close a cycle is accepted unordered instead;
//  3. the waves move so that every requirement is in an earlier wave, the
//     callers later or the callees earlier, whichever moves fewer batches,
//     then gives the shorter makespan at two agents;
//  4. every requirement not implied by the declared dependencies becomes a
//     declared one, so that `all`, which has no waves, keeps the order.
func Suggest(p *Plan, db Inventory, edges []callgraph.Edge) Suggestion {
	weight := PendingWeight(db)
	s := Suggestion{Issues: CallIssues(p, db, edges), Before: p.MakespansOf(weight)}
	for _, is := range s.Issues {
		switch {
		case is.Order == CallUnplanned:
			s.Unplanned = append(s.Unplanned, is)
		case is.Order == CallLater:
			s.Later++
		case p.batchWave(is.Batch) == p.batchWave(is.Callee):
			s.Parallel++
		}
	}
	q := p.clone()
	s.FeatureMoves, s.Dropped = untangle(q, db, edges, weight)
	pairs := callPairs(q, CallIssues(q, db, edges))
	req := map[int][]int{}
	for _, b := range q.Batches {
		req[b.ID] = b.DepIDs()
	}
	var needs []callPair
	for _, cp := range pairs {
		if path := reachPath(req, cp.to, cp.from); path != nil {
			s.Accepted = append(s.Accepted, AcceptedPair{Batch: cp.from, On: cp.to, Calls: cp.calls, Edge: cp.first, Cycle: path})
			continue
		}
		req[cp.from] = append(req[cp.from], cp.to)
		needs = append(needs, cp)
	}
	s.Strategy, s.Moves = moveWaves(q, req, weight)
	s.Deps = declareNeeds(q, needs)
	for _, a := range s.Accepted {
		b, _ := q.Batch(a.Batch)
		b.Accepted = append(b.Accepted, AcceptedCall{Batch: a.On})
		if b.AcceptedNote == "" {
			b.AcceptedNote = "the batches call each other; these callees are stubs until their batch merges"
		}
	}
	s.Plan, s.After = q, q.MakespansOf(weight)
	return s
}

// callPair is the calls of one batch into another.
type callPair struct {
	from, to int
	calls    int
	first    callgraph.Edge
}

// callPairs groups the issues by caller and callee batch (unplanned and
// accepted ones left out), heaviest first, then by batch.
func callPairs(p *Plan, issues []CallIssue) []callPair {
	at := map[[2]int]int{}
	seen := map[[2]int]bool{}
	var out []callPair
	for _, is := range issues {
		if is.Order == CallUnplanned || is.Order == CallAccepted {
			continue
		}
		k := [2]int{is.Batch, is.Callee}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, callPair{from: is.Batch, to: is.Callee, first: is.Edge})
		}
		if f := [2]int{is.Edge.From, is.Edge.To}; !seen[f] {
			seen[f] = true
			out[i].calls++
		}
	}
	slices.SortStableFunc(out, func(a, b callPair) int {
		return cmp.Or(cmp.Compare(b.calls, a.calls), cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	})
	return out
}

// reachPath is a path from batch from to batch to along req, or nil.
func reachPath(req map[int][]int, from, to int) []int {
	prev := map[int]int{from: from}
	queue := []int{from}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if id == to {
			path := []int{to}
			for at := to; at != from; at = prev[at] {
				path = append(path, prev[at])
			}
			slices.Reverse(path)
			return path
		}
		for _, d := range req[id] {
			if _, ok := prev[d]; !ok {
				prev[d] = id
				queue = append(queue, d)
			}
		}
	}
	return nil
}

// untangle moves features until no two batches call each other both ways,
// or no move breaks a cycle; each feature moves at most once. It returns
// the moves and the batches they left empty (removed from p).
func untangle(p *Plan, db Inventory, edges []callgraph.Edge, weight func(Batch) float64) ([]FeatureMove, []int) {
	var moves []FeatureMove
	var dropped []int
	moved := map[int]bool{}
	for range len(p.Batches) + 1 {
		issues := CallIssues(p, db, edges)
		_, req := requirements(p, db, edges)
		_, cyclic := cycles(p, req)
		if len(cyclic) == 0 {
			break
		}
		// Try moving either end of the calls; keep the way that leaves
		// fewer cycles, then the shorter makespan at two agents.
		var best *Plan
		var bestMoves []FeatureMove
		var bestScore [2]float64
		for _, callees := range []bool{false, true} {
			q := p.clone()
			ms := moveFeatures(q, db, edges, issues, cyclic, callees, moved)
			if len(ms) == 0 {
				continue
			}
			_, qreq := requirements(q, db, edges)
			_, left := cycles(q, qreq)
			score := [2]float64{float64(len(left)), q.Makespan(2, weight)}
			if best == nil || slices.Compare(score[:], bestScore[:]) < 0 {
				best, bestMoves, bestScore = q, ms, score
			}
		}
		if best == nil || bestScore[0] >= float64(len(cyclic)) {
			break // no move parts more batches
		}
		*p = *best
		for _, m := range bestMoves {
			moved[m.ID] = true
		}
		moves = append(moves, bestMoves...)
		dropped = append(dropped, dropEmpty(p)...)
	}
	return moves, dropped
}

// moveWaves moves batches until every requirement is in an earlier wave:
// the callers later or the callees earlier, whichever moves fewer batches,
// then gives the shorter makespan at two agents, then shifts less.
func moveWaves(p *Plan, req map[int][]int, weight func(Batch) float64) (string, []Move) {
	best := ""
	var bestWaves map[int]int
	var bestScore [3]float64
	for _, try := range []struct {
		name string
		dir  int
	}{{"move callers into later waves", +1}, {"move callees into earlier waves", -1}} {
		w, ok := relax(p, req, nil, try.dir)
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
	if best == "" || bestScore[0] == 0 {
		return "", nil
	}
	var moves []Move
	for i := range p.Batches {
		b := &p.Batches[i]
		if to := bestWaves[b.ID]; to != b.Wave {
			moves = append(moves, Move{b.ID, b.Wave, to})
			b.Wave = to
		}
	}
	return best, moves
}

// declareNeeds declares, for each pair of batches whose calls need an
// order, a dependency unless the declared ones already imply it; callers in
// wave order, so that a dependency added early counts for those after it.
func declareNeeds(p *Plan, needs []callPair) []AddedDep {
	byFrom := map[int][]callPair{}
	for _, cp := range needs {
		byFrom[cp.from] = append(byFrom[cp.from], cp)
	}
	order := make([]*Batch, len(p.Batches))
	for i := range p.Batches {
		order[i] = &p.Batches[i]
	}
	slices.SortStableFunc(order, func(a, b *Batch) int { return cmp.Or(cmp.Compare(a.Wave, b.Wave), cmp.Compare(a.ID, b.ID)) })
	var out []AddedDep
	for _, b := range order {
		cps := byFrom[b.ID]
		slices.SortFunc(cps, func(x, y callPair) int { return cmp.Compare(x.to, y.to) })
		for _, cp := range cps {
			if implied(p, b.ID, cp.to) {
				continue
			}
			b.DependsOn = append(b.DependsOn, Dep{ID: cp.to})
			out = append(out, AddedDep{Batch: b.ID, On: cp.to, Edge: cp.first})
		}
	}
	return out
}

// Changes counts what the suggestion changes in the plan.
func (s Suggestion) Changes() int {
	return len(s.FeatureMoves) + len(s.Dropped) + len(s.Moves) + len(s.Deps) + len(s.Accepted)
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
