package portdb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// version reads the schema version; 0 means an empty database.
func (db *DB) version(ctx context.Context) (int, error) {
	var n int
	err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'`).Scan(&n)
	if err != nil {
		if strings.Contains(err.Error(), "not a database") {
			return 0, fmt.Errorf("%s is not a SQLite database: %w", db.path, err)
		}
		return 0, fmt.Errorf("reading %s: %w", db.path, err)
	}
	if n == 0 {
		return 0, nil
	}
	var v int
	if err := db.w.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("reading the schema version of %s: %w", db.path, err)
	}
	if v < 1 {
		// Never a version portwave wrote: migrating from it would index
		// the migrations with a negative number.
		return 0, fmt.Errorf("%s has schema version %d, out of range (portwave writes 1 to %d); the file was edited by hand or by another tool", db.path, v, SchemaVersion)
	}
	return v, nil
}

func (db *DB) check(ctx context.Context) error {
	v, err := db.version(ctx)
	if err != nil {
		return err
	}
	if v == 0 {
		return fmt.Errorf("%s has no portwave schema (no schema_version table); create one with `mage db:init`", db.path)
	}
	if v > SchemaVersion {
		return fmt.Errorf("%s was written by a newer portwave (schema version %d, this portwave knows up to %d); upgrade portwave", db.path, v, SchemaVersion)
	}
	if v < SchemaVersion {
		if err := db.migrate(ctx, v); err != nil {
			return fmt.Errorf("migrating %s from schema %d to %d: %w", db.path, v, SchemaVersion, err)
		}
	}
	return db.checkColumns(ctx)
}

// migrate applies every migration after version from in one transaction, so
// a failed migration leaves the file as it was.
func (db *DB) migrate(ctx context.Context, from int) error {
	return db.Write(ctx, func(tx *sql.Tx) error {
		for v := from; v < len(migrations); v++ {
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return fmt.Errorf("schema step %d: %w", v+1, err)
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, SchemaVersion)
		return err
	})
}

func (db *DB) checkColumns(ctx context.Context) error {
	tables := make([]string, 0, len(required))
	for t := range required {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	var problems []string
	for _, t := range tables {
		have, err := db.columns(ctx, t)
		if err != nil {
			return err
		}
		if len(have) == 0 {
			problems = append(problems, fmt.Sprintf("table %s is missing", t))
			continue
		}
		for _, c := range required[t] {
			if !have[c] {
				problems = append(problems, fmt.Sprintf("table %s lacks column %s", t, c))
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s is not a usable porting.db: %s", db.path, strings.Join(problems, "; "))
	}
	return nil
}

func (db *DB) columns(ctx context.Context, table string) (map[string]bool, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, fmt.Errorf("reading columns of %s: %w", table, err)
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		have[name] = true
	}
	return have, rows.Err()
}
