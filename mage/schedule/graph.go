package schedule

import (
	"fmt"
	"math"
	"slices"
)

// graph is the checked dependency graph of one Run.
type graph struct {
	ids        []int // ascending
	weight     map[int]float64
	deps       map[int][]int // dependencies inside the graph, ascending, no repeats
	dependents map[int][]int // ascending
	done       map[int]bool  // finished in an earlier run, per Options.Done
	remaining  map[int]float64
}

// newGraph checks nodes and builds their graph. Nothing is run and done is
// asked about each batch once, so a bad graph costs nothing.
func newGraph(nodes []Node, done func(int) bool) (*graph, error) {
	g := &graph{
		weight:     map[int]float64{},
		deps:       map[int][]int{},
		dependents: map[int][]int{},
		done:       map[int]bool{},
	}
	asked := map[int]bool{}
	isDone := func(id int) bool {
		if !asked[id] {
			asked[id] = true
			g.done[id] = done != nil && done(id)
		}
		return g.done[id]
	}
	for _, n := range nodes {
		if _, dup := g.weight[n.ID]; dup {
			return nil, fmt.Errorf("batch %d is listed twice", n.ID)
		}
		if n.Weight < 0 || math.IsNaN(n.Weight) || math.IsInf(n.Weight, 0) {
			return nil, fmt.Errorf("batch %d: weight %v is not a duration: want a finite number >= 0", n.ID, n.Weight)
		}
		g.weight[n.ID] = n.Weight
		g.ids = append(g.ids, n.ID)
	}
	slices.Sort(g.ids)
	for _, n := range nodes {
		for _, d := range n.Deps {
			_, inside := g.weight[d]
			switch {
			case inside && !slices.Contains(g.deps[n.ID], d):
				g.deps[n.ID] = append(g.deps[n.ID], d)
				g.dependents[d] = append(g.dependents[d], n.ID)
			case !inside && !isDone(d):
				return nil, fmt.Errorf("batch %d depends on %d, which is neither scheduled nor done", n.ID, d)
			}
		}
	}
	for _, m := range []map[int][]int{g.deps, g.dependents} {
		for _, ids := range m {
			slices.Sort(ids)
		}
	}
	if path := g.cycle(); path != nil {
		return nil, &CycleError{Path: path}
	}
	for _, id := range g.ids {
		isDone(id)
	}
	g.remaining = g.remainingPaths()
	return g, nil
}

// cycle finds a dependency cycle by depth-first search, or returns nil. The
// path starts and ends at its lowest batch, so the same graph always gives
// the same message.
func (g *graph) cycle() []int {
	const (
		unseen = iota
		onPath
		cleared
	)
	state := map[int]int{}
	var path, found []int
	var visit func(id int) bool
	visit = func(id int) bool {
		state[id] = onPath
		path = append(path, id)
		for _, d := range g.deps[id] {
			switch state[d] {
			case onPath:
				found = slices.Clone(path[slices.Index(path, d):])
				return true
			case unseen:
				if visit(d) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		state[id] = cleared
		return false
	}
	for _, id := range g.ids {
		if state[id] == unseen && visit(id) {
			low := slices.Index(found, slices.Min(found))
			return slices.Concat(found[low:], found[:low], found[low:low+1])
		}
	}
	return nil
}

// remainingPaths gives, for each batch, the heaviest chain of work from the
// batch to the end of the graph: its own weight plus the heaviest chain among
// its dependents. Batches done earlier weigh nothing. Starting the ready batch
// with the largest value first is the classic critical-path list schedule.
func (g *graph) remainingPaths() map[int]float64 {
	rem := map[int]float64{}
	var visit func(id int) float64
	visit = func(id int) float64 {
		if v, ok := rem[id]; ok {
			return v
		}
		best := 0.0
		for _, d := range g.dependents[id] {
			best = max(best, visit(d))
		}
		own := g.weight[id]
		if g.done[id] {
			own = 0
		}
		rem[id] = own + best
		return rem[id]
	}
	for _, id := range g.ids {
		visit(id)
	}
	return rem
}
