package run

import (
	"context"
	"strconv"
	"strings"
	"time"

	"portwave/mage/agent"
	"portwave/mage/port"
	"portwave/mage/progress"
)

// The numbers a finished batch reports to the progress sinks come from the
// ledger, through port.SumFigures, so that the run summary shows what
// `status` and the report show: every attempt, in every run.

// startTotals sets the running totals of the live view to what the
// ledger's earlier rows of the batch hold, so a resumed batch does not
// start again from zero.
func (j *job) startTotals(rows []port.BatchRun) {
	f := port.FiguresOf(j.batch.ID, rows)
	j.priorTurns, j.priorCost = f.Turns, f.CostUSD
}

// figures reads the batch's ledger figures and how many of its features
// are verified now.
func (j *job) figures(ctx context.Context) (port.Figures, int) {
	return j.w.figures(ctx, j.batch.ID)
}

func (w *Orchestrator) figures(ctx context.Context, id int) (port.Figures, int) {
	ctx = context.WithoutCancel(ctx)
	f := port.Figures{Batch: id}
	if rows, err := w.DB.BatchRuns(ctx, id); err == nil {
		f = port.FiguresOf(id, rows)
	}
	verified := 0
	if b, ok := w.Plan.Batch(id); ok {
		if items, err := w.DB.FeaturesByID(ctx, b.AllIDs()); err == nil {
			verified = port.CountVerified(b.AllIDs(), items)
		}
	}
	return f, verified
}

// finished is the BatchFinished event of the batch, with the ledger's
// figures.
func (j *job) finished(ctx context.Context, stage port.Stage, state port.State, message string) progress.Event {
	return j.w.finished(ctx, j.batch.ID, stage, state, message)
}

func (w *Orchestrator) finished(ctx context.Context, id int, stage port.Stage, state port.State, message string) progress.Event {
	f, verified := w.figures(ctx, id)
	return progress.Event{Kind: progress.BatchFinished, Batch: id, Stage: stage, State: state,
		Message: message, LogPath: f.LogPath, Attempt: f.Attempt, Turns: f.Turns, CostUSD: f.CostUSD,
		Duration: time.Duration(f.Seconds * float64(time.Second)), Verified: verified}
}

// runningCost is the attempt's cost for the live view while the agent
// works: the reported cost once there is one, else the estimate from the
// usage the agent reports turn by turn. A resumed session reports the
// whole session's cost, so its estimate stands until the ledger row has
// the attempt's own share.
func runningCost(p agent.Progress, req agent.Request) float64 {
	if p.CostUSD > 0 && req.ResumeSession == "" {
		return p.CostUSD
	}
	return p.EstimatedUSD
}

// recordAgentIssues writes the agent's denied tool uses and API retries
// into the ledger as stage transitions of the attempt.
func (j *job) recordAgentIssues(ctx context.Context, res agent.Result) error {
	ctx = context.WithoutCancel(ctx)
	if len(res.Denials) > 0 {
		if err := j.w.save(ctx, j.br, port.DetailDenied+strings.Join(res.Denials, "; ")); err != nil {
			return err
		}
	}
	if res.Retries > 0 {
		return j.w.save(ctx, j.br, port.DetailAPIRetries+strconv.Itoa(res.Retries))
	}
	return nil
}
