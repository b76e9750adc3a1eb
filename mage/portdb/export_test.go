package portdb

import (
	"context"
	"fmt"
	"time"

	"portwave/mage/port"
)

// Queries only the tests read: the product reads the ledger and the
// history through the report's queries.

// TotalCost is the agent cost recorded over every batch run since a moment.
func (db *DB) TotalCost(ctx context.Context, since time.Time) (float64, error) {
	var cost float64
	err := db.r.QueryRowContext(ctx, `SELECT coalesce(sum(cost_usd), 0) FROM batch_runs WHERE started_at >= ?`,
		since.UTC().Format(TimeFormat)).Scan(&cost)
	return cost, err
}

// History returns status_history rows in time order, optionally only those
// after a moment (zero time means all).
func (db *DB) History(ctx context.Context, after time.Time) ([]HistoryEntry, error) {
	rows, err := db.r.QueryContext(ctx, `
SELECT kind, item_id, coalesce(old_status, ''), new_status, changed_at, reason, coalesce(run_id, 0)
FROM status_history WHERE changed_at > ? ORDER BY changed_at, id`, after.UTC().Format(TimeFormat))
	if err != nil {
		return nil, fmt.Errorf("reading status_history: %w", err)
	}
	defer rows.Close()
	var out []HistoryEntry
	for rows.Next() {
		var e HistoryEntry
		var kind, from, to, at string
		if err := rows.Scan(&kind, &e.ItemID, &from, &to, &at, &e.Reason, &e.RunID); err != nil {
			return nil, err
		}
		e.Kind, e.From, e.To = port.Kind(kind), port.Status(from), port.Status(to)
		if e.At, err = time.Parse(TimeFormat, at); err != nil {
			return nil, fmt.Errorf("status_history: bad time %q: %w", at, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
