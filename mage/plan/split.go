package plan

import (
	"cmp"
	"fmt"
	"slices"

	"portwave/mage/callgraph"
	"portwave/mage/portdb"
)

// SplitResult is a proposal to run one batch as several, in parallel.
type SplitResult struct {
	Original Batch
	Parts    []Batch // the first keeps the batch's ID; empty when it cannot be split
	Reason   string  // why there are no parts
	Plan     *Plan   // the plan with the split made (p itself when there are no parts)
	// Unmatched are features whose target file could not be told; they go
	// with the batch's first target file.
	Unmatched     []int
	Before, After Makespans
}

// Split proposes up to n sub-batches (at least two, when the batch has two
// independent parts) of batch id that can run at the same time: features that share a target file, or call one another, stay
// together (two agents editing one file conflict at merge, and a call
// between two parallel batches is what the plan lint warns about). The
// connected parts are then packed into n sub-batches, heaviest first, each
// into the lightest sub-batch so far. fileOf gives a feature's target file,
// one of the batch's target paths, or "" when it cannot tell.
//
// The sub-batches take the batch's wave, dependencies and summary; the
// first keeps its ID, the others take the next free IDs; every batch that
// depended on the original depends on all of them.
func Split(p *Plan, id, n int, db Inventory, edges []callgraph.Edge, fileOf func(portdb.Item) string) (SplitResult, error) {
	b, ok := p.Batch(id)
	if !ok {
		return SplitResult{}, fmt.Errorf("batch %d is not in the plan", id)
	}
	weight := PendingWeight(db)
	r := SplitResult{Original: *b, Plan: p, Before: p.MakespansOf(weight)}
	r.After = r.Before
	if len(b.Targets) == 0 {
		r.Reason = "it has no target files"
		return r, nil
	}
	ids := b.AllIDs()
	parent := map[int]int{}
	var find func(int) int
	find = func(x int) int {
		if parent[x] != x {
			parent[x] = find(parent[x])
		}
		return parent[x]
	}
	union := func(x, y int) { parent[find(x)] = find(y) }
	byFile := map[string]int{}
	file := map[int]string{}
	for _, fid := range ids {
		parent[fid] = fid
		f := ""
		if it, ok := db.Feature(fid); ok {
			f = fileOf(it)
		}
		if !slices.ContainsFunc(b.Targets, func(t Target) bool { return t.Path == f }) {
			r.Unmatched = append(r.Unmatched, fid)
			f = b.Targets[0].Path
		}
		file[fid] = f
	}
	for _, fid := range ids {
		if first, ok := byFile[file[fid]]; ok {
			union(fid, first)
		} else {
			byFile[file[fid]] = fid
		}
	}
	for _, e := range edges {
		if _, ok := parent[e.From]; ok {
			if _, ok := parent[e.To]; ok {
				union(e.From, e.To)
			}
		}
	}
	type unit struct {
		ids    []int
		weight int
	}
	units := map[int]*unit{}
	var roots []int
	for _, fid := range ids {
		root := find(fid)
		u, ok := units[root]
		if !ok {
			u = &unit{}
			units[root] = u
			roots = append(roots, root)
		}
		u.ids = append(u.ids, fid)
		if it, ok := db.Feature(fid); !ok || !it.Status.Done() {
			u.weight++
		}
	}
	if len(roots) < 2 {
		r.Reason = "its features share target files or call one another: they form one connected part"
		return r, nil
	}
	k := min(max(n, 2), len(roots))
	order := make([]*unit, 0, len(roots))
	for _, root := range roots {
		order = append(order, units[root])
	}
	slices.SortStableFunc(order, func(a, b *unit) int { return cmp.Compare(b.weight, a.weight) })
	parts := make([][]int, k)
	load := make([]int, k)
	for _, u := range order {
		i := slices.Index(load, slices.Min(load))
		parts[i] = append(parts[i], u.ids...)
		load[i] += u.weight
	}
	slices.SortFunc(parts, func(a, b []int) int { return cmp.Compare(slices.Min(a), slices.Min(b)) })
	next := 0
	for _, x := range p.Batches {
		next = max(next, x.ID)
	}
	for i, ids := range parts {
		slices.Sort(ids)
		part := Batch{ID: id, Name: fmt.Sprintf("%s (%d of %d)", b.Name, i+1, k), Wave: b.Wave, Summary: b.Summary,
			Declared: len(ids), DependsOn: slices.Clone(b.DependsOn), DependsNote: b.DependsNote,
			Features: []Group{{Label: fmt.Sprintf("split from batch %d", id), Ranges: rangesOf(ids)}}}
		if i > 0 {
			next++
			part.ID = next
		}
		used := map[string]bool{}
		for _, fid := range ids {
			used[file[fid]] = true
		}
		for _, t := range b.Targets {
			if used[t.Path] {
				part.Targets = append(part.Targets, t)
			}
		}
		r.Parts = append(r.Parts, part)
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
