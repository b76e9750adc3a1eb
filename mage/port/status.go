package port

import (
	"fmt"
	"strings"
)

// Status is the port state of one feature or test. The set is closed:
// Statuses lists it, and porting.db's CHECK constraints are built from it.
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

// Statuses lists every status in the order reports show them: the whole
// set, which nothing else repeats.
var Statuses = []Status{Verified, Complete, NA, Stub, Deferred, Unknown}

// ParseStatus checks that s names a known status.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	names := make([]string, len(Statuses))
	for i, st := range Statuses {
		names[i] = string(st)
	}
	return "", fmt.Errorf("unknown status %q (want one of %s)", s, strings.Join(names, ", "))
}

// Done reports whether the status needs no more porting work.
func (s Status) Done() bool { return s == Verified || s == Complete || s == NA }

// IsRegression reports whether a status change took an item backwards: off
// verified, or from done (complete, n/a) to not done. A first record (from
// empty) is never one.
func IsRegression(from, to Status) bool {
	if from == Verified {
		return to != Verified
	}
	return from.Done() && !to.Done()
}
