package portdb_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

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
	want := []portdb.Item{
		{ID: 1, Kind: portdb.Feature, GoFile: "server/a.go", GoReceiver: "Server", GoName: "Start", GoLine: 10, GoLineCount: 3,
			DotnetFile: "Server.cs", DotnetClass: "NatsServer", DotnetMember: "Start", Status: portdb.Verified},
		{ID: 2, Kind: portdb.Feature, GoFile: "server/b.go", GoName: "odd\x1fname", GoLine: 1, GoLineCount: 1,
			DotnetClass: "C\x1f", DotnetMember: "\x1f\x1f", Status: portdb.Stub, Vanished: true},
		{ID: 3, Kind: portdb.Feature, GoFile: "server/é.go", GoName: "größe", DotnetClass: "Größe", DotnetMember: "Größe", Status: portdb.Unknown},
		{ID: 40000, Kind: portdb.Feature, GoFile: "server/a.go", GoName: "Last", GoLine: 123456, GoLineCount: 99, Status: portdb.NA},
	}
	if err := db.UpsertItems(ctx, want, "test", 0); err != nil {
		t.Fatal(err)
	}
	got, err := db.Items(ctx, portdb.Feature)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("items (-want +got):\n%s", d)
	}
}
