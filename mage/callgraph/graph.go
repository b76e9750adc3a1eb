package callgraph

import (
	"cmp"
	"fmt"
	"slices"
)

// Key names one function or method the way the inventory does, so that it
// matches a porting.db item.
type Key struct {
	File     string // slash path relative to the Go root
	Receiver string // receiver type name without '*' or type parameters; empty for functions
	Name     string
}

// String is Receiver.Name, or Name for a function.
func (k Key) String() string {
	if k.Receiver == "" {
		return k.Name
	}
	return k.Receiver + "." + k.Name
}

// Pos is a place in the Go tree: file relative to the Go root, 1-based line
// and column.
type Pos struct {
	File      string
	Line, Col int
}

// String is file:line:col.
func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// How says how a call was resolved.
type How uint8

// The ways a call is resolved.
const (
	ByType How = iota // go/types resolved the name
	ByName            // the type checker could not; the name is unique in the package
)

// Call is one reference from a function to a tracked function: a call, or
// a function or method value (go s.run(), time.AfterFunc(d, s.expire)).
// Calls inside closures belong to the function that holds the closure.
type Call struct {
	Callee Key
	Pos    Pos // the callee's name at the call site
	How    How
}

// Node is one tracked function or method and what it uses.
type Node struct {
	Key
	Line  int      // the func keyword
	Calls []Call   // in source order; a function's calls to itself are left out
	Types []string // named types of the tree it uses, sorted, its own receiver left out
}

// Graph is every function and method of the tree (test files left out) and
// what each one calls.
type Graph struct {
	Nodes   []Node   // by file, then line
	Skipped []string // files that did not parse, with the error
	// Cache says whether the graph came from the cache, and why not.
	Cache string

	index map[Key]int
}

func (g *Graph) reindex() {
	slices.SortFunc(g.Nodes, func(a, b Node) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Receiver, b.Receiver), cmp.Compare(a.Name, b.Name))
	})
	g.index = make(map[Key]int, len(g.Nodes))
	for i, n := range g.Nodes {
		g.index[n.Key] = i
	}
}

// Node returns the node of a function or method.
func (g *Graph) Node(k Key) (*Node, bool) {
	i, ok := g.index[k]
	if !ok {
		return nil, false
	}
	return &g.Nodes[i], true
}
