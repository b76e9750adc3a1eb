package portdb

import "fmt"

// Status is the port state of one feature or test. The set is closed and is
// also enforced by a CHECK constraint in the schema.
type Status string

// The statuses a tracked item can have.
const (
	Unknown  Status = "unknown"  // not yet looked at
	Deferred Status = "deferred" // a person decided to do it later
	Stub     Status = "stub"     // the C# member exists but only throws
	Complete Status = "complete" // ported, but the audit cannot see it
	Verified Status = "verified" // the audit found a real implementation
	NA       Status = "n/a"      // nothing to port
)

// Statuses lists every status in the order reports show them.
var Statuses = []Status{Verified, Complete, NA, Stub, Deferred, Unknown}

// ParseStatus checks that s names a known status.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown status %q (want one of unknown, deferred, stub, complete, verified, n/a)", s)
}

// Done reports whether the status needs no more porting work.
func (s Status) Done() bool { return s == Verified || s == Complete || s == NA }

// Kind says whether an item is a feature (function or method) or a unit test.
type Kind string

// The two kinds of tracked items; each has its own table and ID sequence.
const (
	Feature Kind = "feature"
	Test    Kind = "test"
)

// Table is the SQL table that holds items of this kind.
func (k Kind) Table() string {
	if k == Test {
		return "unit_tests"
	}
	return "features"
}

// Item is one tracked Go function, method or test and its C# counterpart.
type Item struct {
	ID           int
	Kind         Kind
	GoFile       string // slash-separated, relative to the Go source root
	GoReceiver   string // empty for standalone functions
	GoName       string
	GoLine       int
	GoLineCount  int
	DotnetFile   string // optional: the C# file the member lives in
	DotnetClass  string
	DotnetMember string
	Status       Status
	Vanished     bool // the inventory no longer finds it in the Go tree
}

// GoQualifiedName is Receiver.Name, or Name for standalone functions.
func (it Item) GoQualifiedName() string {
	if it.GoReceiver == "" {
		return it.GoName
	}
	return it.GoReceiver + "." + it.GoName
}
