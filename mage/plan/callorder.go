package plan

import (
	"cmp"
	"slices"

	"portwave/mage/callgraph"
)

// CallOrder says how the plan orders a call from a batch's feature into
// another batch's feature.
type CallOrder uint8

// How a call's callee is ordered before its caller's batch.
const (
	CallImplied   CallOrder = iota // the callee's batch runs first: an implied dependency
	CallAccepted                   // the plan accepts the call unordered (accepted calls)
	CallUnordered                  // the callee's batch could run first, but implied order is off
	CallParallel                   // same wave, and the callee's batch already waits for this one
	CallLater                      // the callee's batch is in a later wave
	CallUnplanned                  // no batch ports the callee
)

// CallIssue is one call from a batch's feature that the declared
// dependencies do not order: its callee's batch is neither the caller's
// batch nor one it depends on, directly or not.
type CallIssue struct {
	Batch  int // the caller's batch
	Edge   callgraph.Edge
	Order  CallOrder
	Callee int // the callee's batch; 0 when unplanned
}

// ImpliedDep is a dependency a batch's calls imply: the scheduler runs the
// batch after On, as if the plan declared it.
type ImpliedDep struct {
	On    int            // the callee's batch
	Calls int            // the calls that need it, one per caller and callee
	First callgraph.Edge // the first of them
}

// ImplyDependencies works out how the plan orders every call between its
// batches, whatever the features' status (so that the order does not
// change as batches are merged), and, when imply is set, gives each batch
// the dependencies its calls imply (Batch.Implied). It returns every call
// the declared dependencies do not order, by batch, then in edge order.
//
// A call into a batch of an earlier wave implies a dependency on it. A
// call into a batch of the same wave does too, unless that batch already
// waits for this one: then the calls cannot all be ordered, and those of
// the pair of batches with fewer calls are left parallel (pairs are taken
// heaviest first). A call into a later wave implies nothing, since the
// waves would contradict it: plan:suggest moves the waves. Calls the plan
// accepts imply nothing either.
func ImplyDependencies(p *Plan, edges []callgraph.Edge, imply bool) []CallIssue {
	for i := range p.Batches {
		p.Batches[i].Implied = nil
	}
	owner := map[int]*Batch{}
	for i := range p.Batches {
		for _, id := range p.Batches[i].AllIDs() {
			if _, ok := owner[id]; !ok {
				owner[id] = &p.Batches[i]
			}
		}
	}
	declared := p.ancestors(false)
	type pair struct{ from, to int }
	type pairCalls struct {
		calls map[[2]int]bool
		first callgraph.Edge
		order CallOrder
	}
	pairs := map[pair]*pairCalls{}
	var issues []CallIssue
	for _, e := range edges {
		from, ok := owner[e.From]
		if !ok {
			continue
		}
		to, ok := owner[e.To]
		switch {
		case !ok:
			issues = append(issues, CallIssue{Batch: from.ID, Edge: e, Order: CallUnplanned})
			continue
		case to.ID == from.ID || declared[from.ID][to.ID]:
			continue
		case from.accepts(to.ID, e):
			issues = append(issues, CallIssue{Batch: from.ID, Edge: e, Order: CallAccepted, Callee: to.ID})
			continue
		}
		k := pair{from.ID, to.ID}
		pc, ok := pairs[k]
		if !ok {
			pc = &pairCalls{calls: map[[2]int]bool{}, first: e}
			pairs[k] = pc
		}
		pc.calls[[2]int{e.From, e.To}] = true
		issues = append(issues, CallIssue{Batch: from.ID, Edge: e, Callee: to.ID})
	}
	// Earlier waves first (they can never close a cycle), then the same
	// wave's pairs, heaviest first.
	keys := make([]pair, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	wave := func(id int) int { b, _ := p.Batch(id); return b.Wave }
	rank := func(k pair) int {
		switch d := wave(k.to) - wave(k.from); {
		case d < 0:
			return 0
		case d == 0:
			return 1
		}
		return 2
	}
	slices.SortFunc(keys, func(a, b pair) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(len(pairs[b].calls), len(pairs[a].calls)),
			cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	})
	for _, k := range keys {
		pc := pairs[k]
		switch {
		case rank(k) == 2:
			pc.order = CallLater
		case !imply:
			pc.order = CallUnordered
		case p.reaches(k.from, k.to):
			pc.order = CallImplied // ordered already, through another batch
		case p.reaches(k.to, k.from):
			pc.order = CallParallel
		default:
			pc.order = CallImplied
			b, _ := p.Batch(k.from)
			b.Implied = append(b.Implied, ImpliedDep{On: k.to, Calls: len(pc.calls), First: pc.first})
		}
	}
	for i := range p.Batches {
		slices.SortFunc(p.Batches[i].Implied, func(a, b ImpliedDep) int { return cmp.Compare(a.On, b.On) })
	}
	for i, is := range issues {
		if pc, ok := pairs[pair{is.Batch, is.Callee}]; ok && is.Order != CallAccepted && is.Order != CallUnplanned {
			issues[i].Order = pc.order
		}
	}
	byBatch := map[int]int{}
	for i, b := range p.Batches {
		byBatch[b.ID] = i
	}
	slices.SortStableFunc(issues, func(a, b CallIssue) int { return cmp.Compare(byBatch[a.Batch], byBatch[b.Batch]) })
	return issues
}

// accepts reports whether the batch accepts the call e into batch to.
func (b *Batch) accepts(to int, e callgraph.Edge) bool {
	return slices.ContainsFunc(b.Accepted, func(a AcceptedCall) bool {
		return a.Batch == to || a.Batch == 0 && a.From == e.From && a.To == e.To
	})
}

// ancestors maps each batch to every batch it runs after: through its
// declared dependencies, and the implied ones too when withImplied is set.
func (p *Plan) ancestors(withImplied bool) map[int]map[int]bool {
	deps := map[int][]int{}
	for _, b := range p.Batches {
		deps[b.ID] = b.DepIDs()
		if withImplied {
			deps[b.ID] = b.RunDeps()
		}
	}
	out := map[int]map[int]bool{}
	for _, b := range p.Batches {
		seen := map[int]bool{}
		stack := slices.Clone(deps[b.ID])
		for len(stack) > 0 {
			id := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !seen[id] {
				seen[id] = true
				stack = append(stack, deps[id]...)
			}
		}
		out[b.ID] = seen
	}
	return out
}

// reaches reports whether batch from runs after batch to, through
// declared and implied dependencies.
func (p *Plan) reaches(from, to int) bool { return p.dependsOn(from, to, Batch.RunDeps) }

// dependsOn reports whether batch from comes after batch on through the
// dependencies deps gives each batch, directly or not.
func (p *Plan) dependsOn(from, on int, deps func(Batch) []int) bool {
	seen := map[int]bool{}
	stack := []int{from}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		b, ok := p.Batch(id)
		if !ok {
			continue
		}
		for _, d := range deps(*b) {
			if d == on {
				return true
			}
			if !seen[d] {
				seen[d] = true
				stack = append(stack, d)
			}
		}
	}
	return false
}

// RunsAfter reports whether batch id runs after batch other in every way
// the plan is run (all, the waves and the generated targets): other is one
// of its dependencies, declared or implied, directly or not.
func (p *Plan) RunsAfter(id, other int) bool { return p.reaches(id, other) }
