package portdb_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"portwave/mage/portdb"
)

// BenchmarkItems reads every feature of a tracker the size of the audit
// benchmark's (10,500 items): the audit does this after every merge.
func BenchmarkItems(b *testing.B) {
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(b.TempDir(), "porting.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	items := make([]portdb.Item, 10500)
	for i := range items {
		items[i] = portdb.Item{ID: i + 1, Kind: portdb.Feature, GoFile: fmt.Sprintf("server/file%03d.go", i/30),
			GoReceiver: "Server", GoName: fmt.Sprintf("f%d", i+1), GoLine: i, GoLineCount: 12,
			DotnetClass: fmt.Sprintf("Class%03d", i/70), DotnetMember: fmt.Sprintf("Member%d", i+1), Status: portdb.Verified}
	}
	if err := db.UpsertItems(ctx, items, "bench", 0); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got, err := db.Items(ctx, portdb.Feature)
		if err != nil || len(got) != len(items) || got[9999] != items[9999] {
			b.Fatalf("read %d items, err %v", len(got), err)
		}
	}
}
