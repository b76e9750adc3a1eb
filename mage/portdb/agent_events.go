package portdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// AgentEventKind says what happened to an attempt's agent.
type AgentEventKind string

// The kinds of agent events the ledger keeps.
const (
	// EventDenial: the CLI refused a tool call (a permission denial).
	EventDenial AgentEventKind = "denial"
	// EventAPIRetry: the CLI retried a failed model API request itself.
	EventAPIRetry AgentEventKind = "api_retry"
	// EventAgentRetry: portwave ran the agent again after a transient
	// failure, without spending a gate attempt.
	EventAgentRetry AgentEventKind = "agent_retry"
)

// AgentEvent is one recorded event of an attempt's agent.
type AgentEvent struct {
	BatchRunID int64
	Batch      int
	Attempt    int
	Kind       AgentEventKind
	At         time.Time
	Detail     string
}

// AddAgentEvents records events of the batch run with id batchRunID.
func (db *DB) AddAgentEvents(ctx context.Context, batchRunID int64, events []AgentEvent) error {
	if len(events) == 0 {
		return nil
	}
	return db.Write(ctx, func(tx *sql.Tx) error {
		for _, e := range events {
			at := e.At
			if at.IsZero() {
				at = db.now()
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO agent_events (batch_run_id, kind, at, detail) VALUES (?,?,?,?)`,
				batchRunID, string(e.Kind), at.UTC().Format(TimeFormat), e.Detail); err != nil {
				return fmt.Errorf("recording an agent event: %w", err)
			}
		}
		return nil
	})
}

// AgentEvents returns the agent events of one batch (0: every batch),
// oldest first, with the batch and attempt of the run they belong to. The
// report reads denials and retries from here.
func (db *DB) AgentEvents(ctx context.Context, batch int) ([]AgentEvent, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT e.batch_run_id, r.batch, r.attempt, e.kind, e.at, e.detail
FROM agent_events e JOIN batch_runs r ON r.id = e.batch_run_id
WHERE ? = 0 OR r.batch = ? ORDER BY e.id`, batch, batch)
	if err != nil {
		return nil, fmt.Errorf("reading agent events: %w", err)
	}
	defer rows.Close()
	var out []AgentEvent
	for rows.Next() {
		var e AgentEvent
		var kind, at string
		if err := rows.Scan(&e.BatchRunID, &e.Batch, &e.Attempt, &kind, &at, &e.Detail); err != nil {
			return nil, err
		}
		e.Kind, e.At = AgentEventKind(kind), parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// AgentEventCounts is how many events of each kind one batch run had.
type AgentEventCounts struct {
	Denials, APIRetries, AgentRetries int
}

// CountAgentEvents counts the events of every batch run that has any, by
// batch run id.
func (db *DB) CountAgentEvents(ctx context.Context) (map[int64]AgentEventCounts, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT batch_run_id, kind, count(*) FROM agent_events GROUP BY batch_run_id, kind`)
	if err != nil {
		return nil, fmt.Errorf("counting agent events: %w", err)
	}
	defer rows.Close()
	out := map[int64]AgentEventCounts{}
	for rows.Next() {
		var id int64
		var kind string
		var n int
		if err := rows.Scan(&id, &kind, &n); err != nil {
			return nil, err
		}
		c := out[id]
		switch AgentEventKind(kind) {
		case EventDenial:
			c.Denials = n
		case EventAPIRetry:
			c.APIRetries = n
		case EventAgentRetry:
			c.AgentRetries = n
		}
		out[id] = c
	}
	return out, rows.Err()
}

// PlanCost is what the agents cost over the whole ledger: the plan's
// spending across every command that ran it.
func (db *DB) PlanCost(ctx context.Context) (float64, error) {
	var cost float64
	err := db.r.QueryRowContext(ctx, `SELECT coalesce(sum(cost_usd), 0) FROM batch_runs`).Scan(&cost)
	return cost, err
}
