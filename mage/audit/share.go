package audit

import (
	"portwave/mage/audit/csharp"
	"portwave/mage/port"
)

// claimant is one item that maps to a C# name several items share, as the
// sharing sees it: its Go function's parameter count and how strong its
// claim is.
type claimant struct {
	item    int  // index into the items being classified
	params  int  // the Go function's parameters, receiver excluded
	weak    bool // a complete item: its mapping is known not to show where its port lives
	goEmpty bool // the Go function's body is empty: a trivial C# body is its port
}

// shareOverloads gives the claimants of one C# name the implemented
// overloads the tree has for it, at most one claimant per overload: one C#
// member never stands for two items. It returns, by claimant, whether the
// claimant has an overload of its own.
//
// An overload whose parameter count some claimant has belongs to the
// claimants of that count; one whose count no claimant has (a port may add
// a CancellationToken or fold Go's results into the signature), or whose
// count is unknown, may be any claimant's. The strong claimants are served
// first, then the complete ones with what is left. Within a count, fewer
// overloads than claimants credit none of them, since nothing tells which
// one is ported; the free overloads make up such a shortfall only when
// they cover every claimant short of one, for the same reason.
func shareOverloads(kind port.Kind, claimants []claimant, overloads []Entry, failed func(string) bool) []bool {
	counts := map[int]bool{}
	emptyGo := map[int]bool{}
	for _, c := range claimants {
		counts[c.params] = true
		if c.goEmpty {
			emptyGo[c.params] = true
		}
	}
	exact := map[int]int{}
	free := 0
	for i := range overloads {
		e := &overloads[i]
		if failed(e.File) || (kind == port.Test && (!e.Test || e.Skip != "")) {
			continue
		}
		owned := e.Params >= 0 && counts[e.Params]
		implemented := e.Body == csharp.Implemented || (owned && e.Trivial && emptyGo[e.Params])
		switch {
		case !implemented:
		case owned:
			exact[e.Params]++
		default:
			free++
		}
	}
	own := make([]bool, len(claimants))
	for _, weak := range []bool{false, true} {
		byCount := map[int][]int{}
		for i, c := range claimants {
			if c.weak == weak {
				byCount[c.params] = append(byCount[c.params], i)
			}
		}
		short, shortfall := []int{}, 0
		for p, members := range byCount {
			if exact[p] >= len(members) {
				exact[p] -= len(members)
				for _, i := range members {
					own[i] = true
				}
				continue
			}
			short = append(short, p)
			shortfall += len(members) - exact[p]
		}
		covered := shortfall > 0 && free >= shortfall
		if covered {
			free -= shortfall
		}
		for _, p := range short {
			exact[p] = 0 // the ports of some of these claimants, which one unknown: nobody else's
			for _, i := range byCount[p] {
				own[i] = covered
			}
		}
	}
	return own
}
