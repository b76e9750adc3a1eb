package plan

import (
	"fmt"
	"slices"
	"strings"

	"portwave/mage/callgraph"
)

// CallIssues is every call from a pending feature of the plan into a
// pending feature that the declared dependencies do not order, accepted
// calls left out, as ImplyDependencies classifies them on a copy of p
// with no implied dependency: what the plan itself says.
func CallIssues(p *Plan, db Inventory, edges []callgraph.Edge) []CallIssue {
	return Pending(ImplyDependencies(p.clone(), edges, false), db)
}

// Pending keeps the issues whose caller and callee still have to be
// ported (one porting.db does not know counts as pending): a done callee
// is there, and a done caller is not ported again. Accepted calls are
// left out.
func Pending(issues []CallIssue, db Inventory) []CallIssue {
	var out []CallIssue
	for _, is := range issues {
		if is.Order != CallAccepted && pending(db, is.Edge.From) && pending(db, is.Edge.To) {
			out = append(out, is)
		}
	}
	return out
}

// pending reports whether a feature still has to be ported (one porting.db
// does not know counts as pending).
func pending(db Inventory, id int) bool {
	it, ok := db.Feature(id)
	return !ok || !it.Status.Done()
}

// CallWarnings turns the pending issues into warnings, one per batch at
// the batch's place, counting its calls by the batch they go into and
// saying what the scheduler does about them. With sites set, every call
// site follows as a warning of its own.
func CallWarnings(p *Plan, db Inventory, issues []CallIssue, sites bool) []Diagnostic {
	issues = Pending(issues, db)
	var out []Diagnostic
	for _, b := range p.Batches {
		var mine []CallIssue
		for _, is := range issues {
			if is.Batch == b.ID {
				mine = append(mine, is)
			}
		}
		if len(mine) == 0 {
			continue
		}
		msg := fmt.Sprintf("batch %d (wave %d): %s", b.ID, b.Wave, summarizeCalls(p, db, b, mine))
		if !sites {
			msg += "; mage -v validate lists every call"
		}
		out = append(out, Diagnostic{Pos: b.Pos, Message: msg, Batch: b.ID})
		if sites {
			for _, is := range mine {
				out = append(out, Diagnostic{Pos: b.Pos, Message: is.message(p, db), Batch: b.ID})
			}
		}
	}
	return out
}

// summarizeCalls says, for one batch's issues, how many calls go into
// each other batch (a call is a caller and a callee, wherever it is
// made) and what that means for the run.
func summarizeCalls(p *Plan, db Inventory, b Batch, issues []CallIssue) string {
	type group struct {
		callees []int
		calls   map[int]map[[2]int]bool
	}
	groups := map[CallOrder]*group{}
	for _, is := range issues {
		g, ok := groups[is.Order]
		if !ok {
			g = &group{calls: map[int]map[[2]int]bool{}}
			groups[is.Order] = g
		}
		key := is.Callee
		if is.Order == CallUnplanned {
			key = is.Edge.To
		}
		if g.calls[key] == nil {
			g.calls[key] = map[[2]int]bool{}
			g.callees = append(g.callees, key)
		}
		g.calls[key][[2]int{is.Edge.From, is.Edge.To}] = true
	}
	// calls says "3 calls into batch 46 (wave 2)" or "5 calls into batches
	// 43 (wave 1, 2 calls) and 46 (wave 2, 3 calls)".
	calls := func(g *group) string {
		slices.Sort(g.callees)
		var parts []string
		total := 0
		for _, c := range g.callees {
			n := len(g.calls[c])
			total += n
			cb, _ := p.Batch(c)
			if len(g.callees) == 1 {
				parts = append(parts, fmt.Sprintf("%d (wave %d)", c, cb.Wave))
			} else {
				parts = append(parts, fmt.Sprintf("%d (wave %d, %s)", c, cb.Wave, countCalls(n)))
			}
		}
		return fmt.Sprintf("%s into %s%s", countCalls(total), plural(len(parts), "batch ", "batches "), joinAnd(parts))
	}
	one := func(g *group, single, many string) string { return plural(len(g.callees), single, many) }
	var parts []string
	if g := groups[CallImplied]; g != nil {
		parts = append(parts, calls(g)+" it does not depend on: "+
			one(g, "an implied dependency, every run waits for it", "implied dependencies, every run waits for them"))
	}
	if g := groups[CallUnordered]; g != nil {
		parts = append(parts, calls(g)+" it does not depend on, which no run waits for (order_by_calls is off)")
	}
	if g := groups[CallParallel]; g != nil {
		parts = append(parts, calls(g)+" of its wave, which "+one(g, "waits", "wait")+" for this one for "+
			one(g, "its", "their")+" own calls: they run unordered")
	}
	if g := groups[CallLater]; g != nil {
		parts = append(parts, calls(g)+" of a later wave: not ported when it runs (plan:suggest moves the waves)")
	}
	if g := groups[CallUnplanned]; g != nil {
		slices.Sort(g.callees)
		var names []string
		for _, id := range g.callees {
			status := "not in porting.db"
			if it, ok := db.Feature(id); ok {
				status = string(it.Status)
			}
			names = append(names, fmt.Sprintf("%s (%s)", featureName(db, id), status))
		}
		if len(names) > 3 {
			names = append(names[:3], fmt.Sprintf("%d more", len(names)-3))
		}
		n := len(g.callees)
		parts = append(parts, fmt.Sprintf("calls %s no batch ports: %s", plural(n, "1 feature", fmt.Sprintf("%d features", n)), joinAnd(names)))
	}
	return strings.Join(parts, "; ")
}

func countCalls(n int) string { return plural(n, "1 call", fmt.Sprintf("%d calls", n)) }

// joinAnd is "a", "a and b", "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// message is one call site, for validate -v.
func (is CallIssue) message(p *Plan, db Inventory) string {
	b, _ := p.Batch(is.Batch)
	head := fmt.Sprintf("batch %d (wave %d): %s calls %s at %s", b.ID, b.Wave, featureName(db, is.Edge.From), featureName(db, is.Edge.To), is.Edge.Pos)
	c, _ := p.Batch(is.Callee)
	switch is.Order {
	case CallImplied:
		return fmt.Sprintf("%s, which batch %d ports (wave %d): it runs first, an implied dependency", head, c.ID, c.Wave)
	case CallUnordered:
		return fmt.Sprintf("%s, which batch %d ports (wave %d), unordered: order_by_calls is off", head, c.ID, c.Wave)
	case CallParallel:
		return fmt.Sprintf("%s, which batch %d ports at the same time, in wave %d", head, c.ID, c.Wave)
	case CallLater:
		return fmt.Sprintf("%s, which batch %d ports later, in wave %d", head, c.ID, c.Wave)
	case CallAccepted:
		return fmt.Sprintf("%s, which batch %d ports (wave %d): accepted unordered by the plan", head, c.ID, c.Wave)
	}
	status := "not in porting.db"
	if it, ok := db.Feature(is.Edge.To); ok {
		status = string(it.Status)
	}
	return fmt.Sprintf("%s, which no batch ports (%s)", head, status)
}
