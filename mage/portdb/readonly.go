package portdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"portwave/mage/input"
)

// OpenReadOnly opens porting.db for the targets that only read it (status,
// plan, validate, batch:prompt, matrix, report). They never checkpoint,
// never recover a write-ahead log into the file and never migrate:
// porting.db, its -wal and its -shm stay byte-identical, and they work in
// a read-only folder.
//
// Without a -wal (the usual case: a run checkpoints and commits the file
// before it ends), or with one whose header SQLite itself would reject
// (walheader.go), the file is opened with mode=ro and immutable=1, so
// SQLite takes no lock and creates no -shm. A -wal whose valid header logs
// another page size than the database's cannot belong to it: reported. With a -wal (a run in progress,
// or one that was killed), SQLite must read the log too, and reading it
// means writing the -shm index, and the last connection to close would fold
// the log into the file. So the pair is copied to a private folder and read
// there; before it is used, SQLite's integrity check must pass on the
// copy. A -wal that does not belong to this porting.db (left over from
// another one) makes the pair fail it: that is reported, and the files
// beside porting.db are left as they were.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	hasLog, err := walLog(path)
	if err != nil {
		return nil, err
	}
	src, tmp := path, ""
	if hasLog {
		if src, tmp, err = copyWithWAL(ctx, path); err != nil {
			return nil, err
		}
	}
	db, err := openRO(path, src, tmp == "")
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	db.tmp = tmp
	if err := db.checkReadOnly(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openRO opens src (porting.db or its private copy) for reading; errors
// name path, the file the user knows.
func openRO(path, src string, immutable bool) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeoutMS))
	q.Add("_pragma", "query_only(1)")
	if immutable {
		q.Set("mode", "ro")
		q.Set("immutable", "1")
	}
	dsn := fileURI(src, q)
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	return &DB{path: path, w: w, r: r, readOnly: true}, nil
}

// checkReadOnly is check without the migration: a database of an older
// schema is named, for a writing target to migrate.
func (db *DB) checkReadOnly(ctx context.Context) error {
	v, err := db.version(ctx)
	if err != nil {
		return err
	}
	switch {
	case v == 0:
		return fmt.Errorf("%s has no portwave schema (no schema_version table); create one with `mage db:init`", db.path)
	case v > SchemaVersion:
		return fmt.Errorf("%s was written by a newer portwave (schema version %d, this portwave knows up to %d); upgrade portwave", db.path, v, SchemaVersion)
	case v < SchemaVersion:
		return fmt.Errorf("%s has schema version %d, older than this portwave's %d; this target only reads it, so it does not migrate it: run `mage batch:run`, `mage audit` or `mage inventory` once to migrate", db.path, v, SchemaVersion)
	}
	return db.checkColumns(ctx)
}

// copyWithWAL copies porting.db and its -wal into a new private folder and
// checks the pair there. A writer checkpointing during the copy can make
// the pair disagree; the copy is then taken again.
func copyWithWAL(ctx context.Context, path string) (string, string, error) {
	var lastErr error
	for try := 0; try < 3; try++ {
		tmp, err := os.MkdirTemp("", "portwave-ro-")
		if err != nil {
			return "", "", err
		}
		dst := filepath.Join(tmp, "porting.db")
		before := stamp(path)
		err = errors.Join(copyFile(path, dst), copyFile(path+"-wal", dst+"-wal"))
		if err == nil {
			err = integrity(ctx, dst)
		}
		if err == nil {
			return dst, tmp, nil
		}
		os.RemoveAll(tmp)
		lastErr = err
		if stamp(path) == before {
			break // nothing moved while we copied: the pair itself is bad
		}
	}
	return "", "", fmt.Errorf("%s-wal does not belong to %s, or the pair is damaged: %v; nothing was changed (SQLite would have folded this log into the file). "+
		"If no portwave or sqlite3 is running on it, move %s-wal aside and run the command again", path, path, lastErr, path)
}

// stamp tells whether porting.db or its -wal changed between two looks.
func stamp(path string) string {
	var b strings.Builder
	for _, p := range []string{path, path + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			fmt.Fprintf(&b, "%d/%d;", st.Size(), st.ModTime().UnixNano())
		}
	}
	return b.String()
}

// integrity opens the private copy (recovering its -wal, which only the
// copy sees) and runs SQLite's integrity check.
func integrity(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath())
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	rows, err := c.QueryContext(ctx, `PRAGMA integrity_check(20)`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := input.Open(src, 1<<40)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
