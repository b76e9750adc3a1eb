package audit

import (
	"portwave/mage/inventory"
	"portwave/mage/port"
)

// csName is the C# name an item is ported to, with the item's kind: the
// items that share one share its overloads.
type csName struct {
	kind          port.Kind
	class, member string
}

// claims counts, for each C# name, the live items that claim it. An item
// not yet complete has a strong claim; a complete one a weak claim, since
// its mapping is known not to show where its port lives. Each distinct
// name is hashed once; the counts live in slices indexed by name.
type claims struct {
	names        []csName
	nameOf       []int32 // by item: the index of its name
	strong, weak []int   // by name
	// claimants are, by name, the claimants whose Go signature is known
	// (only when Go functions were read).
	claimants [][]claimant
}

func countClaims(items []port.Item, naming Naming, goFuncs map[inventory.FuncKey]inventory.GoFunc) claims {
	index := make(map[csName]int32, len(items))
	c := claims{
		names:  make([]csName, 0, len(items)),
		nameOf: make([]int32, len(items)),
		strong: make([]int, 0, len(items)),
		weak:   make([]int, 0, len(items)),
	}
	for i, it := range items {
		cl, m := naming.Target(it)
		t := csName{it.Kind, cl, m}
		n, ok := index[t]
		if !ok {
			n = int32(len(c.names))
			index[t] = n
			c.names = append(c.names, t)
			c.strong, c.weak = append(c.strong, 0), append(c.weak, 0)
			if goFuncs != nil {
				c.claimants = append(c.claimants, nil)
			}
		}
		c.nameOf[i] = n
		switch {
		case it.Vanished || it.Status == port.NA:
			continue
		case it.Status == port.Complete:
			c.weak[n]++
		default:
			c.strong[n]++
		}
		if g, ok := goFuncs[inventory.FuncKey{Kind: it.Kind, ID: it.ID}]; ok {
			c.claimants[n] = append(c.claimants[n], claimant{item: i, params: g.Params, weak: it.Status == port.Complete, goEmpty: g.BodyEmpty})
		}
	}
	return c
}

// shareBySignature gives out the overloads of each shared name whose
// claimants the Go signatures tell apart, once, before any item is
// decided: the result holds, by item, the overload it owns.
func (c claims) shareBySignature(idx *Index) map[int]sigMatch {
	sigs := map[int]sigMatch{}
	for n, cs := range c.claimants {
		if c.strong[n]+c.weak[n] < 2 || len(cs) == 0 {
			continue
		}
		t := c.names[n]
		own := shareOverloads(t.kind, cs, idx.Overloads(t.class, t.member), idx.FileFailed)
		for k, cl := range cs {
			sigs[cl.item] = sigMatch{params: cl.params, shared: true, own: own[k], goEmpty: cl.goEmpty}
		}
	}
	return sigs
}

// need is how many implemented overloads item i's name must have for it
// to get one of its own: the strong claims, and for a complete item the
// weak ones too (its claim is the weaker, so it comes last).
func (c claims) need(i int, it *port.Item) int {
	n := c.nameOf[i]
	if it.Status == port.Complete {
		return c.strong[n] + c.weak[n]
	}
	return c.strong[n]
}
