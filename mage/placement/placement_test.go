package placement_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit"
	"portwave/mage/gitx"
	"portwave/mage/msbuild"
	"portwave/mage/placement"
	"portwave/mage/plan"
)

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const stub = " { throw new NotImplementedException(); }\n"

func TestFeaturesArePlacedWhereTheTreeOfTheCommitDeclaresThem(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write(t, dir, map[string]string{
		"dotnet/src/Server/NatsServer.cs":         "partial class NatsServer {\nvoid Start()" + stub + "}\n",
		"dotnet/src/Server/NatsServer.Monitor.cs": "partial class NatsServer {\nvoid Varz()" + stub + "void Connz() { Run(); }\n}\n",
		"dotnet/src/Client/ClientConnection.cs":   "partial class ClientConnection {\nvoid Flush()" + stub + "}\n",
		"dotnet/src/Client/obj/Generated.cs":      "partial class ClientConnection {\nvoid Close()" + stub + "}\n",
		"dotnet/src/.hidden/Old.cs":               "partial class ClientConnection {\nvoid Close()" + stub + "}\n",
	})
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "tree")
	base := "main"
	// The working tree moves on after the commit; the placement reads the commit.
	write(t, dir, map[string]string{"dotnet/src/Server/Elsewhere.cs": "partial class NatsServer {\nvoid Start()" + stub + "}\n"})
	tree, err := placement.ReadCommit(ctx, gitx.Repo{Dir: dir}, base, "dotnet/src", audit.Options{}, noSymbols(t))
	if err != nil {
		t.Fatal(err)
	}
	b := plan.Batch{ID: 7, Targets: []plan.Target{{Path: "Server/NatsServer.cs"}, {Path: "Monitor/MonitorHelpers.cs", Note: "new"}}}
	features := []placement.Feature{
		{ID: 1, Class: "NatsServer", Member: "Start", Pending: true},                                  // declared in a target
		{ID: 2, Class: "NatsServer", Member: "Varz", Pending: true},                                   // declared beside the target
		{ID: 3, Class: "ClientConnection", Member: "Flush", Pending: true},                            // declared in another folder
		{ID: 4, Class: "NatsServer", Member: "Connz"},                                                 // done: needs no file
		{ID: 5, Class: "MonitorHelpers", Member: "Format", Pending: true},                             // declared nowhere: the target naming its class
		{ID: 6, Class: "ClientConnection", Member: "Close", Pending: true},                            // only in obj/ and a hidden folder: declared nowhere
		{ID: 7, Class: "Account", Member: "Lookup", DotnetFile: "Accounts/Account.cs", Pending: true}, // declared nowhere, mapped
	}
	p := placement.Of(b, features, tree)
	got := map[int]placement.Place{}
	for _, f := range features {
		got[f.ID], _ = p.Place(f.ID)
	}
	want := map[int]placement.Place{
		1: {File: "Server/NatsServer.cs", Declared: true},
		2: {File: "Server/NatsServer.Monitor.cs", Implied: true, Declared: true},
		3: {File: "Client/ClientConnection.cs", Implied: true, Declared: true},
		4: {File: "Server/NatsServer.Monitor.cs", Implied: true, Declared: true},
		5: {File: "Monitor/MonitorHelpers.cs"},
		6: {File: "ClientConnection.cs", Implied: true},
		7: {File: "Accounts/Account.cs", Implied: true},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("places (-want +got):\n%s", d)
	}
	wantFiles := []string{"Accounts/Account.cs", "Client/ClientConnection.cs", "ClientConnection.cs", "Monitor/MonitorHelpers.cs",
		"Server/NatsServer.Monitor.cs", "Server/NatsServer.cs"}
	if d := cmp.Diff(wantFiles, p.Files()); d != "" {
		t.Errorf("files the batch may change (-want +got):\n%s", d)
	}
	// Without a tree, the targets and mappings alone decide, as before.
	if pl, _ := placement.Of(b, features, nil).Place(3); pl != (placement.Place{File: "ClientConnection.cs", Implied: true}) {
		t.Errorf("without a tree, feature 3 goes to %+v", pl)
	}
}

func TestAnOverloadInAnotherFileWidensWhatTheBatchMayChange(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write(t, dir, map[string]string{
		"cs/SubjectTree.cs":       "class SubjectTree {\nvoid Match(int a)" + stub + "}\n",
		"cs/SubjectTree.Match.cs": "partial class SubjectTree {\nvoid Match(int a, int b) { Run(); }\n}\n",
	})
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "tree")
	tree, err := placement.ReadCommit(ctx, gitx.Repo{Dir: dir}, "HEAD", "cs", audit.Options{}, noSymbols(t))
	if err != nil {
		t.Fatal(err)
	}
	p := placement.Of(plan.Batch{ID: 1}, []placement.Feature{{ID: 9, Class: "SubjectTree", Member: "Match", Pending: true}}, tree)
	if pl, _ := p.Place(9); pl.File != "SubjectTree.cs" {
		t.Errorf("placed in %s, want the file holding the stub", pl.File)
	}
	if d := cmp.Diff([]string{"SubjectTree.Match.cs", "SubjectTree.cs"}, p.Files()); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func noSymbols(t *testing.T) *audit.Symbols {
	t.Helper()
	sym, err := audit.LoadSymbols(nil, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return sym
}

// A stub compiled only for one of the port's target frameworks is where the
// feature is ported: the tree is read with the #if symbols of the port's
// projects, as the audit reads it.
func TestAStubInsideTheProjectsIfIsFoundWithTheProjectsSymbols(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write(t, dir, map[string]string{
		"cs/Server.csproj":      "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup></Project>\n",
		"cs/Server.Standard.cs": "partial class Server {\n#if NETSTANDARD2_0\nvoid Drain()" + stub + "#endif\n}\n",
	})
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "tree")
	projects, err := msbuild.Find(filepath.Join(dir, "cs"))
	if err != nil {
		t.Fatal(err)
	}
	sym, err := audit.LoadSymbols(projects, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := placement.ReadCommit(ctx, gitx.Repo{Dir: dir}, "HEAD", "cs", audit.Options{}, sym)
	if err != nil {
		t.Fatal(err)
	}
	p := placement.Of(plan.Batch{ID: 1, Targets: []plan.Target{{Path: "Server.cs"}}}, []placement.Feature{{ID: 5, Class: "Server", Member: "Drain", Pending: true}}, tree)
	if pl, _ := p.Place(5); pl.File != "Server.Standard.cs" || !pl.Declared {
		t.Errorf("placed at %+v, want the file whose netstandard2.0 branch declares it", pl)
	}
}
