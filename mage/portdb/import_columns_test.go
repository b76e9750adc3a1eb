package portdb_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

// trackerColumns is another tracker's naming of portwave's columns.
var trackerColumns = portdb.Columns{"id": "feature_id", "go_file": "source_file", "go_receiver": "type",
	"go_name": "func", "dotnet_class": "cs_class", "dotnet_member": "cs_method", "status": "state"}

func write(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A tracker's TSV with its own column names, extra columns and features
// and tests mixed, read through the mapping: every item lands, the report
// says which column became which, and db:export writes back the tracker's
// columns, which read back to the same items.
func TestATrackersOwnColumnsAreMappedInAndWrittenBackOut(t *testing.T) {
	src := write(t, "tracker.tsv", "feature_id\towner\tsource_file\ttype\tfunc\tcs_class\tcs_method\tstate\n"+
		"1\tana\tcart/cart.go\tCart\tTotal\tCart\tTotal\tdeferred\n"+
		"2\tbo\tcart/cart.go\t\tnewCart\tCartHelpers\tNewCart\tverified\n"+
		"1\tana\tcart/cart_test.go\t\tTestTotal\tCartTests\tTotal\tdeferred\n")
	m, err := portdb.ReadMapped(src, trackerColumns)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Features) != 2 || len(m.Tests) != 1 {
		t.Fatalf("read %d features and %d tests, want 2 and 1", len(m.Features), len(m.Tests))
	}
	report := m.String()
	for _, want := range []string{"id <- feature_id", "go_name <- func", "status <- state", "not in the source (empty or 0): go_line, go_line_count", "not read: owner"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.ImportMapped(ctx, m); err != nil {
		t.Fatal(err)
	}
	got, err := db.Items(ctx, port.Feature)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].GoReceiver != "Cart" || got[0].DotnetMember != "Total" || got[0].Status != port.Deferred || got[1].Status != port.Verified {
		t.Errorf("features in porting.db: %+v", got)
	}

	dir := t.TempDir()
	if _, err := db.ExportMapped(ctx, dir, trackerColumns); err != nil {
		t.Fatal(err)
	}
	exported, _ := os.ReadFile(filepath.Join(dir, "features.tsv"))
	wantText := "feature_id\tsource_file\ttype\tfunc\tcs_class\tcs_method\tstate\n" +
		"1\tcart/cart.go\tCart\tTotal\tCart\tTotal\tdeferred\n" +
		"2\tcart/cart.go\t\tnewCart\tCartHelpers\tNewCart\tverified\n"
	if diff := cmp.Diff(wantText, string(exported)); diff != "" {
		t.Errorf("exported features.tsv (-want +got):\n%s", diff)
	}
	again, err := portdb.ReadMapped(filepath.Join(dir, "features.tsv"), trackerColumns)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m.Features, again.Features); diff != "" {
		t.Errorf("the export does not read back the same (-first +again):\n%s", diff)
	}
}

// CSV is told by the extension; a missing required column and bad rows
// are refused with what to do, naming each row.
func TestAMappedImportRefusesMissingColumnsAndBadRows(t *testing.T) {
	csv := write(t, "tracker.csv", "feature_id,source_file,func,state\n1,a.go,\"F, quoted\",verified\n")
	m, err := portdb.ReadMapped(csv, trackerColumns)
	if err != nil {
		t.Fatal(err)
	}
	if m.Features[0].GoName != "F, quoted" {
		t.Errorf("CSV field read as %q", m.Features[0].GoName)
	}
	noStatus := write(t, "t.tsv", "feature_id\tsource_file\tfunc\n1\ta.go\tF\n")
	if _, err := portdb.ReadMapped(noStatus, trackerColumns); err == nil || !strings.Contains(err.Error(), `no column "state" for status`) {
		t.Errorf("a missing status column: %v", err)
	}
	bad := write(t, "t.tsv", "feature_id\tsource_file\tfunc\tstate\nx\ta.go\tF\tverified\n2\ta.go\tG\tdone\n")
	_, err = portdb.ReadMapped(bad, trackerColumns)
	for _, want := range []string{"2 bad rows, nothing written", "t.tsv:2: column id", "t.tsv:3: column status"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("bad rows: error lacks %q: %v", want, err)
		}
	}
	if _, err := portdb.ReadMapped(csv, portdb.Columns{"name": "func"}); err == nil || !strings.Contains(err.Error(), `"name" is not a portwave column`) {
		t.Errorf("a mapping to an unknown column: %v", err)
	}
}

// An existing SQLite tracker is read through the configured query, in
// place and read-only.
func TestAnExistingSQLiteTrackerIsReadThroughTheQuery(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tracker.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"CREATE TABLE funcs (fid INTEGER, file TEXT, recv TEXT, name TEXT, done INTEGER)",
		"INSERT INTO funcs VALUES (7, 'a/b.go', 'T', 'M', 1), (8, 'a/b.go', NULL, 'f', 0), (9, 'a/b_test.go', NULL, 'TestM', 0)",
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	if !portdb.IsSQLite(path) {
		t.Fatal("not told as SQLite")
	}
	query := "SELECT fid, file, recv, name, CASE done WHEN 1 THEN 'verified' ELSE 'deferred' END AS state FROM funcs"
	m, err := portdb.ReadSQLiteTracker(context.Background(), path, query,
		portdb.Columns{"id": "fid", "go_file": "file", "go_receiver": "recv", "go_name": "name", "status": "state"})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Features) != 2 || len(m.Tests) != 1 || m.Features[0].Status != port.Verified || m.Features[1].GoReceiver != "" {
		t.Errorf("read %+v", m)
	}
	if _, err := portdb.ReadSQLiteTracker(context.Background(), path, "", nil); err == nil || !strings.Contains(err.Error(), "set import_query") {
		t.Errorf("no query: %v", err)
	}
}
