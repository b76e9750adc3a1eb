package portdb

import (
	"context"
	"database/sql"
	"fmt"
	"portwave/mage/port"
	"strings"
	"time"
)

// The queries in this file serve the review report. They aggregate in SQL
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
	// first. Each sum() costs a step per row, so the five statuses other
	// than verified are packed three and two to a sum, in 21-bit fields,
	// and verified is what count(*) leaves: a third less time over a
	// million items. A field cannot overflow while a module has fewer than
	// 2^21 items, which is checked.
	rows, err := db.r.QueryContext(ctx, `
SELECT m.go_file, c.n, c.a, c.b FROM (
	SELECT module_id, count(*) AS n,
		sum(CASE status WHEN 'verified' THEN 0 WHEN 'complete' THEN 1 WHEN 'n/a' THEN 2097152 WHEN 'stub' THEN 4398046511104 ELSE 0 END) AS a,
		sum(CASE status WHEN 'verified' THEN 0 WHEN 'deferred' THEN 1 WHEN 'unknown' THEN 2097152 ELSE 0 END) AS b
	FROM `+table(kind)+` WHERE vanished = 0 GROUP BY module_id
) c JOIN modules m ON m.id = c.module_id ORDER BY m.go_file`)
	if err != nil {
		return nil, fmt.Errorf("counting %s per module: %w", table(kind), err)
	}
	defer rows.Close()
	const bits, mask = 21, 1<<21 - 1
	var out []ModuleCount
	for rows.Next() {
		var file string
		var n, a, b int64
		if err := rows.Scan(&file, &n, &a, &b); err != nil {
			return nil, fmt.Errorf("counting %s per module: %w", table(kind), err)
		}
		if n > mask {
			return nil, fmt.Errorf("counting %s per module: %s has %d items, more than %d", table(kind), file, n, mask)
		}
		counts := []int64{0, a & mask, a >> bits & mask, a >> (2 * bits), b & mask, b >> bits}
		counts[0] = n - counts[1] - counts[2] - counts[3] - counts[4] - counts[5]
		for i, st := range []port.Status{port.Verified, port.Complete, port.NA, port.Stub, port.Deferred, port.Unknown} {
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
	sum(new_status = 'verified') - sum(coalesce(old_status = 'verified', 0)),
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

// regressionSQL is IsRegression as an SQL condition on status_history.
const regressionSQL = `(h.old_status = 'verified' AND h.new_status <> 'verified'
	OR h.old_status IN ('complete', 'n/a') AND h.new_status NOT IN ('verified', 'complete', 'n/a'))`

// ItemChange is a status_history row with the item it is about. The item
// fields are empty when the row names an item that is no longer in the
// tables.
type ItemChange struct {
	HistoryEntry
	GoFile     string
	GoReceiver string
	GoName     string
	Current    port.Status // the item's status now
}

// HistoryFilter selects status_history rows for ItemChanges.
type HistoryFilter struct {
	After           time.Time // only rows after this moment; zero means all
	RegressionsOnly bool      // only rows for which IsRegression holds
	Limit           int       // at most this many rows, the oldest first; must be positive
}

// ItemChanges returns the status changes f selects with their items, and
// how many rows match in all (which may exceed the limit).
func (db *DB) ItemChanges(ctx context.Context, f HistoryFilter) ([]ItemChange, int, error) {
	where := `h.changed_at > ?`
	if f.RegressionsOnly {
		where += ` AND ` + regressionSQL
	}
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM status_history h WHERE `+where,
		formatAfter(f.After)).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("reading status changes: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, `
SELECT h.kind, h.item_id, coalesce(h.old_status, ''), h.new_status, h.changed_at, h.reason, coalesce(h.run_id, 0),
	coalesce(m.go_file, ''), coalesce(f.go_receiver, u.go_receiver, ''), coalesce(f.go_name, u.go_name, ''),
	coalesce(f.status, u.status, '')
FROM status_history h
LEFT JOIN features f ON h.kind = 'feature' AND f.id = h.item_id
LEFT JOIN unit_tests u ON h.kind = 'test' AND u.id = h.item_id
LEFT JOIN modules m ON m.id = coalesce(f.module_id, u.module_id)
WHERE `+where+` ORDER BY h.changed_at, h.id LIMIT ?`, formatAfter(f.After), max(f.Limit, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("reading status changes: %w", err)
	}
	defer rows.Close()
	var out []ItemChange
	for rows.Next() {
		var c ItemChange
		var kind, from, to, at, current string
		if err := rows.Scan(&kind, &c.ItemID, &from, &to, &at, &c.Reason, &c.RunID,
			&c.GoFile, &c.GoReceiver, &c.GoName, &current); err != nil {
			return nil, 0, fmt.Errorf("reading status changes: %w", err)
		}
		c.Kind, c.From, c.To, c.Current = port.Kind(kind), port.Status(from), port.Status(to), port.Status(current)
		if c.At, err = time.Parse(TimeFormat, at); err != nil {
			return nil, 0, fmt.Errorf("status_history: bad time %q: %w", at, err)
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// OpenItem is a live item that still needs porting (deferred, stub or
// unknown), with the latest status_history row about it: when and why it
// got where it is.
type OpenItem struct {
	port.Item
	Since  time.Time // zero when no history names the item
	Reason string
}

// OpenItems returns the open items of both kinds, at most perModule of each
// kind per Go file (the lowest IDs), ordered by file, kind and ID.
func (db *DB) OpenItems(ctx context.Context, perModule int) ([]OpenItem, error) {
	var out []OpenItem
	for _, k := range []port.Kind{port.Feature, port.Test} {
		// The correlated LIMIT reads only the first few open items of each
		// module through the module_id index, instead of numbering every
		// open item of a large table with a window function.
		rows, err := db.r.QueryContext(ctx, `
SELECT t.id, m.go_file, t.go_receiver, t.go_name, t.go_line, t.status, coalesce(h.changed_at, ''), coalesce(h.reason, '')
FROM modules m
JOIN `+table(k)+` t ON t.id IN (
	SELECT x.id FROM `+table(k)+` x WHERE x.module_id = m.id AND x.vanished = 0 AND x.status IN ('deferred', 'stub', 'unknown')
	ORDER BY x.id LIMIT ?)
LEFT JOIN status_history h ON h.id = (SELECT max(id) FROM status_history WHERE kind = ? AND item_id = t.id)
ORDER BY m.go_file, t.id`, perModule, string(k))
		if err != nil {
			return nil, fmt.Errorf("reading open %s: %w", table(k), err)
		}
		for rows.Next() {
			it := OpenItem{Item: port.Item{Kind: k}}
			var status, since string
			if err := rows.Scan(&it.ID, &it.GoFile, &it.GoReceiver, &it.GoName, &it.GoLine, &status, &since, &it.Reason); err != nil {
				rows.Close()
				return nil, fmt.Errorf("reading open %s: %w", table(k), err)
			}
			it.Status, it.Since = port.Status(status), parseTime(since)
			out = append(out, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("reading open %s: %w", table(k), err)
		}
	}
	return out, nil
}

// FeaturesByID looks up the features with the given IDs, vanished ones
// included; IDs not in the table are left out of the map.
func (db *DB) FeaturesByID(ctx context.Context, ids []int) (map[int]port.Item, error) {
	const chunk = 500 // well under SQLite's limit on bound parameters
	out := make(map[int]port.Item, len(ids))
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := db.r.QueryContext(ctx, `
SELECT t.id, m.go_file, t.go_receiver, t.go_name, t.go_line, t.go_line_count,
	t.dotnet_file, t.dotnet_class, t.dotnet_member, t.status, t.vanished
FROM features t JOIN modules m ON m.id = t.module_id
WHERE t.id IN (?`+strings.Repeat(",?", len(part)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("looking up features: %w", err)
		}
		for rows.Next() {
			it := port.Item{Kind: port.Feature}
			var status string
			if err := rows.Scan(&it.ID, &it.GoFile, &it.GoReceiver, &it.GoName, &it.GoLine, &it.GoLineCount,
				&it.DotnetFile, &it.DotnetClass, &it.DotnetMember, &status, &it.Vanished); err != nil {
				rows.Close()
				return nil, fmt.Errorf("looking up features: %w", err)
			}
			it.Status = port.Status(status)
			out[it.ID] = it
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("looking up features: %w", err)
		}
	}
	return out, nil
}

// Run is one orchestrator run (`mage wave2`, ...) of the ledger.
type Run struct {
	ID       int64
	Command  string
	State    port.State
	Started  time.Time
	Finished time.Time
}

// RunByID reads one run; ok is false when there is no such run.
func (db *DB) RunByID(ctx context.Context, id int64) (run Run, ok bool, err error) {
	var state, started, finished string
	err = db.r.QueryRowContext(ctx, `SELECT id, command, state, started_at, finished_at FROM runs WHERE id = ?`, id).
		Scan(&run.ID, &run.Command, &state, &started, &finished)
	if err == sql.ErrNoRows {
		return Run{}, false, nil
	}
	if err != nil {
		return Run{}, false, fmt.Errorf("reading run %d: %w", id, err)
	}
	run.State, run.Started, run.Finished = port.State(state), parseTime(started), parseTime(finished)
	return run, true, nil
}

func formatAfter(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeFormat)
}
