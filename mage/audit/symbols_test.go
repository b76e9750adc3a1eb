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

// symbolTree is a multi-targeting library: a member per framework branch,
// and a declaration the scanner cannot read in another file.
var symbolTree = map[string]string{
	"src/Lib/Lib.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFrameworks>netstandard2.0;net8.0</TargetFrameworks>
  </PropertyGroup>
</Project>`,
	"src/Lib/Client.cs": `namespace Lib;

public class Client
{
#if NET8_0_OR_GREATER
    public void SpanOnly() { Run(); }
#else
    public void Legacy() { Run(); }
#endif
#if DEBUG
    public void Trace() { Run(); }
#endif
}
`,
	"src/Lib/Server.cs": `namespace Lib;

pubic class Typo
{
    public void Lost() { Run(); }
}

public class Server
{
    public void Start() { Run(); }
}
`,
}

// auditTree writes the files under a new C# root and a porting.db with
// the items, audits, and returns each item's status by its member.
func auditTree(t *testing.T, files map[string]string, items []port.Item, opt audit.Options) (map[string]port.Status, *audit.Result) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	opt.Root = filepath.Join(dir, "dotnet")
	for rel, text := range files {
		p := filepath.Join(opt.Root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err := portdb.Create(ctx, filepath.Join(dir, "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.UpsertItems(ctx, items, "test", 0); err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Items(ctx, port.Feature)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]port.Status{}
	for _, it := range got {
		out[it.DotnetMember] = it.Status
	}
	return out, res
}

func symbolItems(st port.Status) []port.Item {
	var items []port.Item
	for i, m := range []string{"SpanOnly", "Legacy", "Trace", "Start"} {
		class := "Client"
		if m == "Start" {
			class = "Server"
		}
		items = append(items, port.Item{ID: i + 1, Kind: port.Feature, GoFile: "lib/client.go", GoName: strings.ToLower(m),
			GoLine: 1, GoLineCount: 1, DotnetClass: class, DotnetMember: m, Status: st})
	}
	return items
}

func TestTheAuditReadsTheIfSymbolsOfThePortsProjects(t *testing.T) {
	cases := []struct {
		name string
		opt  audit.Options
		want map[string]port.Status
	}{
		{"every framework of the project, Debug", audit.Options{},
			map[string]port.Status{"SpanOnly": port.Verified, "Legacy": port.Verified, "Trace": port.Verified, "Start": port.Unknown}},
		{"the Release configuration", audit.Options{Configuration: "Release"},
			map[string]port.Status{"SpanOnly": port.Verified, "Legacy": port.Verified, "Trace": port.Unknown, "Start": port.Unknown}},
		{"csharp_symbols overrides the projects", audit.Options{Symbols: []string{"NETSTANDARD", "DEBUG"}},
			map[string]port.Status{"SpanOnly": port.Unknown, "Legacy": port.Verified, "Trace": port.Verified, "Start": port.Unknown}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, res := auditTree(t, symbolTree, symbolItems(port.Unknown), c.opt)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("statuses in porting.db (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"src/Lib/Server.cs"}, res.Failed); diff != "" {
				t.Errorf("failed files (-want +got):\n%s", diff)
			}
		})
	}
}

// A file with a declaration the scanner cannot read promotes nothing and
// demotes nothing: Server.Start is implemented there, but pubic class
// Typo may hide anything.
func TestAFileWithAnUnreadableDeclarationIsNeverEvidence(t *testing.T) {
	got, res := auditTree(t, symbolTree, symbolItems(port.Unknown), audit.Options{})
	if got["Start"] != port.Unknown {
		t.Errorf("Server.Start is %s, want it left unknown: its file did not scan", got["Start"])
	}
	for _, f := range res.Findings {
		if f.Item.DotnetMember == "Start" && (f.Verdict != audit.Untrusted || !strings.Contains(f.Reason(), "only in files that failed to scan")) {
			t.Errorf("Start: verdict %s, %s", f.Verdict, f.Reason())
		}
	}
	got, _ = auditTree(t, symbolTree, symbolItems(port.Verified), audit.Options{})
	if got["Start"] != port.Verified || got["SpanOnly"] != port.Verified {
		t.Errorf("statuses %v: a failed file must hold back every demotion", got)
	}
}
