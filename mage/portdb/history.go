package portdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"portwave/mage/port"
)

// Change is one status transition decided by a caller (the audit, a reset),
// with the reason that goes into status_history.
type Change struct {
	Kind   port.Kind
	ID     int
	From   port.Status
	To     port.Status
	Reason string
}

// HistoryEntry is one row of status_history.
type HistoryEntry struct {
	Kind   port.Kind
	ItemID int
	From   port.Status // empty when the item was first recorded
	To     port.Status
	At     time.Time
	Reason string
	RunID  int64
}

// TimeFormat is how times are stored: sortable as text, UTC, nanoseconds.
const TimeFormat = "2006-01-02T15:04:05.000000000Z"

// SetClock pins the time every write records; nil means time.Now. It is
// how tests, this package's and the report's, write a history that spans
// days through the real write path instead of forging timestamps in SQL.
func (db *DB) SetClock(now func() time.Time) { db.clock = now }

func (db *DB) now() time.Time {
	if db.clock != nil {
		return db.clock().UTC()
	}
	return time.Now().UTC()
}

// ApplyChanges writes a set of status changes and their history in one
// transaction. Each change must still start from the status the caller saw;
// if another writer moved an item in between, nothing is written.
func (db *DB) ApplyChanges(ctx context.Context, changes []Change, runID int64) error {
	now := db.now()
	var before, after int64 // item_changes around the writes
	err := db.Write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT n FROM item_changes`).Scan(&before); err != nil {
			return err
		}
		hist, err := prepareHistory(ctx, tx)
		if err != nil {
			return err
		}
		defer hist.Close()
		for _, c := range changes {
			res, err := tx.ExecContext(ctx, `UPDATE `+table(c.Kind)+` SET status = ? WHERE id = ? AND status = ?`,
				string(c.To), c.ID, string(c.From))
			if err != nil {
				return fmt.Errorf("setting %s %d to %s: %w", c.Kind, c.ID, c.To, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fmt.Errorf("setting %s %d to %s: it is no longer %s (changed by another writer?)", c.Kind, c.ID, c.To, c.From)
			}
			from := sql.NullString{String: string(c.From), Valid: true}
			if err := hist.add(ctx, c.Kind, c.ID, from, c.To, c.Reason, runID, now); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, `SELECT n FROM item_changes`).Scan(&after)
	})
	if err == nil {
		db.kept.applied(changes, before, after)
	}
	return err
}

type historyWriter struct{ *sql.Stmt }

func prepareHistory(ctx context.Context, tx *sql.Tx) (historyWriter, error) {
	s, err := tx.PrepareContext(ctx, `INSERT INTO status_history
(kind, item_id, old_status, new_status, changed_at, reason, run_id) VALUES (?,?,?,?,?,?,?)`)
	return historyWriter{s}, err
}

func (h historyWriter) add(ctx context.Context, kind port.Kind, id int, from sql.NullString, to port.Status, reason string, runID int64, at time.Time) error {
	run := sql.NullInt64{Int64: runID, Valid: runID > 0}
	if _, err := h.ExecContext(ctx, string(kind), id, from, string(to), at.Format(TimeFormat), reason, run); err != nil {
		return fmt.Errorf("recording history of %s %d: %w", kind, id, err)
	}
	return nil
}
