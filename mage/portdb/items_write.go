package portdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"portwave/mage/port"
)

// UpsertItems inserts new items and updates existing ones (matched by kind
// and ID) in one transaction. A new item, or a status that changes, is
// written to status_history with the reason.
func (db *DB) UpsertItems(ctx context.Context, items []port.Item, reason string, runID int64) error {
	return db.Write(ctx, func(tx *sql.Tx) error {
		return upsertItems(ctx, tx, items, reason, runID, db.now())
	})
}

func upsertItems(ctx context.Context, tx *sql.Tx, items []port.Item, reason string, runID int64, now time.Time) error {
	modules, err := moduleIDs(ctx, tx)
	if err != nil {
		return err
	}
	old := map[port.Kind]map[int]port.Status{}
	for _, k := range []port.Kind{port.Feature, port.Test} {
		if old[k], err = statuses(ctx, tx, k); err != nil {
			return err
		}
	}
	stmts := map[port.Kind]*sql.Stmt{}
	for _, k := range []port.Kind{port.Feature, port.Test} {
		s, err := tx.PrepareContext(ctx, `
INSERT INTO `+table(k)+` (id, module_id, go_receiver, go_name, go_line, go_line_count,
	dotnet_file, dotnet_class, dotnet_member, status, vanished)
VALUES (?,?,?,?,?,?,?,?,?,?,?)
ON CONFLICT(id) DO UPDATE SET module_id=excluded.module_id, go_receiver=excluded.go_receiver,
	go_name=excluded.go_name, go_line=excluded.go_line, go_line_count=excluded.go_line_count,
	dotnet_file=excluded.dotnet_file, dotnet_class=excluded.dotnet_class,
	dotnet_member=excluded.dotnet_member, status=excluded.status, vanished=excluded.vanished`)
		if err != nil {
			return err
		}
		defer s.Close()
		stmts[k] = s
	}
	hist, err := prepareHistory(ctx, tx)
	if err != nil {
		return err
	}
	defer hist.Close()
	for _, it := range items {
		if it.Kind != port.Feature && it.Kind != port.Test {
			return fmt.Errorf("item %d: unknown kind %q", it.ID, it.Kind)
		}
		mid, err := moduleID(ctx, tx, modules, it.GoFile)
		if err != nil {
			return err
		}
		if _, err := stmts[it.Kind].ExecContext(ctx, it.ID, mid, it.GoReceiver, it.GoName, it.GoLine, it.GoLineCount,
			it.DotnetFile, it.DotnetClass, it.DotnetMember, string(it.Status), it.Vanished); err != nil {
			return fmt.Errorf("writing %s %d (%s): %w", it.Kind, it.ID, it.GoQualifiedName(), err)
		}
		prev, existed := old[it.Kind][it.ID]
		if existed && prev == it.Status {
			continue
		}
		from := sql.NullString{String: string(prev), Valid: existed}
		if err := hist.add(ctx, it.Kind, it.ID, from, it.Status, reason, runID, now); err != nil {
			return err
		}
	}
	return nil
}

func statuses(ctx context.Context, tx *sql.Tx, kind port.Kind) (map[int]port.Status, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, status FROM `+table(kind))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int]port.Status{}
	for rows.Next() {
		var id int
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return nil, err
		}
		m[id] = port.Status(s)
	}
	return m, rows.Err()
}

func moduleIDs(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, go_file FROM modules`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var id int64
		var f string
		if err := rows.Scan(&id, &f); err != nil {
			return nil, err
		}
		m[f] = id
	}
	return m, rows.Err()
}

func moduleID(ctx context.Context, tx *sql.Tx, cache map[string]int64, goFile string) (int64, error) {
	if id, ok := cache[goFile]; ok {
		return id, nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO modules (go_file) VALUES (?)`, goFile)
	if err != nil {
		return 0, fmt.Errorf("adding module %s: %w", goFile, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	cache[goFile] = id
	return id, nil
}
