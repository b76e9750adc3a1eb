package plan

import (
	"fmt"

	"portwave/mage/callgraph"
)

// CallOrder says where a call from a batch's feature lands in the plan.
type CallOrder uint8

// Where a callee sits relative to its caller's batch.
const (
	CallFine      CallOrder = iota // done, in the same batch or in an earlier wave
	CallLater                      // in a batch of a later wave
	CallParallel                   // in another batch of the same wave
	CallUnplanned                  // not done and in no batch
)

// CallIssue is one call from a batch's feature to a feature that will not
// be ported when the caller's batch runs.
type CallIssue struct {
	Batch  int // the caller's batch
	Edge   callgraph.Edge
	Order  CallOrder
	Callee int // the callee's batch; 0 when unplanned
}

// CallIssues checks every call from a pending feature of the plan against
// the waves: a callee that is not done must be ported by the same batch or
// by a batch of an earlier wave. Issues come in batch order, then in the order of
// edges (caller ID, then source order).
func CallIssues(p *Plan, db Inventory, edges []callgraph.Edge) []CallIssue {
	owner := map[int]*Batch{}
	for i := range p.Batches {
		for _, id := range p.Batches[i].AllIDs() {
			if _, ok := owner[id]; !ok {
				owner[id] = &p.Batches[i]
			}
		}
	}
	byBatch := map[int][]CallIssue{}
	for _, e := range edges {
		from, ok := owner[e.From]
		if !ok {
			continue
		}
		if !pending(db, e.From) || !pending(db, e.To) {
			continue // a done callee is there; a done caller is not ported again
		}
		is := CallIssue{Batch: from.ID, Edge: e}
		switch to, ok := owner[e.To]; {
		case !ok:
			is.Order = CallUnplanned
		case to.ID == from.ID || to.Wave < from.Wave:
			continue
		case to.Wave == from.Wave:
			is.Order, is.Callee = CallParallel, to.ID
		default:
			is.Order, is.Callee = CallLater, to.ID
		}
		byBatch[from.ID] = append(byBatch[from.ID], is)
	}
	var out []CallIssue
	for _, b := range p.Batches {
		out = append(out, byBatch[b.ID]...)
	}
	return out
}

// pending reports whether a feature still has to be ported (one porting.db
// does not know counts as pending).
func pending(db Inventory, id int) bool {
	it, ok := db.Feature(id)
	return !ok || !it.Status.Done()
}

// CallWarnings is CallIssues as validation warnings, each at the caller's
// batch ID and naming the Go call site.
func CallWarnings(p *Plan, db Inventory, edges []callgraph.Edge) []Diagnostic {
	var out []Diagnostic
	for _, is := range CallIssues(p, db, edges) {
		b, _ := p.Batch(is.Batch)
		out = append(out, Diagnostic{b.Pos, is.message(p, db)})
	}
	return out
}

func (is CallIssue) message(p *Plan, db Inventory) string {
	name := func(id int) string {
		if it, ok := db.Feature(id); ok {
			return fmt.Sprintf("%d %s", id, it.GoQualifiedName())
		}
		return fmt.Sprint(id)
	}
	b, _ := p.Batch(is.Batch)
	head := fmt.Sprintf("batch %d (wave %d): %s calls %s at %s", b.ID, b.Wave, name(is.Edge.From), name(is.Edge.To), is.Edge.Pos)
	switch is.Order {
	case CallLater:
		c, _ := p.Batch(is.Callee)
		return fmt.Sprintf("%s, which batch %d ports later, in wave %d", head, c.ID, c.Wave)
	case CallParallel:
		return fmt.Sprintf("%s, which batch %d ports at the same time, in wave %d", head, is.Callee, b.Wave)
	}
	status := "not in porting.db"
	if it, ok := db.Feature(is.Edge.To); ok {
		status = string(it.Status)
	}
	return fmt.Sprintf("%s, which no batch ports (%s)", head, status)
}
