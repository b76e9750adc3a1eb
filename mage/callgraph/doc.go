// Package callgraph finds, for every function and method of the Go tree
// the port tracks, the tracked functions it calls (with the position of each
// call) and the named types of the tree it uses.
//
// The plan lint (is every callee ported first?), the prompt's context (what
// does this feature call, and what is its C# form?) and the batch splitter
// (which features can go to different agents?) all read it.
//
// It is hand-written on go/ast and go/types rather than taken from
// golang.org/x/tools/go/callgraph, because those builders start from SSA of
// packages that load and type-check completely, with their dependencies
// resolved by the go tool. The tree being ported is often neither: it holds
// files for other platforms and build tags side by side (the inventory tracks
// them all), and its third-party imports need not be downloaded. So each
// package is type-checked as far as it goes, with in-tree imports checked
// from source and every other import left unresolved; a call the checker
// resolves is taken from it, and a call it cannot resolve falls back to
// name resolution: a plain name to the package's function of that name, a
// selector to the package's one method of that name (ambiguous names are
// left out rather than guessed). Interface calls have no tracked callee and
// are not recorded.
//
// Building costs about as much as type-checking the tree, so Load keeps the
// graph in a cache keyed on the content of every Go file.
package callgraph
