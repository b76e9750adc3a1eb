package portdb

import (
	"context"
	"database/sql"
	"fmt"

	"portwave/mage/port"
)

// CloseDeadRuns marks every run still recorded as running interrupted,
// ending it at its last ledger write (its start when it wrote none). Call
// it only while holding the orchestrator lock: that proves whoever started
// those runs is gone (killed, or its machine stopped).
func (db *DB) CloseDeadRuns(ctx context.Context) (int, error) {
	var n int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE runs SET state = ?, finished_at = coalesce(
	(SELECT max(updated_at) FROM batch_runs WHERE batch_runs.run_id = runs.id), started_at)
WHERE state = ?`, string(port.StateInterrupted), string(port.StateRunning))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("closing runs left running: %w", err)
	}
	return int(n), nil
}

// Runs returns every orchestrator run, oldest first.
func (db *DB) Runs(ctx context.Context) ([]port.Run, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, command, state, started_at, finished_at FROM runs ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("reading runs: %w", err)
	}
	defer rows.Close()
	var out []port.Run
	for rows.Next() {
		var r port.Run
		var state, started, finished string
		if err := rows.Scan(&r.ID, &r.Command, &state, &started, &finished); err != nil {
			return nil, fmt.Errorf("reading runs: %w", err)
		}
		r.State, r.Started, r.Finished = port.State(state), parseTime(started), parseTime(finished)
		out = append(out, r)
	}
	return out, rows.Err()
}
