package run

import (
	"context"
	"errors"
	"fmt"
	"time"

	"portwave/mage/agent"
	"portwave/mage/gitx"
	"portwave/mage/portdb"
)

// runWithRetries runs the agent, and again after a transient failure (see
// transient), up to agent_retries times with a doubling pause. The retries
// are part of the same attempt: they spend no gate attempt, and the row
// adds up every run's turns, tokens and cost.
func (j *job) runWithRetries(ctx context.Context, req agent.Request, events agent.Events) (agent.Result, error) {
	w, br := j.w, j.br
	for try := 0; ; try++ {
		j.base = *br
		res, runErr := w.Agent.Run(ctx, req, events)
		j.account(req, res)
		detail := fmt.Sprintf("agent exit %d, %d turns, $%.4f", res.ExitCode, res.Turns, br.CostUSD)
		if res.CostEstimated {
			detail += " (estimated from the usage it streamed before it stopped)"
		}
		if err := w.save(context.WithoutCancel(ctx), br, detail); err != nil {
			return res, err
		}
		if err := w.DB.AddAgentEvents(context.WithoutCancel(ctx), br.ID, agentEvents(res)); err != nil {
			return res, err
		}
		if err := j.recordAgentIssues(ctx, res); err != nil {
			return res, err
		}
		why := j.transient(ctx, res, runErr)
		if why == "" || try >= w.Config.AgentRetries {
			return res, runErr
		}
		wait := w.Config.AgentRetryBackoff << try
		msg := fmt.Sprintf("retry %d of %d in %s: %s", try+1, w.Config.AgentRetries, wait, why)
		if err := w.DB.AddAgentEvents(context.WithoutCancel(ctx), br.ID, []portdb.AgentEvent{{Kind: portdb.EventAgentRetry, Detail: msg}}); err != nil {
			return res, err
		}
		w.note(j.batch.ID, "batch %d attempt %d: transient agent failure, %s", j.batch.ID, br.Attempt, msg)
		select {
		case <-ctx.Done():
			return res, runErr
		case <-time.After(wait):
		}
	}
}

// transient says why a failed agent run is worth running again at once,
// or "": its adapter said why a rerun may succeed (for Claude Code: the
// model API failed, or the stream was cut), and the agent changed
// nothing. A run that edited files, hit its limits, was denied, timed out
// or was cancelled is not retried, and neither is a command agent's exit.
func (j *job) transient(ctx context.Context, res agent.Result, runErr error) string {
	var ae *agent.Error
	if runErr == nil || ctx.Err() != nil || !errors.As(runErr, &ae) || ae.Kind != agent.Failed || ae.Transient == "" {
		return ""
	}
	if st, err := (gitx.Repo{Dir: j.br.Worktree}).Status(ctx); err != nil || len(st) > 0 {
		return ""
	}
	if !res.SawResult {
		return ae.Transient + " and it changed nothing"
	}
	return ae.Transient
}

// agentEvents are the permission denials and API retries an attempt's
// agent reported, for the ledger: a denied write or a string of retries is
// how a misconfigured or overloaded run shows, and the live view forgets.
func agentEvents(res agent.Result) []portdb.AgentEvent {
	var out []portdb.AgentEvent
	for _, d := range res.Denials {
		out = append(out, portdb.AgentEvent{Kind: portdb.EventDenial, Detail: d})
	}
	for _, r := range res.APIRetries {
		out = append(out, portdb.AgentEvent{Kind: portdb.EventAPIRetry, Detail: r})
	}
	return out
}
