package plan

import (
	"cmp"
	"fmt"
	"slices"

	"portwave/mage/callgraph"
	"portwave/mage/port"
)

// SplitResult is a proposal to run one batch as several, in parallel.
type SplitResult struct {
	Original Batch
	Listed   int     // features the batch lists
	Pending  int     // of them, still to port
	Parts    []Batch // the first keeps the batch's ID; empty when it cannot be split
	// Reason says why there are no parts: no pending feature, or one
	// connected part (Chain is then the longest call chain found in it).
	Reason string
	Chain  []int
	Plan   *Plan // the plan with the split made (p itself when there are no parts)
	// Elsewhere are the pending features placed outside the batch's target
	// files, by file: each part changes the files its features are placed
	// in, and takes those as targets.
	Elsewhere map[string][]int
	// Shared are the files several parts change: whichever merges second
	// may conflict there.
	Shared map[string][]int // file -> the parts' batch IDs
	// Joined is, for each part, how many parts of features that call one
	// another it holds: the parts packed into one sub-batch.
	Joined []int
	// First are the files of the largest connected part whose features
	// call nothing else of the batch: they could go first, as a batch of
	// their own that the rest depends on (no parallelism, a shorter batch).
	First         map[string][]int
	LargestPart   int // features in the largest connected part
	Before, After Makespans
}

// Split proposes up to n sub-batches (at least two, when the batch has two
// independent parts) of batch id that can run at the same time. Its
// pending features are joined by the calls between them: a part holds
// features that call one another, directly or not, whatever file holds
// them (a call between two parallel batches is what validate warns
// about). The parts are packed into n sub-batches, heaviest first, each
// into the lightest so far; the done features the batch lists go with the
// first. fileOf is the file a feature is ported in (placement: where its
// member is declared, else its target); each sub-batch takes the batch's
// targets its features are in, and the other files they are placed in.
//
// The sub-batches take the batch's wave, dependencies and summary; the
// first keeps its ID, the others take the next free IDs; every batch that
// depended on the original depends on all of them.
func Split(p *Plan, id, n int, db Inventory, edges []callgraph.Edge, fileOf func(port.Item) string) (SplitResult, error) {
	b, err := p.Find(id)
	if err != nil {
		return SplitResult{}, err
	}
	weight := PendingWeight(db)
	r := SplitResult{Original: *b, Plan: p, Before: p.MakespansOf(weight), Elsewhere: map[string][]int{}, Shared: map[string][]int{}}
	r.After = r.Before
	var pendingIDs, doneIDs []int
	file := map[int]string{}
	for _, fid := range b.AllIDs() {
		r.Listed++
		if !pending(db, fid) {
			doneIDs = append(doneIDs, fid)
			continue
		}
		pendingIDs = append(pendingIDs, fid)
		if it, ok := db.Feature(fid); ok {
			file[fid] = fileOf(it)
		}
		if f := file[fid]; f != "" && !slices.ContainsFunc(b.Targets, func(t Target) bool { return t.Path == f }) {
			r.Elsewhere[f] = append(r.Elsewhere[f], fid)
		}
	}
	r.Pending = len(pendingIDs)
	parts := connectedParts(pendingIDs, edges)
	r.First = goFirst(largest(parts), file, edges)
	r.LargestPart = len(largest(parts))
	switch {
	case len(pendingIDs) == 0:
		r.Reason = "it has no pending feature"
		return r, nil
	case len(parts) < 2:
		r.Reason = fmt.Sprintf("its %d pending features form one connected part: each calls or is called by another of them", len(pendingIDs))
		r.Chain = longestChain(pendingIDs, edges)
		return r, nil
	}
	k := min(max(n, 2), len(parts))
	slices.SortStableFunc(parts, func(a, b []int) int { return cmp.Compare(len(b), len(a)) })
	packed := make([][]int, k)
	joined := make([]int, k)
	for _, part := range parts {
		lightest := 0
		for i := range packed {
			if len(packed[i]) < len(packed[lightest]) {
				lightest = i
			}
		}
		packed[lightest] = append(packed[lightest], part...)
		joined[lightest]++
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(slices.Min(packed[a]), slices.Min(packed[b])) })
	sorted := make([][]int, k)
	for i, j := range order {
		sorted[i] = packed[j]
		r.Joined = append(r.Joined, joined[j])
	}
	packed = sorted
	packed[0] = append(packed[0], doneIDs...)
	next := 0
	for _, x := range p.Batches {
		next = max(next, x.ID)
	}
	sharedBy := map[string][]int{}
	for i, ids := range packed {
		slices.Sort(ids)
		part := Batch{ID: id, Name: fmt.Sprintf("%s (%d of %d)", b.Name, i+1, k), Wave: b.Wave, Summary: b.Summary,
			Declared: len(ids), DependsOn: slices.Clone(b.DependsOn), DependsNote: b.DependsNote, Lines: DocLines{Heading: b.Lines.Heading},
			Features: []Group{{Label: fmt.Sprintf("split from batch %d", id), Ranges: rangesOf(ids)}}}
		if i > 0 {
			next++
			part.ID = next
		}
		part.Targets = partTargets(*b, ids, file)
		for _, t := range part.Targets {
			sharedBy[t.Path] = append(sharedBy[t.Path], part.ID)
		}
		r.Parts = append(r.Parts, part)
	}
	for f, ids := range sharedBy {
		if len(ids) > 1 && slices.ContainsFunc(pendingIDs, func(fid int) bool { return file[fid] == f }) {
			r.Shared[f] = ids
		}
	}
	q := p.clone()
	for i := range q.Batches {
		x := &q.Batches[i]
		if x.ID == id {
			*x = r.Parts[0]
			continue
		}
		if slices.ContainsFunc(x.DependsOn, func(d Dep) bool { return d.ID == id }) {
			for _, part := range r.Parts[1:] {
				x.DependsOn = append(x.DependsOn, Dep{ID: part.ID})
			}
		}
	}
	q.Batches = append(q.Batches, r.Parts[1:]...)
	slices.SortFunc(q.Batches, func(a, b Batch) int { return cmp.Compare(a.ID, b.ID) })
	r.Plan, r.After = q, q.MakespansOf(weight)
	return r, nil
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

// partTargets are the batch's targets its features are placed in, then the
// other files they are placed in; a part none of whose features has a file
// keeps the batch's first target.
func partTargets(b Batch, ids []int, file map[int]string) []Target {
	used := map[string]bool{}
	for _, fid := range ids {
		if f := file[fid]; f != "" {
			used[f] = true
		}
	}
	var out []Target
	for _, t := range b.Targets {
		if used[t.Path] {
			out = append(out, t)
			delete(used, t.Path)
		}
	}
	for _, f := range slices.Sorted(func(yield func(string) bool) {
		for f := range used {
			if !yield(f) {
				return
			}
		}
	}) {
		out = append(out, Target{Path: f, Note: "where its features are declared"})
	}
	if len(out) == 0 && len(b.Targets) > 0 {
		out = append(out, b.Targets[0])
	}
	return out
}

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

// rangesOf writes sorted IDs as runs.
func rangesOf(ids []int) Ranges {
	var rs Ranges
	for _, id := range ids {
		if n := len(rs); n > 0 && rs[n-1].Hi == id-1 {
			rs[n-1].Hi = id
			continue
		}
		rs = append(rs, Range{Lo: id, Hi: id})
	}
	return rs
}
