package run

import (
	"context"
	"errors"

	"portwave/mage/port"
)

// Ended says how the run ended, for the runs table that FinishLedger (or
// Close) writes: done when runErr is nil, interrupted when the run was
// cancelled, failed otherwise. A run whose process dies never gets here;
// the next start closes it as interrupted (portdb.CloseDeadRuns).
func (w *Orchestrator) Ended(runErr error) {
	switch {
	case runErr == nil:
		w.outcome = port.StateDone
	case errors.Is(runErr, context.Canceled), errors.Is(runErr, context.DeadlineExceeded):
		w.outcome = port.StateInterrupted
	default:
		w.outcome = port.StateFailed
	}
}

// runOutcome is the state the runs table records for this run.
func (w *Orchestrator) runOutcome() port.State {
	if w.outcome == "" {
		return port.StateDone
	}
	return w.outcome
}
