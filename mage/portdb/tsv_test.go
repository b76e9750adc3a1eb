package portdb_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portwave/internal/fixture"
	"portwave/mage/port"
	"portwave/mage/portdb"

	"github.com/google/go-cmp/cmp"
)

const header = "id\tgo_file\tgo_receiver\tgo_name\tgo_line\tgo_line_count\tdotnet_class\tdotnet_member\tstatus\n"

func TestImportReportsEveryBadRowAndWritesNothing(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"no header", "", []string{"bad.tsv:1: empty file"}},
		{"wrong header", "id\tfile\n", []string{`bad.tsv:1: header has 2 columns`}},
		{"renamed column", strings.Replace(header, "go_name", "name", 1), []string{`bad.tsv:1: header column 4 is "name", want "go_name"`}},
		{"unknown extra column", strings.TrimSuffix(header, "\n") + "\towner\n", []string{`bad.tsv:1: unknown column "owner"`}},
		{"rows with several faults", header +
			"1\ta.go\t\tf\t10\t3\tAHelpers\tF\tverified\n" +
			"x\ta.go\t\tg\t10\t3\tAHelpers\tG\tverified\n" +
			"3\ta.go\t\th\tten\t3\tAHelpers\tH\tverified\n" +
			"4\ta.go\t\ti\t10\t3\tAHelpers\tI\tdone\n" +
			"1\ta.go\t\tj\t10\t3\tAHelpers\tJ\tstub\n" +
			"6\ta.go\t\tk\t10\n" +
			"7\ta_test.go\t\tTestK\t10\t3\tATests\tK\tstub\n",
			[]string{
				`bad.tsv:3: column id: want an integer >= 1, got "x"`,
				`bad.tsv:4: column go_line: want an integer >= 0, got "ten"`,
				`bad.tsv:5: column status: unknown status "done"`,
				`bad.tsv:6: id 1 is already used on line 2`,
				`bad.tsv:7: 5 columns, want 9`,
				`bad.tsv:8: go_file a_test.go mixes tests and features`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := fixture.DB(t)
			before, _ := db.Items(context.Background(), port.Feature)
			path := filepath.Join(t.TempDir(), "bad.tsv")
			os.WriteFile(path, []byte(tt.body), 0o644)
			_, err := db.ImportTSV(context.Background(), path)
			if err == nil {
				t.Fatal("import succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), strings.Replace(w, "bad.tsv", path, 1)) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			after, _ := db.Items(context.Background(), port.Feature)
			if len(before) != len(after) {
				t.Errorf("the database changed: %d items before, %d after", len(before), len(after))
			}
		})
	}
}

func TestImportRecordsNewItemsAndStatusChangesInHistory(t *testing.T) {
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	path := filepath.Join(t.TempDir(), "features.tsv")
	os.WriteFile(path, []byte(header+"1\ta.go\t\tf\t10\t3\tAHelpers\tF\tstub\n2\ta.go\tT\tg\t20\t3\tT\tG\tverified\n"), 0o644)
	if _, err := db.ImportTSV(ctx, path); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, []byte(header+"1\ta.go\t\tf\t10\t3\tAHelpers\tF\tverified\n2\ta.go\tT\tg\t20\t3\tT\tG\tverified\n"), 0o644)
	if _, err := db.ImportTSV(ctx, path); err != nil {
		t.Fatal(err)
	}
	hist, err := db.History(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hist {
		got = append(got, fmt.Sprintf("%s %d %q->%s (%s)", h.Kind, h.ItemID, h.From, h.To, h.Reason))
	}
	want := []string{
		`feature 1 ""->stub (import features.tsv)`,
		`feature 2 ""->verified (import features.tsv)`,
		`feature 1 "stub"->verified (import features.tsv)`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("history (-want +got):\n%s", d)
	}
}

func TestApplyChangesWritesNothingWhenAnItemMovedMeanwhile(t *testing.T) {
	ctx := context.Background()
	db := fixture.DB(t)
	changes := []portdb.Change{
		{Kind: port.Feature, ID: 2168, From: port.Deferred, To: port.Verified, Reason: "x.cs:1"},
		{Kind: port.Feature, ID: 2962, From: port.Deferred, To: port.Verified, Reason: "y.cs:1"}, // really a stub
	}
	if err := db.ApplyChanges(ctx, changes, 0); err == nil || !strings.Contains(err.Error(), "no longer deferred") {
		t.Fatalf("err = %v, want a stale-status error", err)
	}
	counts, _ := db.Counts(ctx, port.Feature)
	if counts[port.Verified] != 3263 {
		t.Fatalf("verified = %d after a refused change set, want 3263", counts[port.Verified])
	}
	changes[1].From = port.Stub
	if err := db.ApplyChanges(ctx, changes, 0); err != nil {
		t.Fatal(err)
	}
	counts, _ = db.Counts(ctx, port.Feature)
	if counts[port.Verified] != 3265 {
		t.Fatalf("verified = %d, want 3265", counts[port.Verified])
	}
}
