package portdb_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"

	"portwave/internal/fixture"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

func TestCreateThenOpenGivesTheCurrentSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "porting.db")
	db, err := portdb.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = portdb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.Reader().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := db.Reader().QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
}

func TestCreateRefusesAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "porting.db")
	os.WriteFile(path, []byte("keep me"), 0o644)
	if _, err := portdb.Create(context.Background(), path); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("err = %v, want already exists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Fatalf("the existing file was changed: %q", b)
	}
}

func TestOpenRefusesBadFilesWithAMessageNamingTheProblem(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, path string)
		want  string
	}{
		{"missing file", func(t *testing.T, path string) {}, "porting.db does not exist"},
		{"a text file", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("id\tgo_file\n1\tx.go\n"), 0o644)
		}, "is not a SQLite database"},
		{"an empty file", func(t *testing.T, path string) { os.WriteFile(path, nil, 0o644) }, "is not a SQLite database"},
		{"sqlite without our schema", func(t *testing.T, path string) {
			exec(t, path, `CREATE TABLE other (x INTEGER)`)
		}, "has no portwave schema"},
		{"a newer portwave", func(t *testing.T, path string) {
			create(t, path)
			exec(t, path, `UPDATE schema_version SET version = 99`)
		}, "was written by a newer portwave (schema version 99"},
		{"a missing column", func(t *testing.T, path string) {
			create(t, path)
			exec(t, path, `ALTER TABLE features DROP COLUMN dotnet_member`)
		}, "table features lacks column dotnet_member"},
		{"a missing table", func(t *testing.T, path string) {
			create(t, path)
			exec(t, path, `DROP TABLE status_history`)
		}, "table status_history is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "porting.db")
			tt.setup(t, path)
			db, err := portdb.Open(context.Background(), path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("err = %v\nwant it to name %s and say %q", err, path, tt.want)
			}
		})
	}
}

func TestTheSchemaRejectsAStatusOutsideTheSet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "porting.db")
	create(t, path)
	raw, _ := sql.Open("sqlite", path)
	defer raw.Close()
	raw.Exec(`INSERT INTO modules (id, go_file) VALUES (1, 'a.go')`)
	_, err := raw.Exec(`INSERT INTO features (id, module_id, go_name, go_line, go_line_count, status) VALUES (1, 1, 'f', 1, 1, 'done')`)
	if err == nil || !strings.Contains(err.Error(), "CHECK constraint failed") {
		t.Fatalf("err = %v, want a CHECK constraint failure", err)
	}
}

func TestTheFixtureRoundTripsThroughImportAndExport(t *testing.T) {
	db := fixture.DB(t)
	dir := t.TempDir()
	paths, err := db.ExportTSV(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		want, _ := os.ReadFile(filepath.Join(fixture.Dir(t), filepath.Base(p)))
		got, _ := os.ReadFile(p)
		if !bytes.Equal(want, got) {
			t.Errorf("%s differs from the fixture after a round trip", filepath.Base(p))
		}
	}
	counts, err := db.Counts(context.Background(), port.Feature)
	if err != nil {
		t.Fatal(err)
	}
	want := map[port.Status]int{port.Verified: 3263, port.Complete: 22, port.NA: 24, port.Deferred: 363, port.Stub: 1}
	if d := cmp.Diff(want, counts); d != "" {
		t.Errorf("feature counts (-want +got):\n%s", d)
	}
}

func create(t *testing.T, path string) {
	t.Helper()
	db, err := portdb.Create(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func exec(t *testing.T, path, stmt string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

// A folder named with the characters a URI gives a meaning (#, ?, %) holds
// porting.db like any other: the file is created there, written, read
// back, and read again through the read-only path.
func TestPortingDBLivesInAFolderWhoseNameAURIWouldMisread(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "port #2 ? 100%")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "porting.db")
	db, err := portdb.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertItems(ctx, []port.Item{{Kind: port.Feature, ID: 1, GoFile: "a.go", GoName: "A", GoLine: 1, GoLineCount: 1, Status: port.Deferred}}, "test", 0); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("porting.db is not where it was asked to be: %v", err)
	}
	for name, open := range map[string]func(context.Context, string) (*portdb.DB, error){"Open": portdb.Open, "OpenReadOnly": portdb.OpenReadOnly} {
		db, err := open(ctx, path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		items, err := db.Items(ctx, port.Feature)
		db.Close()
		if err != nil || len(items) != 1 || items[0].GoName != "A" {
			t.Errorf("%s read %+v, %v", name, items, err)
		}
	}
}
