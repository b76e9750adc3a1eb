package plan

import (
	"slices"

	"portwave/mage/callgraph"
)

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
		if !pending(db, e.From) || !pending(db, e.To) {
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

// implied reports whether batch from depends on batch on through the
// declared dependencies.
func implied(p *Plan, from, on int) bool { return p.dependsOn(from, on, Batch.DepIDs) }

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func abs(x int) int { return max(x, -x) }
