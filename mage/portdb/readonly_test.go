package portdb_test

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/portdb"
)

// withModules makes a porting.db holding n modules named prefix-i, and
// returns it with its connection still open, so that its -wal holds
// the rows (nothing checkpointed yet).
func withModules(t *testing.T, dir, prefix string, n int) (string, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, "porting.db")
	db, err := portdb.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	c.SetMaxOpenConns(1)
	t.Cleanup(func() { c.Close() })
	for i := 0; i < n; i++ {
		if _, err := c.Exec(`INSERT INTO modules (go_file) VALUES (?)`, fmt.Sprintf("%s-%d-%s.go", prefix, i, strings.Repeat("x", 200))); err != nil {
			t.Fatal(err)
		}
	}
	return path, c
}

func files(t *testing.T, path string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, s := range []string{"", "-wal", "-shm"} {
		data, err := os.ReadFile(path + s)
		if err == nil {
			out[s] = string(data)
		}
	}
	return out
}

func TestReadingADatabaseWithItsOwnWALChangesNoFileAndSeesTheLog(t *testing.T) {
	src, _ := withModules(t, t.TempDir(), "a", 50)
	dir := t.TempDir()
	path := filepath.Join(dir, "porting.db")
	for _, s := range []string{"", "-wal"} {
		data, _ := os.ReadFile(src + s)
		os.WriteFile(path+s, data, 0o644)
	}
	before := files(t, path)
	db, err := portdb.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Reader().QueryRow(`SELECT count(*) FROM modules`).Scan(&n); err != nil || n != 50 {
		t.Errorf("modules = %d, %v; want the 50 rows of the -wal", n, err)
	}
	if err := db.Write(context.Background(), func(*sql.Tx) error { return nil }); err == nil {
		t.Error("a write through a read-only DB succeeded")
	}
	db.Close()
	if after := files(t, path); len(after) != len(before) || after[""] != before[""] || after["-wal"] != before["-wal"] {
		t.Errorf("files changed: %d before, %d after", len(before), len(after))
	}
}

func TestAWALFromAnotherDatabaseIsReportedNotApplied(t *testing.T) {
	foreign, _ := withModules(t, t.TempDir(), "b", 300)
	path, c := withModules(t, t.TempDir(), "a", 0)
	// This porting.db's own rows are in another table, on pages the
	// foreign log's modules also claim: the pair cannot be one database.
	for i := 0; i < 300; i++ {
		if _, err := c.Exec(`INSERT INTO runs (command, state, started_at) VALUES (?, 'done', '2026-01-01')`, strings.Repeat("y", 300)); err != nil {
			t.Fatal(err)
		}
	}
	c.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	c.Close()
	wal, _ := os.ReadFile(foreign + "-wal")
	os.WriteFile(path+"-wal", wal, 0o644)
	before := files(t, path)
	_, err := portdb.OpenReadOnly(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "-wal does not belong to") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("err = %v", err)
	}
	after := files(t, path)
	if after[""] != before[""] || after["-wal"] != before["-wal"] || len(after) != len(before) {
		t.Error("porting.db or its -wal changed")
	}
}

func TestAReadOnlyFolderCanBeRead(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Log("running as root: the folder's mode does not stop writes, the test still checks no file appears")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "porting.db")
	db, err := portdb.Create(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	db, err = portdb.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LatestBatchRuns(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want porting.db alone", len(entries))
	}
}

func TestASchemaVersionOutOfRangeIsAClearError(t *testing.T) {
	for _, v := range []int{-1, 0, 99} {
		path := filepath.Join(t.TempDir(), "porting.db")
		db, _ := portdb.Create(context.Background(), path)
		db.Close()
		c, _ := sql.Open("sqlite", path)
		c.Exec(`UPDATE schema_version SET version = ?`, v)
		c.Close()
		for name, open := range map[string]func(context.Context, string) (*portdb.DB, error){"Open": portdb.Open, "OpenReadOnly": portdb.OpenReadOnly} {
			_, err := open(context.Background(), path)
			want := "out of range"
			if v > 0 {
				want = "newer portwave"
			}
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s with version %d: err = %v, want %q", name, v, err, want)
			}
		}
	}
}

func TestAWALThatIsNotALogIsIgnoredAsSQLiteDoesAndOneOfAnotherPageSizeIsReported(t *testing.T) {
	ctx := context.Background()
	path, c := withModules(t, t.TempDir(), "a", 3)
	c.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	c.Close()
	os.WriteFile(path+"-wal", []byte(strings.Repeat("not a log ", 10)), 0o644)
	before := files(t, path)
	db, err := portdb.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("a -wal SQLite would ignore: %v", err)
	}
	db.Close()
	// A valid header for pages of 1024 bytes; porting.db has 4096.
	h := make([]byte, 32)
	binary.BigEndian.PutUint32(h[0:], 0x377f0682)
	binary.BigEndian.PutUint32(h[4:], 3007000)
	binary.BigEndian.PutUint32(h[8:], 1024)
	var s0, s1 uint32
	for i := 0; i < 24; i += 8 {
		s0 += binary.LittleEndian.Uint32(h[i:]) + s1
		s1 += binary.LittleEndian.Uint32(h[i+4:]) + s0
	}
	binary.BigEndian.PutUint32(h[24:], s0)
	binary.BigEndian.PutUint32(h[28:], s1)
	os.WriteFile(path+"-wal", h, 0o644)
	if _, err := portdb.OpenReadOnly(ctx, path); err == nil || !strings.Contains(err.Error(), "logs pages of 1024 bytes, the database's are 4096") {
		t.Errorf("err = %v", err)
	}
	after := files(t, path)
	if after[""] != before[""] || len(after) != len(before) {
		t.Error("porting.db changed or a file appeared")
	}
}
