package schedule

import (
	"maps"
	"slices"
	"strconv"
	"time"
)

// Outcome is how a batch ended in a Run.
type Outcome int

// The outcomes. The zero value is NotStarted: a batch that never got a slot.
const (
	NotStarted  Outcome = iota // the run stopped (budget, fail-fast, cancel) before the batch could start
	Done                       // the batch ran and its RunFunc returned nil
	AlreadyDone                // Options.Done said it had finished before; it did not run
	Failed                     // its RunFunc returned an error (or panicked)
	Skipped                    // a batch it depends on, directly or not, failed
	Interrupted                // its RunFunc returned an error after ctx was cancelled
)

var outcomeNames = [...]string{
	NotStarted:  "not started",
	Done:        "done",
	AlreadyDone: "already done",
	Failed:      "failed",
	Skipped:     "skipped",
	Interrupted: "interrupted",
}

func (o Outcome) String() string {
	if o < 0 || int(o) >= len(outcomeNames) {
		return "outcome(" + strconv.Itoa(int(o)) + ")"
	}
	return outcomeNames[o]
}

// Result is what happened to one batch.
type Result struct {
	ID      int
	Outcome Outcome
	Err     error     // the RunFunc's error, for Failed and Interrupted
	Start   time.Time // zero unless the batch ran
	End     time.Time
	// SkippedBecause lists the failed batches upstream of a Skipped one,
	// ascending.
	SkippedBecause []int
}

// Duration is how long the batch ran, or 0 if it did not.
func (r Result) Duration() time.Duration {
	if r.Start.IsZero() {
		return 0
	}
	return r.End.Sub(r.Start)
}

// Report is what happened in a Run.
type Report struct {
	Results map[int]Result // one per node given to Run
	Order   []int          // the batches in the order they started
	// StoppedBecause says why batches were left NotStarted, for example
	// "budget of $50.00 reached ($51.20 spent)", "fail-fast after batch 44
	// failed" or "interrupted"; empty if the run did not stop early.
	StoppedBecause string
	Start, End     time.Time // the whole run, for its makespan
}

// IDs lists, ascending, the batches that ended with one of the outcomes.
func (r Report) IDs(outcomes ...Outcome) []int {
	var ids []int
	for _, id := range slices.Sorted(maps.Keys(r.Results)) {
		if slices.Contains(outcomes, r.Results[id].Outcome) {
			ids = append(ids, id)
		}
	}
	return ids
}
