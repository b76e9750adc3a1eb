package portdb_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

func TestAMappingTSVIsReadWholeOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) string {
		p := filepath.Join(dir, "map.tsv")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	got, err := portdb.ReadMappingsTSV(write("# overrides\nid\tkind\tdotnet_member\tdotnet_file\n2230\t\tHealthzCore\tNatsServer.Monitor.cs\n7\ttest\tRuns\t\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []port.Mapping{
		{Kind: port.Feature, ID: 2230, Member: "HealthzCore", File: "NatsServer.Monitor.cs"},
		{Kind: port.Test, ID: 7, Member: "Runs"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = portdb.ReadMappingsTSV(write("id\tdotnet_member\nx\tA\n5\t\n6\tB\n"))
	if err == nil || !strings.Contains(err.Error(), `map.tsv:2: want a positive id, got "x"`) || !strings.Contains(err.Error(), "map.tsv:3: item 5: want a dotnet_class") {
		t.Errorf("bad rows: %v", err)
	}
	if _, err := portdb.ReadMappingsTSV(write("id\tstatus\n1\tverified\n")); err == nil || !strings.Contains(err.Error(), `unknown column "status"`) {
		t.Errorf("a status column: %v", err)
	}
}

func TestSetMappingsRefusesAnUnknownItemAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	items := []port.Item{{Kind: port.Feature, ID: 1, GoFile: "a.go", GoName: "A", GoLineCount: 1, DotnetClass: "AHelpers", DotnetMember: "A", Status: port.Deferred}}
	if err := db.UpsertItems(ctx, items, "test", 0); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetMappings(ctx, []port.Mapping{{Kind: port.Feature, ID: 1, Member: "B"}, {Kind: port.Feature, ID: 9, Member: "C"}}, 0)
	if err == nil || !strings.Contains(err.Error(), "feature 9: no such feature") {
		t.Fatalf("err = %v", err)
	}
	got, _ := db.Items(ctx, port.Feature)
	if got[0].DotnetMember != "A" {
		t.Errorf("member %q after a refused batch of mappings", got[0].DotnetMember)
	}
	n, err := db.SetMappings(ctx, []port.Mapping{{Kind: port.Feature, ID: 1, Member: "A"}}, 0)
	if err != nil || n != 0 {
		t.Errorf("an override that changes nothing: %d changed, %v", n, err)
	}
}
