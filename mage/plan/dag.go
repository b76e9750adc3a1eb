package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// graph is the dependency graph of the batches in a plan, the declared
// dependencies and the implied ones (ImplyDependencies): the order every
// run follows. Dependencies on batches that are not in the plan are left
// out; Validate reports them.
type graph struct {
	ids        []int // in (wave, ID) order
	batch      map[int]Batch
	deps       map[int][]int
	dependents map[int][]int
}

func (p *Plan) graph() graph {
	g := graph{batch: map[int]Batch{}, deps: map[int][]int{}, dependents: map[int][]int{}}
	for _, b := range p.Batches {
		g.batch[b.ID] = b
		g.ids = append(g.ids, b.ID)
	}
	for _, b := range p.Batches {
		for _, d := range b.RunDeps() {
			if _, ok := g.batch[d]; ok && !slices.Contains(g.deps[b.ID], d) {
				g.deps[b.ID] = append(g.deps[b.ID], d)
				g.dependents[d] = append(g.dependents[d], b.ID)
			}
		}
	}
	for _, m := range []map[int][]int{g.deps, g.dependents} {
		for _, ids := range m {
			slices.Sort(ids)
		}
	}
	slices.SortFunc(g.ids, g.before)
	return g
}

// before orders batches by wave, then ID: the order people read the plan in,
// and the tie-break wherever the graph leaves a choice.
func (g graph) before(a, b int) int {
	return cmp.Or(cmp.Compare(g.batch[a].Wave, g.batch[b].Wave), cmp.Compare(a, b))
}

// Deps lists the batches in the plan that batch id runs after: its
// declared and implied dependencies.
func (p *Plan) Deps(id int) []int { return p.graph().deps[id] }

// Order is a topological order of the batches: each after its dependencies,
// and otherwise by wave and ID. A cycle is an error that names it.
func (p *Plan) Order() ([]int, error) {
	if cycles := p.Cycles(); len(cycles) > 0 {
		return nil, fmt.Errorf("ordering batches: dependency cycle: %s", formatCycle(cycles[0]))
	}
	g := p.graph()
	waiting := map[int]int{}
	var ready, order []int
	for _, id := range g.ids {
		if waiting[id] = len(g.deps[id]); waiting[id] == 0 {
			ready = append(ready, id)
		}
	}
	for len(ready) > 0 {
		slices.SortFunc(ready, g.before)
		id := ready[0]
		ready = ready[1:]
		order = append(order, id)
		for _, d := range g.dependents[id] {
			if waiting[d]--; waiting[d] == 0 {
				ready = append(ready, d)
			}
		}
	}
	return order, nil
}

// Cycles lists the dependency cycles, each as the shortest path from a batch
// back to itself: [44 45 44] says 44 depends on 45, which depends on 44.
// Batches are tried in ID order, and one already on a listed cycle starts no
// other, so a tangle of batches is named once or twice, not many times.
func (p *Plan) Cycles() [][]int {
	g := p.graph()
	var cycles [][]int
	inCycle := map[int]bool{}
	for _, start := range slices.Sorted(slices.Values(g.ids)) {
		if inCycle[start] {
			continue
		}
		path := g.shortestCycle(start)
		if path == nil {
			continue
		}
		for _, id := range path {
			inCycle[id] = true
		}
		cycles = append(cycles, path)
	}
	return cycles
}

// shortestCycle finds the shortest path from start back to itself along
// dependency edges, or nil.
func (g graph) shortestCycle(start int) []int {
	from := map[int]int{}
	queue := []int{start}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, d := range g.deps[id] {
			if d == start {
				path := []int{start}
				for at := id; at != start; at = from[at] {
					path = append(path, at)
				}
				path = append(path, start)
				slices.Reverse(path[1 : len(path)-1])
				return path
			}
			if _, seen := from[d]; !seen {
				from[d] = id
				queue = append(queue, d)
			}
		}
	}
	return nil
}

func formatCycle(path []int) string {
	parts := make([]string, len(path))
	for i, id := range path {
		parts[i] = strconv.Itoa(id)
	}
	return strings.Join(parts, " -> ")
}

// RemainingPath gives, for each batch, the heaviest chain of work from the
// batch to the end of the plan: its own weight plus the heaviest chain among
// its dependents. A scheduler starts the ready batch with the largest value
// first. In a cycle an edge back into the chain counts for nothing.
func (p *Plan) RemainingPath(weight func(Batch) float64) map[int]float64 {
	g := p.graph()
	rem := map[int]float64{}
	visiting := map[int]bool{}
	var visit func(id int) float64
	visit = func(id int) float64 {
		if v, ok := rem[id]; ok || visiting[id] {
			return v
		}
		visiting[id] = true
		best := 0.0
		for _, d := range g.dependents[id] {
			best = max(best, visit(d))
		}
		visiting[id] = false
		rem[id] = weight(g.batch[id]) + best
		return rem[id]
	}
	for _, id := range g.ids {
		visit(id)
	}
	return rem
}

// CriticalPath is the heaviest chain of batches through the plan, and its
// weight: the least time the plan takes however many agents run.
func (p *Plan) CriticalPath(weight func(Batch) float64) ([]int, float64) {
	g := p.graph()
	rem := p.RemainingPath(weight)
	heaviest := func(ids []int, skip map[int]bool) (int, bool) {
		best, found := 0, false
		for _, id := range ids {
			if !skip[id] && (!found || rem[id] > rem[best]) {
				best, found = id, true
			}
		}
		return best, found
	}
	on := map[int]bool{}
	id, ok := heaviest(g.ids, on)
	if !ok {
		return nil, 0
	}
	total := rem[id]
	var path []int
	for ok {
		path = append(path, id)
		on[id] = true
		id, ok = heaviest(g.dependents[id], on)
	}
	return path, total
}
