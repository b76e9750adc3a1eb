package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit"
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
		kind         portdb.Kind
		from, want   portdb.Status
		regression   bool
		reason       string
	}{
		{"implemented promotes unknown", "Real", portdb.Feature, portdb.Unknown, portdb.Verified, false, "Widget.Real implemented at Widget.cs:5"},
		{"implemented promotes deferred", "Real", portdb.Feature, portdb.Deferred, portdb.Verified, false, "implemented"},
		{"implemented promotes stub", "Real", portdb.Feature, portdb.Stub, portdb.Verified, false, "implemented"},
		{"implemented promotes complete", "Real", portdb.Feature, portdb.Complete, portdb.Verified, false, "implemented"},
		{"a stub makes unknown a stub", "Stubbed", portdb.Feature, portdb.Unknown, portdb.Stub, false, "is a stub at Widget.cs:6"},
		{"a stub leaves deferred alone", "Stubbed", portdb.Feature, portdb.Deferred, portdb.Deferred, false, ""},
		{"a marker comment body is a stub", "Marked", portdb.Feature, portdb.Unknown, portdb.Stub, false, "stub"},
		{"a verified stub is a regression", "Stubbed", portdb.Feature, portdb.Verified, portdb.Stub, true, "stub"},
		{"a verified missing member is a regression", "Gone", portdb.Feature, portdb.Verified, portdb.Unknown, true, "no member Gone in class Widget (Widget.cs)"},
		{"complete stays when not found", "Gone", portdb.Feature, portdb.Complete, portdb.Complete, false, "no member Gone"},
		{"n/a is never touched", "Real", portdb.Feature, portdb.NA, portdb.NA, false, ""},
		{"one implemented overload is enough", "Over", portdb.Feature, portdb.Deferred, portdb.Verified, false, "implemented"},
		{"a test with [Fact] is verified", "Works", portdb.Test, portdb.Unknown, portdb.Verified, false, "implemented"},
		{"a skipped test is deferred", "Cluster", portdb.Test, portdb.Unknown, portdb.Deferred, false, "needs a cluster"},
		{"a skipped verified test is a regression", "Cluster", portdb.Test, portdb.Verified, portdb.Deferred, true, "skipped"},
		{"a method without a test attribute is no test", "NotATest", portdb.Test, portdb.Unknown, portdb.Unknown, false, "no test attribute"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			root := t.TempDir()
			os.WriteFile(filepath.Join(root, "Widget.cs"), []byte(widgetCS), 0o644)
			db := newDB(t)
			class := "Widget"
			if tt.kind == portdb.Test {
				class = "WidgetTests"
			}
			it := portdb.Item{ID: 1, Kind: tt.kind, GoFile: "widget.go", GoName: "x", GoLine: 1, GoLineCount: 1,
				DotnetClass: class, DotnetMember: tt.member, Status: tt.from}
			if tt.kind == portdb.Test {
				it.GoFile = "widget_test.go"
			}
			if err := db.UpsertItems(ctx, []portdb.Item{it}, "test", 0); err != nil {
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
	items := []portdb.Item{
		{ID: 1, Kind: portdb.Feature, GoFile: "w.go", GoName: "real", GoLine: 1, DotnetClass: "Widget", DotnetMember: "Real", Status: portdb.Deferred},
		{ID: 2, Kind: portdb.Feature, GoFile: "w.go", GoName: "gone", GoLine: 1, DotnetClass: "Widget", DotnetMember: "Gone", Status: portdb.Verified},
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
	db.UpsertItems(ctx, []portdb.Item{{ID: 1, Kind: portdb.Feature, GoFile: "w.go", GoName: "real", GoLine: 1,
		DotnetClass: "Widget", DotnetMember: "Real", Status: portdb.Deferred}}, "test", 0)
	res, err := audit.Run(ctx, db, audit.Options{Root: root, DryRun: true})
	if err != nil || len(res.Promotions) != 1 {
		t.Fatalf("promotions = %d, err %v; want 1 decided", len(res.Promotions), err)
	}
	got, _ := db.Items(ctx, portdb.Feature)
	if got[0].Status != portdb.Deferred {
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
