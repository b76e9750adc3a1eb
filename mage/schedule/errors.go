package schedule

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sourcegraph/conc/panics"
)

// CycleError rejects a graph whose dependencies loop back on themselves.
type CycleError struct {
	// Path follows dependencies from its lowest batch back to it:
	// [44 45 44] says 44 depends on 45, which depends on 44.
	Path []int
}

func (e *CycleError) Error() string {
	parts := make([]string, len(e.Path))
	for i, id := range e.Path {
		parts[i] = strconv.Itoa(id)
	}
	return "cycle: " + strings.Join(parts, " -> ")
}

// StopError says why a run stopped starting batches before all had run.
type StopError struct {
	Reason     string // as in Report.StoppedBecause
	NotStarted []int  // ascending
	Cause      error  // context.Cause of an interrupted run, else nil
}

func (e *StopError) Error() string {
	if len(e.NotStarted) == 0 {
		return e.Reason
	}
	ids := make([]string, len(e.NotStarted))
	for i, id := range e.NotStarted {
		ids[i] = strconv.Itoa(id)
	}
	return e.Reason + ": not started: " + strings.Join(ids, ", ")
}

// Unwrap gives the cause of an interruption, so that
// errors.Is(err, context.Canceled) holds after a cancel.
func (e *StopError) Unwrap() error { return e.Cause }

// PanicError is the error of a batch whose RunFunc panicked. The other
// batches go on as after any failure.
type PanicError struct {
	ID        int
	Recovered panics.Recovered // the panic value and the stack it came from
}

// Error is one line; the stack is in Recovered.Stack.
func (e *PanicError) Error() string {
	return fmt.Sprintf("batch %d panicked: %v", e.ID, e.Recovered.Value)
}

// Unwrap gives the panic value when it was an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Recovered.Value.(error)
	return err
}
