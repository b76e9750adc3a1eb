package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

const widgetCS = `namespace Demo;

public partial class Widget
{
    public void Real() { System.Console.WriteLine("{real}"); }
    public void Stubbed() => throw new System.NotImplementedException();
    public int Marked()
    {
        // TODO: port
        return default;
    }
    public void Over(int a) { throw new NotImplementedException(); }
    public void Over(int a, int b) { a += b; }
}

public class WidgetTests
{
    [Fact] public void Works() { Assert.True(true); }
    [Fact(Skip = "needs a cluster")] public void Cluster() { }
    public void NotATest() { }
}
`

func TestTransitionsFollowTheRules(t *testing.T) {
	tests := []struct {
		name, member string
		kind         port.Kind
		from, want   port.Status
		regression   bool
		reason       string
	}{
		{"implemented promotes unknown", "Real", port.Feature, port.Unknown, port.Verified, false, "Widget.Real implemented at Widget.cs:5"},
		{"implemented promotes deferred", "Real", port.Feature, port.Deferred, port.Verified, false, "implemented"},
		{"implemented promotes stub", "Real", port.Feature, port.Stub, port.Verified, false, "implemented"},
		{"implemented promotes complete", "Real", port.Feature, port.Complete, port.Verified, false, "implemented"},
		{"a stub makes unknown a stub", "Stubbed", port.Feature, port.Unknown, port.Stub, false, "is a stub at Widget.cs:6"},
		{"a stub leaves deferred alone", "Stubbed", port.Feature, port.Deferred, port.Deferred, false, ""},
		{"a marker comment body is a stub", "Marked", port.Feature, port.Unknown, port.Stub, false, "stub"},
		{"a verified stub is a regression", "Stubbed", port.Feature, port.Verified, port.Stub, true, "stub"},
		{"a verified missing member is a regression", "Gone", port.Feature, port.Verified, port.Unknown, true, "no member Gone in class Widget (Widget.cs)"},
		{"complete stays when not found", "Gone", port.Feature, port.Complete, port.Complete, false, "no member Gone"},
		{"n/a is never touched", "Real", port.Feature, port.NA, port.NA, false, ""},
		{"one implemented overload is enough", "Over", port.Feature, port.Deferred, port.Verified, false, "implemented"},
		{"a test with [Fact] is verified", "Works", port.Test, port.Unknown, port.Verified, false, "implemented"},
		{"a skipped test is deferred", "Cluster", port.Test, port.Unknown, port.Deferred, false, "needs a cluster"},
		{"a skipped verified test is a regression", "Cluster", port.Test, port.Verified, port.Deferred, true, "skipped"},
		{"a method without a test attribute is no test", "NotATest", port.Test, port.Unknown, port.Unknown, false, "no test attribute"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			root := t.TempDir()
			os.WriteFile(filepath.Join(root, "Widget.cs"), []byte(widgetCS), 0o644)
			db := newDB(t)
			class := "Widget"
			if tt.kind == port.Test {
				class = "WidgetTests"
			}
			it := port.Item{ID: 1, Kind: tt.kind, GoFile: "widget.go", GoName: "x", GoLine: 1, GoLineCount: 1,
				DotnetClass: class, DotnetMember: tt.member, Status: tt.from}
			if tt.kind == port.Test {
				it.GoFile = "widget_test.go"
			}
			if err := db.UpsertItems(ctx, []port.Item{it}, "test", 0); err != nil {
				t.Fatal(err)
			}
			res, err := audit.Run(ctx, db, audit.Options{Root: root})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := db.Items(ctx, tt.kind)
			if got[0].Status != tt.want {
				t.Errorf("status = %s, want %s", got[0].Status, tt.want)
			}
			if len(res.Regressions) > 0 != tt.regression {
				t.Errorf("regressions = %d, want regression=%v", len(res.Regressions), tt.regression)
			}
			if tt.reason != "" && (len(res.Findings) == 0 || !strings.Contains(res.Findings[0].Reason(), tt.reason)) {
				t.Errorf("reason = %q, want it to contain %q", res.Findings[0].Reason(), tt.reason)
			}
		})
	}
}

func TestAFileThatFailsToScanPromotesNothingAndDemotesNothing(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "Widget.cs"), []byte("namespace Demo;\npublic class Widget\n{\n    public void Real() { var s = \"unterminated; }\n}\n"), 0o644)
	os.WriteFile(filepath.Join(root, "Bad.cs"), []byte{0xff, 0xfe, 'x'}, 0o644)
	db := newDB(t)
	items := []port.Item{
		{ID: 1, Kind: port.Feature, GoFile: "w.go", GoName: "real", GoLine: 1, DotnetClass: "Widget", DotnetMember: "Real", Status: port.Deferred},
		{ID: 2, Kind: port.Feature, GoFile: "w.go", GoName: "gone", GoLine: 1, DotnetClass: "Widget", DotnetMember: "Gone", Status: port.Verified},
	}
	db.UpsertItems(ctx, items, "test", 0)
	res, err := audit.Run(ctx, db, audit.Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 0 {
		t.Errorf("changes = %+v, want none while files fail to scan", res.Changes)
	}
	var msgs []string
	for _, f := range res.Failed {
		msgs = append(msgs, f)
	}
	if d := cmp.Diff([]string{"Bad.cs", "Widget.cs"}, msgs); d != "" {
		t.Errorf("failed files (-want +got):\n%s", d)
	}
}

func TestADryRunWritesNothing(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "Widget.cs"), []byte(widgetCS), 0o644)
	db := newDB(t)
	db.UpsertItems(ctx, []port.Item{{ID: 1, Kind: port.Feature, GoFile: "w.go", GoName: "real", GoLine: 1,
		DotnetClass: "Widget", DotnetMember: "Real", Status: port.Deferred}}, "test", 0)
	res, err := audit.Run(ctx, db, audit.Options{Root: root, DryRun: true})
	if err != nil || len(res.Promotions) != 1 {
		t.Fatalf("promotions = %d, err %v; want 1 decided", len(res.Promotions), err)
	}
	got, _ := db.Items(ctx, port.Feature)
	if got[0].Status != port.Deferred {
		t.Errorf("a dry run wrote status %s", got[0].Status)
	}
}

func newDB(t *testing.T) *portdb.DB {
	t.Helper()
	db, err := portdb.Create(context.Background(), filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
