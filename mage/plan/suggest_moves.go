package plan

import (
	"fmt"
	"maps"
	"slices"

	"portwave/mage/callgraph"
)

// moveFeatures breaks cycles between batches where it can by moving one
// end of the calls that cross the plan. Moving callers puts a feature that
// calls into a batch which must come after its own into that batch, when
// nothing else in its batch calls it; moving callees puts the called
// feature into the caller's batch, when it calls nothing pending in its
// own. A feature in moved is not moved again. The plan p is changed.
func moveFeatures(p *Plan, db Inventory, edges []callgraph.Edge, issues []CallIssue, cyclic map[[2]int]bool, callees bool, moved map[int]bool) []FeatureMove {
	callers, calls := map[int][]int{}, map[int][]int{}
	for _, e := range edges {
		if it, ok := db.Feature(e.To); ok && it.Status.Done() {
			continue
		}
		callers[e.To] = append(callers[e.To], e.From)
		calls[e.From] = append(calls[e.From], e.To)
	}
	var out []FeatureMove
	moved = maps.Clone(moved)
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
