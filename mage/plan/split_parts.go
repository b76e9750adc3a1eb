package plan

import (
	"cmp"
	"fmt"
	"slices"
)

// pack shares the connected parts out between k sub-batches, heaviest
// part first, each into the sub-batch with the fewest features so far
// (greedy bin packing: the sub-batches run at once, so the longest one
// sets the time). The sub-batches come back ordered by their lowest
// feature ID, so the one holding the batch's first feature keeps its ID;
// joined says how many parts each holds.
func pack(parts [][]int, k int) (packed [][]int, joined []int) {
	slices.SortStableFunc(parts, func(a, b []int) int { return cmp.Compare(len(b), len(a)) })
	bins := make([][]int, k)
	counts := make([]int, k)
	for _, part := range parts {
		lightest := 0
		for i := range bins {
			if len(bins[i]) < len(bins[lightest]) {
				lightest = i
			}
		}
		bins[lightest] = append(bins[lightest], part...)
		counts[lightest]++
	}
	// Every bin holds a part: there are at least k parts and an empty bin
	// is always the lightest.
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(slices.Min(bins[a]), slices.Min(bins[b])) })
	for _, j := range order {
		packed = append(packed, bins[j])
		joined = append(joined, counts[j])
	}
	return packed, joined
}

// partBatches makes a batch of each packed sub-batch: the batch's wave,
// dependencies and summary, its features as runs, the targets they are
// placed in. The first keeps the batch's ID, the others take the next IDs
// free in p.
func partBatches(p *Plan, b Batch, packed [][]int, file map[int]string) []Batch {
	next := 0
	for _, x := range p.Batches {
		next = max(next, x.ID)
	}
	var parts []Batch
	for i, ids := range packed {
		slices.Sort(ids)
		part := Batch{ID: b.ID, Name: fmt.Sprintf("%s (%d of %d)", b.Name, i+1, len(packed)), Wave: b.Wave, Summary: b.Summary,
			Declared: len(ids), DependsOn: slices.Clone(b.DependsOn), DependsNote: b.DependsNote, Lines: DocLines{Heading: b.Lines.Heading},
			Features: []Group{{Label: fmt.Sprintf("split from batch %d", b.ID), Ranges: rangesOf(ids)}}}
		if i > 0 {
			next++
			part.ID = next
		}
		part.Targets = partTargets(b, ids, file)
		parts = append(parts, part)
	}
	return parts
}

// sharedFiles are the target files several parts take that a pending
// feature is ported in, with those parts' IDs: whichever merges second may
// conflict there.
func sharedFiles(parts []Batch, fs splitFeatures) map[string][]int {
	sharedBy := map[string][]int{}
	for _, part := range parts {
		for _, t := range part.Targets {
			sharedBy[t.Path] = append(sharedBy[t.Path], part.ID)
		}
	}
	out := map[string][]int{}
	for f, ids := range sharedBy {
		if len(ids) > 1 && slices.ContainsFunc(fs.pending, func(fid int) bool { return fs.file[fid] == f }) {
			out[f] = ids
		}
	}
	return out
}

// withParts is a copy of p with batch id replaced by the parts: the first
// takes its place, the others are added, and every batch that depended on
// it depends on all of them.
func withParts(p *Plan, id int, parts []Batch) *Plan {
	q := p.clone()
	for i := range q.Batches {
		x := &q.Batches[i]
		if x.ID == id {
			*x = parts[0]
			continue
		}
		if slices.ContainsFunc(x.DependsOn, func(d Dep) bool { return d.ID == id }) {
			for _, part := range parts[1:] {
				x.DependsOn = append(x.DependsOn, Dep{ID: part.ID})
			}
		}
	}
	q.Batches = append(q.Batches, parts[1:]...)
	slices.SortFunc(q.Batches, func(a, b Batch) int { return cmp.Compare(a.ID, b.ID) })
	return q
}
