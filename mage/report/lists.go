package report

import (
	"time"

	"portwave/mage/port"
)

// Changes is what happened in status_history since the previous report (or
// over the whole history, for a first report).
type Changes struct {
	Since       *time.Time        `json:"since"` // nil for a first report
	Count       int               `json:"count"` // status_history rows in the window
	Transitions []TransitionCount `json:"transitions"`
	Verified    int               `json:"verified"` // net change in verified items
	Done        int               `json:"done"`     // net change in done items
	Items       ItemList          `json:"items"`
}

// TransitionCount is how many items of one kind moved between two statuses;
// From is empty for items recorded for the first time.
type TransitionCount struct {
	Kind  port.Kind   `json:"kind"`
	From  port.Status `json:"from"`
	To    port.Status `json:"to"`
	Count int         `json:"count"`
}

// ItemList is a capped list of status changes.
type ItemList struct {
	Total   int          `json:"total"`   // how many there are
	Entries []ItemChange `json:"entries"` // the oldest ones, up to the cap
}

// Omitted is how many entries the cap left out.
func (l ItemList) Omitted() int { return l.Total - len(l.Entries) }

// ItemChange is one status change of one item.
type ItemChange struct {
	Kind    port.Kind   `json:"kind"`
	ID      int         `json:"id"`
	Module  string      `json:"module"` // the Go file; empty for an item no longer tracked
	Name    string      `json:"name"`   // Receiver.Name
	From    port.Status `json:"from"`
	To      port.Status `json:"to"`
	At      time.Time   `json:"at"`
	Reason  string      `json:"reason"`
	Run     int64       `json:"run,omitempty"`
	Current port.Status `json:"current"` // the item's status now
}

// ModuleTable is the progress of every Go file.
type ModuleTable struct {
	Total   int      `json:"total"`   // modules in porting.db
	Entries []Module `json:"entries"` // every module (the markdown shows up to the cap)
}

// Module is one Go source file with its tests: x_test.go is counted with
// x.go, since reviewers think of a file and its tests together, and that
// halves the table.
type Module struct {
	File     string       `json:"file"`
	TestFile string       `json:"test_file,omitempty"`
	Features StatusCounts `json:"features"`
	Tests    StatusCounts `json:"tests"`
	All      StatusCounts `json:"all"`
}

// OpenList is the items still to port, grouped by module.
type OpenList struct {
	Total   int          `json:"total"` // open items in porting.db
	Modules []OpenModule `json:"modules"`
}

// OpenModule is the open items of one module.
type OpenModule struct {
	File     string     `json:"file"`
	TestFile string     `json:"test_file,omitempty"` // its tests' file, when they are counted with it
	Counts   OpenCounts `json:"counts"`              // all its open items
	Items    []OpenItem `json:"items"`               // up to the cap
	Omitted  int        `json:"omitted"`
}

// OpenCounts is how many features and tests of a module are in each open
// status.
type OpenCounts struct {
	DeferredFeatures int `json:"deferred_features"`
	StubFeatures     int `json:"stub_features"`
	UnknownFeatures  int `json:"unknown_features"`
	DeferredTests    int `json:"deferred_tests"`
	StubTests        int `json:"stub_tests"`
	UnknownTests     int `json:"unknown_tests"`
}

// Sum is every open item the counts hold.
func (c OpenCounts) Sum() int {
	return c.DeferredFeatures + c.StubFeatures + c.UnknownFeatures + c.DeferredTests + c.StubTests + c.UnknownTests
}

// OpenItem is one item still to port, with when and why it got there.
type OpenItem struct {
	Kind   port.Kind   `json:"kind"`
	ID     int         `json:"id"`
	Name   string      `json:"name"`
	Line   int         `json:"line"`
	Status port.Status `json:"status"`
	Since  *time.Time  `json:"since"`
	Reason string      `json:"reason"`
}
