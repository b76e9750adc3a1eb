package plan

import (
	"cmp"
	"fmt"
	"slices"

	"portwave/mage/callgraph"
)

// Suggestion is a change to the plan's waves and dependencies after which
// every call from a batch's feature lands on a feature that is done, in the
// same batch or ported by a batch that runs before it.
type Suggestion struct {
	Issues       []CallIssue // the calls that cross the plan now
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

// Suggest finds a small set of wave changes and added dependencies that
// makes the plan agree with its calls. It tries two ways, moving callers
// into later waves and moving callees into earlier ones, and keeps the one
// that moves fewer batches, then the one with the shorter makespan at two
// agents. Every call into another batch's pending feature also becomes a
// declared dependency unless one is already implied, so that `mage all`,
// which has no waves, keeps the same order.
func Suggest(p *Plan, db Inventory, edges []callgraph.Edge) Suggestion {
	weight := PendingWeight(db)
	s := Suggestion{Issues: CallIssues(p, db, edges), Before: p.MakespansOf(weight)}
	for _, is := range s.Issues {
		if is.Order == CallUnplanned {
			s.Unplanned = append(s.Unplanned, is)
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

// moveFeatures breaks cycles between batches where it can by moving one
// end of the calls that cross the plan. Moving callers puts a feature that
// calls into a batch which must come after its own into that batch, when
// nothing else in its batch calls it; moving callees puts the called
// feature into the caller's batch, when it calls nothing pending in its
// own. The plan p is changed.
func moveFeatures(p *Plan, db Inventory, edges []callgraph.Edge, issues []CallIssue, cyclic map[[2]int]bool, callees bool) []FeatureMove {
	callers, calls := map[int][]int{}, map[int][]int{}
	for _, e := range edges {
		if it, ok := db.Feature(e.To); ok && it.Status.Done() {
			continue
		}
		callers[e.To] = append(callers[e.To], e.From)
		calls[e.From] = append(calls[e.From], e.To)
	}
	var out []FeatureMove
	moved := map[int]bool{}
	for _, is := range issues {
		f, from, to, blockers := is.Edge.From, is.Batch, is.Callee, callers
		if callees {
			f, from, to, blockers = is.Edge.To, is.Callee, is.Batch, calls
		}
		if is.Order == CallUnplanned || !cyclic[[2]int{is.Batch, is.Callee}] || moved[f] {
			continue
		}
		src, _ := p.Batch(from)
		ids := src.AllIDs()
		if slices.ContainsFunc(blockers[f], func(c int) bool { return c != f && slices.Contains(ids, c) && !moved[c] }) {
			continue
		}
		dst, _ := p.Batch(to)
		removeID(src, f)
		dst.Features = append(dst.Features, Group{Label: fmt.Sprintf("moved from batch %d", from), Ranges: Ranges{{Lo: f, Hi: f}}})
		if dst.Declared > 0 {
			dst.Declared++
		}
		moved[f] = true
		out = append(out, FeatureMove{ID: f, From: from, To: to, Edge: is.Edge})
	}
	return out
}

// dropEmpty removes the batches with no features left; a batch that
// depended on one depends on its dependencies instead.
func dropEmpty(p *Plan) []int {
	var dropped []int
	deps := map[int][]Dep{}
	kept := p.Batches[:0]
	for _, b := range p.Batches {
		if len(b.AllIDs()) == 0 {
			dropped = append(dropped, b.ID)
			deps[b.ID] = b.DependsOn
			continue
		}
		kept = append(kept, b)
	}
	p.Batches = kept
	for i := range p.Batches {
		b := &p.Batches[i]
		var ds []Dep
		for _, d := range b.DependsOn {
			if inherited, ok := deps[d.ID]; ok {
				ds = append(ds, inherited...)
			} else {
				ds = append(ds, d)
			}
		}
		b.DependsOn = slices.CompactFunc(ds, func(x, y Dep) bool { return x.ID == y.ID })
	}
	return dropped
}

// removeID takes a feature out of a batch's lists.
func removeID(b *Batch, id int) {
	for _, groups := range []*[]Group{&b.Features, &b.Added} {
		kept := (*groups)[:0]
		for _, g := range *groups {
			ids := g.Ranges.IDs()
			if i := slices.Index(ids, id); i >= 0 {
				ids = slices.Delete(ids, i, i+1)
				if len(ids) == 0 {
					continue
				}
				slices.Sort(ids)
				g.Ranges = rangesOf(ids)
				if groups == &b.Features && b.Declared > 0 {
					b.Declared--
				}
			}
			kept = append(kept, g)
		}
		*groups = kept
	}
}

// callNeeds maps each batch to the batches whose pending features its
// features call, with the first such call.
func callNeeds(p *Plan, db Inventory, edges []callgraph.Edge) map[int]map[int]callgraph.Edge {
	owner := map[int]int{}
	for _, b := range p.Batches {
		for _, id := range b.AllIDs() {
			if _, ok := owner[id]; !ok {
				owner[id] = b.ID
			}
		}
	}
	needs := map[int]map[int]callgraph.Edge{}
	for _, e := range edges {
		from, ok1 := owner[e.From]
		to, ok2 := owner[e.To]
		if !ok1 || !ok2 || from == to {
			continue
		}
		if it, ok := db.Feature(e.To); ok && it.Status.Done() {
			continue
		}
		if needs[from] == nil {
			needs[from] = map[int]callgraph.Edge{}
		}
		if _, ok := needs[from][to]; !ok {
			needs[from][to] = e
		}
	}
	return needs
}

// cycles finds the batches that must come before each other, and marks the
// requirement pairs inside each such group, which no order can satisfy.
func cycles(p *Plan, req map[int][]int) ([][]int, map[[2]int]bool) {
	reach := func(from int) map[int]bool {
		seen := map[int]bool{}
		stack := slices.Clone(req[from])
		for len(stack) > 0 {
			id := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !seen[id] {
				seen[id] = true
				stack = append(stack, req[id]...)
			}
		}
		return seen
	}
	reaches := map[int]map[int]bool{}
	for _, b := range p.Batches {
		reaches[b.ID] = reach(b.ID)
	}
	var groups [][]int
	grouped := map[int]bool{}
	cyclic := map[[2]int]bool{}
	for _, b := range p.Batches {
		if grouped[b.ID] || !reaches[b.ID][b.ID] {
			continue
		}
		var g []int
		for _, c := range p.Batches {
			if c.ID == b.ID || reaches[b.ID][c.ID] && reaches[c.ID][b.ID] {
				g = append(g, c.ID)
				grouped[c.ID] = true
			}
		}
		for _, x := range g {
			for _, y := range g {
				cyclic[[2]int{x, y}] = true
			}
		}
		groups = append(groups, g)
	}
	return groups, cyclic
}

// relax moves batches until every requirement outside a cycle has the
// required batch in an earlier wave: dir +1 moves the dependent later, -1
// moves the required batch earlier. It fails when a wave would drop below
// 1 or the requirements do not settle.
func relax(p *Plan, req map[int][]int, cyclic map[[2]int]bool, dir int) (map[int]int, bool) {
	w := map[int]int{}
	for _, b := range p.Batches {
		w[b.ID] = b.Wave
	}
	for range len(p.Batches) * (len(p.Batches) + 2) {
		changed := false
		for _, b := range p.Batches {
			for _, c := range req[b.ID] {
				if _, ok := w[c]; !ok || cyclic[[2]int{b.ID, c}] || w[c] < w[b.ID] {
					continue
				}
				if dir > 0 {
					w[b.ID] = w[c] + 1
				} else {
					w[c] = w[b.ID] - 1
				}
				changed = true
			}
		}
		if !changed {
			for _, x := range w {
				if x < 1 {
					return nil, false
				}
			}
			return w, true
		}
	}
	return nil, false
}

// addDeps declares, for each call into another batch, a dependency on it
// unless the declared ones already imply it; batches in wave order, so that
// a dependency added early counts for those after it.
func addDeps(p *Plan, needs map[int]map[int]callgraph.Edge, cyclic map[[2]int]bool) []AddedDep {
	order := make([]*Batch, len(p.Batches))
	for i := range p.Batches {
		order[i] = &p.Batches[i]
	}
	slices.SortStableFunc(order, func(a, b *Batch) int { return cmp.Or(cmp.Compare(a.Wave, b.Wave), cmp.Compare(a.ID, b.ID)) })
	var out []AddedDep
	for _, b := range order {
		for _, c := range sortedKeys(needs[b.ID]) {
			if cyclic[[2]int{b.ID, c}] || implied(p, b.ID, c) {
				continue
			}
			b.DependsOn = append(b.DependsOn, Dep{ID: c})
			out = append(out, AddedDep{Batch: b.ID, On: c, Edge: needs[b.ID][c]})
		}
	}
	return out
}

// implied reports whether batch from depends on batch on through the
// declared dependencies.
func implied(p *Plan, from, on int) bool {
	seen := map[int]bool{}
	stack := []int{from}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		b, ok := p.Batch(id)
		if !ok {
			continue
		}
		for _, d := range b.DependsOn {
			if d.ID == on {
				return true
			}
			if !seen[d.ID] {
				seen[d.ID] = true
				stack = append(stack, d.ID)
			}
		}
	}
	return false
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func abs(x int) int { return max(x, -x) }
