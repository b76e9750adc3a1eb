package portdb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"portwave/mage/port"
)

// Items returns every item of one kind, vanished ones included, by ID.
//
// The audit reads every item after every merge, and in this pure-Go SQLite
// each column read costs a string copy and two mutex round trips: so each
// row comes back as one string of unit-separated fields, and module paths
// are read once and shared. A row whose text holds the separator itself is
// read again column by column. What was read is kept (see keptItems) and
// given again while item_changes has not moved.
func (db *DB) Items(ctx context.Context, kind port.Kind) ([]port.Item, error) {
	tx, err := db.r.BeginTx(ctx, nil) // one snapshot for the count and the rows
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", table(kind), err)
	}
	defer tx.Rollback()
	var changes int64
	if err := tx.QueryRowContext(ctx, `SELECT n FROM item_changes`).Scan(&changes); err != nil {
		return nil, fmt.Errorf("reading %s: %w", table(kind), err)
	}
	if items, ok := db.kept.get(kind, changes); ok {
		return items, nil
	}
	items, err := readItems(ctx, tx, kind)
	if err != nil {
		return nil, err
	}
	db.kept.put(kind, changes, items)
	return items, nil
}

func readItems(ctx context.Context, tx *sql.Tx, kind port.Kind) ([]port.Item, error) {
	modules, err := modulePaths(ctx, tx)
	if err != nil {
		return nil, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table(kind)).Scan(&n); err != nil {
		return nil, fmt.Errorf("counting %s: %w", table(kind), err)
	}
	rows, err := tx.QueryContext(ctx, `
SELECT concat_ws(char(31), id, module_id, go_line, go_line_count, vanished, go_receiver, go_name,
       dotnet_file, dotnet_class, dotnet_member, status)
FROM `+table(kind)+` ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", table(kind), err)
	}
	defer rows.Close()
	items := make([]port.Item, 0, n)
	var again []int // rows to read column by column
	var text string
	for rows.Next() {
		if err := rows.Scan(&text); err != nil {
			return nil, fmt.Errorf("reading %s: %w", table(kind), err)
		}
		it, module, ok := unpackItem(text)
		if !ok {
			again = append(again, len(items))
		}
		it.Kind, it.GoFile = kind, modules[module]
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", table(kind), err)
	}
	rows.Close() // the transaction's connection serves one query at a time
	for _, i := range again {
		if items[i], err = itemRow(ctx, tx, kind, items[i].ID, modules); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// unpackItem splits one row of Items' query. ok is false when the text has
// more fields than columns (a separator inside a value) or a number does
// not parse: only the ID, the first field, is then known.
func unpackItem(text string) (it port.Item, module int64, ok bool) {
	var f [11]string // one per item column, in the query's order
	for i := range f[:len(f)-1] {
		f[i], text, _ = strings.Cut(text, "\x1f")
	}
	f[len(f)-1] = text
	it.ID, _ = strconv.Atoi(f[0])
	if strings.Contains(text, "\x1f") {
		return it, 0, false
	}
	module, err1 := strconv.ParseInt(f[1], 10, 64)
	line, err2 := strconv.Atoi(f[2])
	count, err3 := strconv.Atoi(f[3])
	it.GoLine, it.GoLineCount, it.Vanished = line, count, f[4] == "1"
	it.GoReceiver, it.GoName, it.DotnetFile, it.DotnetClass, it.DotnetMember = f[5], f[6], f[7], f[8], f[9]
	it.Status = statusOf(f[10])
	return it, module, err1 == nil && err2 == nil && err3 == nil
}

// itemRow reads one item column by column.
func itemRow(ctx context.Context, tx *sql.Tx, kind port.Kind, id int, modules map[int64]string) (port.Item, error) {
	it := port.Item{Kind: kind}
	var module int64
	var status string
	err := tx.QueryRowContext(ctx, `
SELECT id, module_id, go_receiver, go_name, go_line, go_line_count,
       dotnet_file, dotnet_class, dotnet_member, status, vanished
FROM `+table(kind)+` WHERE id = ?`, id).Scan(&it.ID, &module, &it.GoReceiver, &it.GoName, &it.GoLine,
		&it.GoLineCount, &it.DotnetFile, &it.DotnetClass, &it.DotnetMember, &status, &it.Vanished)
	if err != nil {
		return it, fmt.Errorf("reading %s %d: %w", kind, id, err)
	}
	it.GoFile, it.Status = modules[module], statusOf(status)
	return it, nil
}

// statusOf returns the shared constant for a status read from the
// database, so every item does not carry its own copy of the string.
func statusOf(s string) port.Status {
	for _, st := range port.Statuses {
		if string(st) == s {
			return st
		}
	}
	return port.Status(s)
}

func modulePaths(ctx context.Context, tx *sql.Tx) (map[int64]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, go_file FROM modules`)
	if err != nil {
		return nil, fmt.Errorf("reading modules: %w", err)
	}
	defer rows.Close()
	m := map[int64]string{}
	for rows.Next() {
		var id int64
		var f string
		if err := rows.Scan(&id, &f); err != nil {
			return nil, err
		}
		m[id] = f
	}
	return m, rows.Err()
}

// Counts returns how many live (not vanished) items of a kind have each status.
func (db *DB) Counts(ctx context.Context, kind port.Kind) (map[port.Status]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT status, count(*) FROM `+table(kind)+` WHERE vanished = 0 GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("counting %s: %w", table(kind), err)
	}
	defer rows.Close()
	counts := map[port.Status]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		counts[port.Status(s)] = n
	}
	return counts, rows.Err()
}
