// Package portdb is the store: porting.db, the SQLite file that keeps every
// Go function, method and test of the port, the state of its C# counterpart,
// every status change, and portwave's own run ledger. It holds no words of
// its own: the items, statuses, stages and states it stores are package
// port's, and the SQL that encodes their rules (the status CHECK, the
// regression condition, the per-status counts) is built from port's.
//
// The file is opened in WAL mode with a busy timeout and foreign keys on.
// Writes go through a single connection with BEGIN IMMEDIATE, so there is one
// writer at a time in this process and a second process waits for the lock
// instead of failing half-way; reads use their own pool and never block on it.
package portdb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"portwave/mage/input"
)

// BusyTimeoutMS is how long a writer waits for another process's lock.
const BusyTimeoutMS = 10000

// DB is an open porting.db.
type DB struct {
	path  string
	w     *sql.DB // the single writer connection
	r     *sql.DB // readers
	clock func() time.Time

	readOnly bool   // opened by OpenReadOnly: writes fail
	tmp      string // OpenReadOnly's private copy, removed on Close

	kept keptItems // what Items read, while item_changes stands still
}

// ErrNotExist is returned by Open when the file is missing.
var ErrNotExist = errors.New("porting.db does not exist")

// sqliteMagic is the header every SQLite 3 database file starts with.
var sqliteMagic = []byte("SQLite format 3\x00")

// Create makes a new, empty porting.db at path with the current schema.
// It refuses to touch an existing file.
func Create(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("creating %s: the file already exists", path)
	}
	db, err := open(path)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx, 0); err != nil {
		db.Close()
		os.Remove(path)
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	return db, nil
}

// Open opens an existing porting.db, migrates an older schema forward and
// refuses a file that is not SQLite, comes from a newer portwave, or lacks a
// table or column portwave needs.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	db, err := open(path)
	if err != nil {
		return nil, err
	}
	if err := db.check(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Close closes both connection pools.
func (db *DB) Close() error {
	err := errors.Join(db.w.Close(), db.r.Close())
	if db.tmp != "" {
		err = errors.Join(err, os.RemoveAll(db.tmp))
	}
	return err
}

func checkHeader(path string) error {
	// input.Open refuses a named pipe or a device instead of blocking on it.
	f, err := input.Open(path, 1<<40)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s: %w (run `mage db:init` or `mage inventory` first)", path, ErrNotExist)
	}
	if err != nil {
		return fmt.Errorf("opening %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if n < len(head) || !bytes.Equal(head, sqliteMagic) {
		return fmt.Errorf("%s is not a SQLite database (its first bytes are %q, want %q)", path, head[:n], sqliteMagic)
	}
	return nil
}

func open(path string) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeoutMS))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	reader := fileURI(path, q)
	q.Add("_txlock", "immediate")
	w, err := sql.Open("sqlite", fileURI(path, q))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", reader)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	return &DB{path: path, w: w, r: r}, nil
}

// fileURI is the SQLite URI of the file at path with the query q: the
// path escaped, so a folder named with # or ? is a folder, not the start
// of the URI's fragment or query.
func fileURI(path string, q url.Values) string {
	return (&url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath(), RawQuery: q.Encode()}).String()
}

// Write runs fn in one write transaction: everything fn does lands, or
// nothing does.
func (db *DB) Write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.readOnly {
		return fmt.Errorf("writing to %s: it is open read-only", db.path)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting a write to %s: %w", db.path, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing to %s: %w", db.path, err)
	}
	return nil
}

// Reader gives read-only queries their own pool, so reports and status views
// never wait for the writer.
func (db *DB) Reader() *sql.DB { return db.r }

// Snapshot folds the write-ahead log into the database file and runs fn
// while holding the only writer connection, so the file on disk is whole
// and unchanging while fn (say, `git add porting.db`) reads it.
func (db *DB) Snapshot(ctx context.Context, fn func() error) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("snapshot of %s: %w", db.path, err)
	}
	defer conn.Close()
	var busy, logPages, done int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &done); err != nil {
		return fmt.Errorf("checkpointing %s: %w", db.path, err)
	}
	if busy != 0 {
		return fmt.Errorf("checkpointing %s: a reader held it open; try again", db.path)
	}
	return fn()
}
