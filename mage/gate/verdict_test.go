package gate_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/gate"
	"portwave/mage/pipeline"
	"portwave/mage/port"
)

func TestJudgeFailsOnScopeAndConflictMarkersBeforeAnyCommandRuns(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"dotnet/src/A.cs":                    "class A { }\n",
		"dotnet/src/B.cs":                    "class B { }\n",
		"dotnet/tests/T.cs":                  "class T { }\n",
		"go/x.go":                            "package x\n",
		"dotnet/src/Marked.cs":               "class M {\n<<<<<<< HEAD\n=======\n>>>>>>> main\n}\n",
		"docs/Marked.md":                     "text\n=======\nmore\n",
		"porting.db":                         "SQLite format 3",
		"dotnet/src/A.csproj":                "<Project />\n",
		"dotnet/src/Directory.Build.targets": "<Project />\n",
		"dotnet/NuGet.Config":                "<configuration />\n",
	}
	for p, c := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644)
	}
	ran := false
	exec := func(context.Context, string, pipeline.Pipeline) ([]byte, int, error) { ran = true; return nil, 0, nil }
	tests := []struct {
		name    string
		policy  string
		changed []string
		pass    bool
		want    string
	}{
		{"a target", "targets", []string{"dotnet/src/A.cs"}, true, ""},
		{"not a target", "targets", []string{"dotnet/src/A.cs", "dotnet/src/B.cs"}, false, "outside the batch's targets: dotnet/src/B.cs"},
		{"the tests under csharp", "csharp", []string{"dotnet/tests/T.cs"}, true, ""},
		{"Go source under csharp", "csharp", []string{"go/x.go"}, false, "outside the C# tree dotnet: go/x.go"},
		{"Go source under any", "any", []string{"go/x.go"}, true, ""},
		{"markers in C#", "any", []string{"dotnet/src/Marked.cs"}, false, "3 conflict marker(s), first dotnet/src/Marked.cs:2"},
		{"markers in any file", "any", []string{"docs/Marked.md"}, false, "conflict marker(s), first docs/Marked.md:2"},
		{"a deleted file", "targets", []string{"dotnet/src/Gone.cs"}, false, "outside the batch's targets"},
		{"porting.db under any", "any", []string{"porting.db"}, false, "changes portwave's own porting.db"},
		{"a project under csharp", "csharp", []string{"dotnet/src/A.cs", "dotnet/src/A.csproj"}, false, "1 build file(s) the batch's targets do not name: dotnet/src/A.csproj"},
		{"MSBuild targets under csharp", "csharp", []string{"dotnet/src/Directory.Build.targets"}, false, "build file(s) the batch's targets do not name"},
		{"a NuGet config under csharp", "csharp", []string{"dotnet/NuGet.Config"}, false, "build file(s) the batch's targets do not name"},
		{"a project the targets name", "targets", []string{"dotnet/src/B.csproj"}, true, ""},
		{"a project under any", "any", []string{"dotnet/src/A.csproj"}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran = false
			v, err := gate.Judge(context.Background(), gate.Input{Dir: dir, Changed: tt.changed, Exec: exec, Build: "build",
				Scope: gate.Scope{Policy: tt.policy, CSharpRoot: "dotnet", Targets: []string{"dotnet/src/A.cs", "dotnet/src/B.csproj"}, Owned: []string{"porting.db"}}})
			if err != nil {
				t.Fatal(err)
			}
			if v.Passed != tt.pass || !strings.Contains(v.Summary, tt.want) || (!tt.pass && !strings.Contains(v.Feedback, tt.changed[len(tt.changed)-1])) {
				t.Errorf("verdict %+v, want passed=%v with %q", v, tt.pass, tt.want)
			}
			if ran != tt.pass {
				t.Errorf("the build ran = %v; it runs only once scope and markers pass", ran)
			}
		})
	}
}

// A failed gate's one line names what failed: the members the batch audit
// found not implemented, with their place in the tree, and the tests that
// fail.
func TestAFailedGateNamesTheMembersAndTheTestsThatFailed(t *testing.T) {
	dir := t.TempDir()
	src := "namespace Shop;\n\npublic static class Prices\n{\n    public static int Total(int a) { return a; }\n\n" +
		"    public static int Discount(int a) { throw new NotImplementedException(); }\n}\n"
	os.MkdirAll(filepath.Join(dir, "dotnet", "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "dotnet", "src", "Prices.cs"), []byte(src), 0o644)
	items := []port.Item{
		{ID: 1, Kind: port.Feature, GoFile: "price.go", GoName: "Total", DotnetClass: "Prices", DotnetMember: "Total", Status: port.Deferred},
		{ID: 2, Kind: port.Feature, GoFile: "price.go", GoName: "Discount", DotnetClass: "Prices", DotnetMember: "Discount", Status: port.Deferred},
	}
	in := gate.Input{Dir: dir, Changed: []string{"dotnet/src/Prices.cs"}, Build: gate.BuiltinCheck,
		Scope: gate.Scope{Policy: "csharp", CSharpRoot: "dotnet"},
		Audit: &gate.BatchAudit{Items: items, IDs: []int{1, 2}, Root: filepath.Join(dir, "dotnet"), Threshold: 1}}
	v, err := gate.Judge(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if want := "batch audit: 1 of 2 implemented; Prices.Discount is a stub at dotnet/src/Prices.cs:7"; v.Passed || v.Summary != want {
		t.Errorf("summary %q, want %q", v.Summary, want)
	}

	in.Audit, in.Test = nil, "dotnet test"
	in.Exec = func(context.Context, string, pipeline.Pipeline) ([]byte, int, error) {
		return []byte("  Failed Shop.Tests.PricesTests.Discounts [3 ms]\n  Failed Shop.Tests.PricesTests.Rounds [1 ms]\n" +
			"Failed!  - Failed:     2, Passed:     5, Skipped:     0, Total:     7, Duration: 1 s - Shop.Tests.dll (net8.0)\n"), 1, nil
	}
	v, err = gate.Judge(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if want := "tests: 2 failed: Shop.Tests.PricesTests.Discounts, Shop.Tests.PricesTests.Rounds"; v.Passed || v.Summary != want {
		t.Errorf("summary %q, want %q", v.Summary, want)
	}
}
