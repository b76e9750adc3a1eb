package plan

import (
	"slices"

	"portwave/mage/callgraph"
)

// The calls between a batch's pending features decide how it splits:
// features that call one another, directly or not, must stay in one
// sub-batch, or two batches running at once would each port half of a
// call.

// connectedParts groups ids by the calls between them, each part in ID
// order, the parts by their first ID.
func connectedParts(ids []int, edges []callgraph.Edge) [][]int {
	parent := map[int]int{}
	for _, id := range ids {
		parent[id] = id
	}
	var find func(int) int
	find = func(x int) int {
		if parent[x] != x {
			parent[x] = find(parent[x])
		}
		return parent[x]
	}
	for _, e := range edges {
		_, a := parent[e.From]
		_, b := parent[e.To]
		if a && b {
			parent[find(e.From)] = find(e.To)
		}
	}
	byRoot := map[int][]int{}
	var roots []int
	for _, id := range ids {
		root := find(id)
		if _, ok := byRoot[root]; !ok {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], id)
	}
	out := make([][]int, 0, len(roots))
	for _, root := range roots {
		out = append(out, byRoot[root])
	}
	return out
}

// longestChain is a longest shortest path of calls between ids (the
// diameter of the call graph among them, caller to callee), to show why
// they hang together.
func longestChain(ids []int, edges []callgraph.Edge) []int {
	in := map[int]bool{}
	for _, id := range ids {
		in[id] = true
	}
	calls := map[int][]int{}
	for _, e := range edges {
		if in[e.From] && in[e.To] && e.From != e.To && !slices.Contains(calls[e.From], e.To) {
			calls[e.From] = append(calls[e.From], e.To)
		}
	}
	var best []int
	for _, start := range ids {
		prev := map[int]int{start: start}
		queue, last := []int{start}, start
		for len(queue) > 0 {
			last, queue = queue[0], queue[1:]
			for _, c := range calls[last] {
				if _, ok := prev[c]; !ok {
					prev[c] = last
					queue = append(queue, c)
				}
			}
		}
		var path []int
		for at := last; ; at = prev[at] {
			path = append(path, at)
			if at == start {
				break
			}
		}
		if len(path) > len(best) {
			slices.Reverse(path)
			best = path
		}
	}
	return best
}

func largest(parts [][]int) []int {
	var out []int
	for _, p := range parts {
		if len(p) > len(out) {
			out = p
		}
	}
	return out
}

// goFirst lists the files of part whose features (five at least, fewer
// are not worth a batch) call nothing of part outside the file, when they
// are not the whole part.
func goFirst(part []int, file map[int]string, edges []callgraph.Edge) map[string][]int {
	in := map[int]bool{}
	byFile := map[string][]int{}
	for _, id := range part {
		in[id] = true
		byFile[file[id]] = append(byFile[file[id]], id)
	}
	out := map[string][]int{}
	for f, ids := range byFile {
		if f == "" || len(ids) < 5 || len(ids) == len(part) {
			continue
		}
		closed := !slices.ContainsFunc(edges, func(e callgraph.Edge) bool {
			return in[e.From] && in[e.To] && file[e.From] == f && file[e.To] != f
		})
		if closed {
			out[f] = ids
		}
	}
	return out
}
