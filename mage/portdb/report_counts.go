package portdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"portwave/mage/port"
)

// The queries in this file (the counts) and in report_items.go (the items
// they name) serve the review report. They aggregate in SQL
// rather than load every item, so that a report over a million items stays
// within a second or two and a few hundred megabytes. They only read.

// ModuleCount is how many live items of one kind one Go file has in one
// status.
type ModuleCount struct {
	GoFile string
	Kind   port.Kind
	Status port.Status
	Count  int
}

// ModuleCounts counts the live items of one kind per Go file and status,
// leaving out zero counts, by file.
func (db *DB) ModuleCounts(ctx context.Context, kind port.Kind) ([]ModuleCount, error) {
	// One row per module lets SQLite walk the module_id index in order and
	// count as it goes; grouping by module and status would sort every row
	// first. Each sum() costs a step per row, so the statuses other than
	// verified are packed three to a sum (countSums), and verified is what
	// count(*) leaves: a third less time over a million items. A field
	// cannot overflow while a module has fewer than 2^21 items, which is
	// checked.
	rows, err := db.r.QueryContext(ctx, `
SELECT m.go_file, c.* FROM ( -- go_file, module_id, n, s0, s1, ...
	SELECT module_id, count(*) AS n, `+strings.Join(countSums, ", ")+`
	FROM `+table(kind)+` WHERE vanished = 0 GROUP BY module_id
) c JOIN modules m ON m.id = c.module_id ORDER BY m.go_file`)
	if err != nil {
		return nil, fmt.Errorf("counting %s per module: %w", table(kind), err)
	}
	defer rows.Close()
	var out []ModuleCount
	for rows.Next() {
		var file string
		var module, n int64
		sums := make([]int64, len(countSums))
		dest := []any{&file, &module, &n}
		for i := range sums {
			dest = append(dest, &sums[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("counting %s per module: %w", table(kind), err)
		}
		counts, err := unpackCounts(n, sums)
		if err != nil {
			return nil, fmt.Errorf("counting %s per module: %s %w", table(kind), file, err)
		}
		for i, st := range port.Statuses {
			if counts[i] > 0 {
				out = append(out, ModuleCount{GoFile: file, Kind: kind, Status: st, Count: int(counts[i])})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("counting %s per module: %w", table(kind), err)
	}
	return out, nil
}

// TransitionCount is how many status changes of one kind went from one
// status to another. From is empty for items recorded for the first time.
type TransitionCount struct {
	Kind     port.Kind
	From, To port.Status
	Count    int
}

// TransitionCounts groups the status_history rows after a moment (zero
// means all) by kind and transition.
func (db *DB) TransitionCounts(ctx context.Context, after time.Time) ([]TransitionCount, error) {
	rows, err := db.r.QueryContext(ctx, `
SELECT kind, coalesce(old_status, ''), new_status, count(*) FROM status_history
WHERE changed_at > ? GROUP BY kind, old_status, new_status ORDER BY kind, old_status, new_status`, formatAfter(after))
	if err != nil {
		return nil, fmt.Errorf("counting status changes: %w", err)
	}
	defer rows.Close()
	var out []TransitionCount
	for rows.Next() {
		var tc TransitionCount
		var kind, from, to string
		if err := rows.Scan(&kind, &from, &to, &tc.Count); err != nil {
			return nil, fmt.Errorf("counting status changes: %w", err)
		}
		tc.Kind, tc.From, tc.To = port.Kind(kind), port.Status(from), port.Status(to)
		out = append(out, tc)
	}
	return out, rows.Err()
}

// HistoryStep is the net effect of the status changes recorded at one
// instant, or in one slot of time: how many more items were verified
// afterwards, and how many items were recorded for the first time. At is
// the last change it sums.
type HistoryStep struct {
	At       time.Time
	Verified int
	Added    int
}

// HistorySteps sums status_history over time, oldest first: the data of a
// burn-up chart. With at most maxSteps rows, each recorded instant is a
// step (a writer stamps a whole transaction with one time, so that is one
// step per audit or import). With more, the history's span is cut into
// maxSteps equal slots and each slot is one step; counting the distinct
// instants first would cost as much as the sum itself.
func (db *DB) HistorySteps(ctx context.Context, maxSteps int) ([]HistoryStep, error) {
	var n int
	var first, last sql.NullString
	if err := db.r.QueryRowContext(ctx, `SELECT count(*), min(changed_at), max(changed_at) FROM status_history`).
		Scan(&n, &first, &last); err != nil {
		return nil, fmt.Errorf("summing status_history: %w", err)
	}
	group, args := `changed_at`, []any(nil)
	if n > max(maxSteps, 1) {
		from, to := parseTime(first.String), parseTime(last.String)
		width := max(1, int64(to.Sub(from).Seconds())/int64(maxSteps)+1)
		group, args = `(unixepoch(changed_at) - ?) / ?`, []any{from.Unix(), width}
	}
	rows, err := db.r.QueryContext(ctx, `
SELECT max(changed_at),
	sum(new_status = `+verifiedText+`) - sum(coalesce(old_status = `+verifiedText+`, 0)),
	sum(old_status IS NULL)
FROM status_history GROUP BY `+group+` ORDER BY 1`, args...)
	if err != nil {
		return nil, fmt.Errorf("summing status_history: %w", err)
	}
	defer rows.Close()
	var out []HistoryStep
	for rows.Next() {
		var s HistoryStep
		var at string
		if err := rows.Scan(&at, &s.Verified, &s.Added); err != nil {
			return nil, fmt.Errorf("summing status_history: %w", err)
		}
		if s.At, err = time.Parse(TimeFormat, at); err != nil {
			return nil, fmt.Errorf("status_history: bad time %q: %w", at, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
