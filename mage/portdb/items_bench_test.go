package portdb_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

// benchItems writes a tracker the size of the audit benchmark's (10,500
// features) and returns its path and items.
func benchItems(b *testing.B) (string, []port.Item) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "porting.db")
	db, err := portdb.Create(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	items := make([]port.Item, 10500)
	for i := range items {
		items[i] = port.Item{ID: i + 1, Kind: port.Feature, GoFile: fmt.Sprintf("server/file%03d.go", i/30),
			GoReceiver: "Server", GoName: fmt.Sprintf("f%d", i+1), GoLine: i, GoLineCount: 12,
			DotnetClass: fmt.Sprintf("Class%03d", i/70), DotnetMember: fmt.Sprintf("Member%d", i+1), Status: port.Verified}
	}
	if err := db.UpsertItems(ctx, items, "bench", 0); err != nil {
		b.Fatal(err)
	}
	return path, items
}

func readAll(b *testing.B, db *portdb.DB, want []port.Item) {
	got, err := db.Items(context.Background(), port.Feature)
	if err != nil || len(got) != len(want) || got[9999] != want[9999] {
		b.Fatalf("read %d items, err %v", len(got), err)
	}
}

// BenchmarkItems reads every feature from the file, as the audit does after
// another client wrote to the items: each read follows a write elsewhere.
func BenchmarkItems(b *testing.B) {
	path, items := benchItems(b)
	db, err := portdb.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		b.Fatal(err)
	}
	defer other.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := other.Exec(`UPDATE features SET go_line_count = 12 WHERE id = 1`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		readAll(b, db, items)
	}
}

// BenchmarkItemsFreshlyOpened reads every feature right after opening the
// file, as `mage audit` does.
func BenchmarkItemsFreshlyOpened(b *testing.B) {
	path, items := benchItems(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := portdb.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		readAll(b, db, items)
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

// BenchmarkItemsKept reads every feature again with nothing written in
// between, as the orchestrator's audit after a merge does.
func BenchmarkItemsKept(b *testing.B) {
	path, items := benchItems(b)
	db, err := portdb.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	readAll(b, db, items)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		readAll(b, db, items)
	}
}
