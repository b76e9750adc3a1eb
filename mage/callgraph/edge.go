package callgraph

import (
	"portwave/mage/port"
)

// Edge is one call between two tracked features, by porting.db ID.
type Edge struct {
	From, To int
	Callee   Key
	Pos      Pos // the call site
	How      How
}

// Edges lists the calls between the given features (vanished ones and
// tests are left out), by caller ID, then in source order.
func (g *Graph) Edges(items []port.Item) []Edge {
	ids := IDs(items)
	var out []Edge
	for _, it := range items {
		if it.Kind == port.Test || it.Vanished {
			continue
		}
		n, ok := g.Node(KeyOf(it))
		if !ok {
			continue
		}
		for _, c := range n.Calls {
			if to, ok := ids[c.Callee]; ok && to != it.ID {
				out = append(out, Edge{From: it.ID, To: to, Callee: c.Callee, Pos: c.Pos, How: c.How})
			}
		}
	}
	return out
}

// KeyOf is the key of a porting.db item.
func KeyOf(it port.Item) Key { return Key{File: it.GoFile, Receiver: it.GoReceiver, Name: it.GoName} }

// IDs maps the keys of live features to their IDs.
func IDs(items []port.Item) map[Key]int {
	ids := make(map[Key]int, len(items))
	for _, it := range items {
		if it.Kind != port.Test && !it.Vanished {
			ids[KeyOf(it)] = it.ID
		}
	}
	return ids
}
