// Package progress carries what running batches report, and shows it.
//
// Workers never print: they send Events to a Sink. The terminal view, the
// plain CI log and the run summary are Sinks; Nop discards everything.
package progress

import (
	"time"

	"portwave/mage/port"
)

// Kind says what an Event reports.
type Kind string

// The kinds of events.
const (
	BatchQueued   Kind = "queued"   // the batch waits for its dependencies or a slot
	StageStarted  Kind = "stage"    // the batch entered Stage
	AgentActivity Kind = "agent"    // the agent made progress: Turns, CostUSD, LastTool
	Audited       Kind = "audited"  // the audit after the merge finished: Verified
	BatchFinished Kind = "finished" // the batch ended in State (done, failed, skipped, ...)
	Note          Kind = "note"     // a one-line message worth showing (Message)
	RunFinished   Kind = "run"      // the whole run ended; Message says why if early
)

// Event is one thing that happened to one batch (Batch 0: the run itself).
type Event struct {
	Time     time.Time
	Kind     Kind
	Batch    int
	Name     string // the batch's name, on BatchQueued
	Stage    port.Stage
	State    port.State
	Attempt  int
	Turns    int
	CostUSD  float64 // cumulative for the batch
	LastTool string
	Verified int // the batch's listed features verified now (port.CountVerified), on Audited and BatchFinished
	// Duration is, on BatchFinished, the time the ledger says the batch
	// was worked on over all its attempts (port.Figures.Seconds).
	Duration time.Duration
	Message  string // one line: a note, or the error of a failed batch
	LogPath  string
}

// Sink receives events. Implementations must be safe for concurrent use:
// several batches report at once.
type Sink interface {
	Send(Event)
}

// Nop is a Sink that discards everything.
type Nop struct{}

// Send discards e.
func (Nop) Send(Event) {}

// Func adapts a function to a Sink.
type Func func(Event)

// Send calls f.
func (f Func) Send(e Event) { f(e) }
