// Package inventory turns a Go source tree into the list of features (functions
// and methods) and tests that a port tracks, and merges a new scan into the
// items already numbered.
//
// It reads the tree with go/parser only: no type checking and no build
// constraints, because the port tracks every function of the source, including
// those compiled only on other platforms (disk_avail_windows.go) or under
// special tags (fuzz.go). Without type information, receivers and test
// signatures are recognised from their syntax, the way `go test` itself finds
// tests.
//
// Numbering follows the port's tracker, so that IDs line up with an existing
// porting database: see CompareFiles for the file order, and Merge for how
// a re-run keeps every ID it has handed out.
package inventory
