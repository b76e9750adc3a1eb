package portdb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"portwave/mage/port"
)

// The review report's item lists: status changes, open items, features by
// ID. Like report_counts.go, they only read.

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
	RegressionsOnly bool      // only rows for which port.IsRegression holds
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
	SELECT x.id FROM `+table(k)+` x WHERE x.module_id = m.id AND x.vanished = 0 AND x.status IN (`+openList+`)
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

func formatAfter(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeFormat)
}
