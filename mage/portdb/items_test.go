package portdb_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

// Items reads each row as one separated string; values holding the
// separator, non-ASCII text and every status must still come back as
// written.
func TestItemsReadBackEveryFieldEvenWithTheSeparatorInAValue(t *testing.T) {
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := []port.Item{
		{ID: 1, Kind: port.Feature, GoFile: "server/a.go", GoReceiver: "Server", GoName: "Start", GoLine: 10, GoLineCount: 3,
			DotnetFile: "Server.cs", DotnetClass: "NatsServer", DotnetMember: "Start", Status: port.Verified},
		{ID: 2, Kind: port.Feature, GoFile: "server/b.go", GoName: "odd\x1fname", GoLine: 1, GoLineCount: 1,
			DotnetClass: "C\x1f", DotnetMember: "\x1f\x1f", Status: port.Stub, Vanished: true},
		{ID: 3, Kind: port.Feature, GoFile: "server/é.go", GoName: "größe", DotnetClass: "Größe", DotnetMember: "Größe", Status: port.Unknown},
		{ID: 40000, Kind: port.Feature, GoFile: "server/a.go", GoName: "Last", GoLine: 123456, GoLineCount: 99, Status: port.NA},
	}
	if err := db.UpsertItems(ctx, want, "test", 0); err != nil {
		t.Fatal(err)
	}
	got, err := db.Items(ctx, port.Feature)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("items (-want +got):\n%s", d)
	}
}

// Items keeps what it read while item_changes stands still. Every write to
// the items or their modules, by portwave or by another SQLite client,
// must show in the next read exactly as a fresh read of the file shows it.
func TestItemsKeptAreTheTablesAfterEveryKindOfWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "porting.db")
	db, err := portdb.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var items []port.Item
	for i := 1; i <= 50; i++ {
		items = append(items, port.Item{ID: i, Kind: port.Feature, GoFile: "server/a.go", GoName: "f", GoLine: i,
			DotnetClass: "C", DotnetMember: "M", Status: port.Deferred},
			port.Item{ID: i, Kind: port.Test, GoFile: "server/a_test.go", GoName: "TestF", GoLine: i,
				DotnetClass: "CTests", DotnetMember: "M", Status: port.Deferred})
	}
	if err := db.UpsertItems(ctx, items, "test", 0); err != nil {
		t.Fatal(err)
	}
	// agree reads both kinds through db (twice: the second read is the
	// kept one) and through a new DB on the file, which keeps nothing.
	agree := func(step string) {
		t.Helper()
		fresh, err := portdb.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		for _, k := range []port.Kind{port.Feature, port.Test} {
			want, err := fresh.Items(ctx, k)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				got, err := db.Items(ctx, k)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Fatalf("%s: %s (-file +kept):\n%s", step, k, d)
				}
				got[0].Status = port.NA // a caller's change must not reach what is kept
			}
		}
	}
	agree("first read")
	exec(t, path, `UPDATE features SET go_line = 999 WHERE id = 7`)
	agree("a line changed by another client")
	exec(t, path, `UPDATE modules SET go_file = 'server/b.go' WHERE go_file = 'server/a.go'`)
	agree("a module renamed by another client")
	exec(t, path, `DELETE FROM unit_tests WHERE id = 9`)
	agree("a test deleted by another client")
	if err := db.ApplyChanges(ctx, []portdb.Change{{Kind: port.Feature, ID: 3, From: port.Deferred, To: port.Verified, Reason: "r"},
		{Kind: port.Test, ID: 4, From: port.Deferred, To: port.Stub, Reason: "r"}}, 0); err != nil {
		t.Fatal(err)
	}
	agree("status changes applied by portwave")
	exec(t, path, `UPDATE features SET status = 'stub' WHERE id = 5`)
	if err := db.ApplyChanges(ctx, []portdb.Change{{Kind: port.Feature, ID: 6, From: port.Deferred, To: port.Verified, Reason: "r"}}, 0); err != nil {
		t.Fatal(err)
	}
	agree("status changes applied after another client's")
	if err := db.UpsertItems(ctx, []port.Item{{ID: 51, Kind: port.Feature, GoFile: "server/c.go", GoName: "g", Status: port.Unknown}}, "test", 0); err != nil {
		t.Fatal(err)
	}
	agree("an item added by portwave")
}
