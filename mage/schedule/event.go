package schedule

import "time"

// EventKind says what an Event reports.
type EventKind int

// The kinds of events. Every batch gets exactly one Finished event; a batch
// that runs gets Queued, Started and Finished in that order.
const (
	Queued   EventKind = iota + 1 // the batch waits for Waiting, or for a slot if Waiting is empty
	Started                       // the batch's RunFunc was called
	Finished                      // the batch reached its Outcome
	Stopping                      // no batch starts from now on; Reason says why (ID is 0)
)

var kindNames = [...]string{Queued: "queued", Started: "started", Finished: "finished", Stopping: "stopping"}

func (k EventKind) String() string {
	if k <= 0 || int(k) >= len(kindNames) {
		return "event"
	}
	return kindNames[k]
}

// Event is one thing that happened in a Run. Workers never print: a display
// or a log turns events into lines.
type Event struct {
	Kind EventKind
	ID   int
	Time time.Time
	// Waiting lists, on Queued, the dependencies not done yet.
	Waiting []int
	// On Finished: the Outcome, the RunFunc's error, and for a Skipped batch
	// the failed batches upstream.
	Outcome        Outcome
	Err            error
	SkippedBecause []int
	// Reason is, on Stopping and on Finished with NotStarted, why nothing
	// more starts.
	Reason string
}
