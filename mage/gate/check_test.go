package gate_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/gate"
)

// The built-in check reads every changed file with the symbols of each
// framework its project builds: an unreadable declaration in the
// netstandard2.0 branch fails it, as dotnet build of that framework would.
func TestTheBuiltinCheckReadsEveryFrameworkOfTheProject(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"dotnet/src/Lib/Lib.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFrameworks>net8.0;netstandard2.0</TargetFrameworks></PropertyGroup>
</Project>`,
		"dotnet/src/Lib/Client.cs": "namespace Lib;\n\npublic class Client\n{\n#if NETSTANDARD2_0\n    pubic void Legacy() { Run(); }\n#endif\n    public void Run() { }\n}\n",
		"dotnet/src/Lib/Fine.cs":   "namespace Lib;\n\npublic class Fine\n{\n#if NET8_0_OR_GREATER\n    public void Span() { }\n#endif\n}\n",
	}
	for p, c := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644)
	}
	cases := []struct {
		name    string
		changed string
		symbols []string
		pass    bool
		want    string
	}{
		{"a file whose netstandard2.0 branch cannot be read", "dotnet/src/Lib/Client.cs", nil, false,
			"C# check: 1 problem(s), first dotnet/src/Lib/Client.cs:6:5: cannot read this declaration: unexpected pubic, expected a modifier or a declaration keyword before void (building Lib.csproj netstandard2.0)"},
		{"a clean file", "dotnet/src/Lib/Fine.cs", nil, true, ""},
		{"csharp_symbols leaves netstandard2.0 out", "dotnet/src/Lib/Client.cs", []string{"NET"}, true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var notes []string
			v, err := gate.Judge(context.Background(), gate.Input{Dir: dir, Changed: []string{c.changed}, Build: gate.BuiltinCheck,
				Symbols: c.symbols, Scope: gate.Scope{Policy: "any", CSharpRoot: "dotnet"},
				Note: func(s string) error { notes = append(notes, s); return nil }})
			if err != nil {
				t.Fatal(err)
			}
			if v.Passed != c.pass || !strings.Contains(v.Summary, c.want) {
				t.Errorf("verdict %+v, want passed=%v with %q", v, c.pass, c.want)
			}
		})
	}
}
