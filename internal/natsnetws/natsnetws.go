// Package natsnetws builds, for tests and benchmarks, a workspace shaped
// like NatsNet's port at the start of the seed's plan: the tracker of the
// project's fixture (6,942 items) in porting.db, a C# solution in which
// every pending feature is a NotImplementedException stub in its class's
// files (classes spread over partial files in topic folders, names shared
// as the tracker shares them), a Go tree of nats-server's shape with every
// tracked function at its line and the calls between them (gotree), the
// plan document imported into batches/, and a portwave.yaml
// that leaves every setting at its default but the agent: `command`,
// played by the porter stand-in, which ports what its prompt lists. The
// dotnet stand-in is first on PATH, so the default build and test commands
// run.
package natsnetws

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/cstree"
	"portwave/internal/fixture"
	"portwave/internal/gotree"
	"portwave/internal/testws"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// Workspace is a ready NatsNet-shaped workspace.
type Workspace struct {
	Dir    string // the git repository, with everything committed
	Config string // its portwave.yaml
	Plan   *plan.Plan
}

// Collisions are the two pairs of NatsNet features C# cannot hold under one
// name (eventsEnabled beside EventsEnabled, healthz beside Healthz), mapped
// apart with `db:map` before the plan runs, as the plan's readers must.
const Collisions = "id\tdotnet_member\n878\tEventsEnabledCore\n2230\tHealthzCore\n"

// Options tunes the workspace.
type Options struct {
	// Settings are written into portwave.yaml after the defaults above,
	// one "key: value" line each.
	Settings []string
	// WholeClasses lays the C# tree out with each class in one file
	// (cstree.Options.Whole) instead of in topic folders and partials.
	WholeClasses bool
}

// New builds the workspace in a temporary folder and puts the stand-ins
// (dotnet, claude, porter) first on PATH with a git identity.
func New(tb testing.TB, opt Options) *Workspace {
	tb.Helper()
	testws.UseStandIns(tb)
	base := tb.TempDir()
	ws := &Workspace{Dir: filepath.Join(base, "natsnet")}
	if err := ws.build(base, fixture.Dir(tb), opt); err != nil {
		tb.Fatal(err)
	}
	features, tests := fixture.Items(tb)
	gotree.Write(tb, filepath.Join(ws.Dir, "go"), gotree.Load(tb), gotree.Options{Items: append(features, tests...)})
	if err := commit(ws.Dir, "NatsNet at the start of the deferred-features plan"); err != nil {
		tb.Fatal(err)
	}
	return ws
}

func (ws *Workspace) build(base, fixtureDir string, opt Options) error {
	ctx := context.Background()
	dir := ws.Dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := git(dir, "init", "-q", "-b", "main"); err != nil {
		return err
	}
	items, err := tracker(ctx, filepath.Join(dir, "porting.db"), fixtureDir)
	if err != nil {
		return err
	}
	if _, err := cstree.Write(filepath.Join(dir, "dotnet"), items, cstree.Options{Topics: !opt.WholeClasses, Whole: opt.WholeClasses}); err != nil {
		return err
	}
	if err := writeSolution(filepath.Join(dir, "dotnet")); err != nil {
		return err
	}
	doc, err := os.ReadFile(fixture.PlanPath())
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "plan.md"), doc, 0o644); err != nil {
		return err
	}
	if ws.Plan, err = plan.ImportDocument(filepath.Join(dir, "plan.md")); err != nil {
		return err
	}
	if err := plan.WriteBatches(filepath.Join(dir, "batches"), ws.Plan); err != nil {
		return err
	}
	settings := append([]string{
		"go_root: go",
		"csharp_root: dotnet/src/ZB.MOM.NatsNet.Server",
		"audit_root: dotnet",
		"agent: command",
		"agent_command: porter",
		"worktrees: " + filepath.Join(base, "worktrees"),
		"class_map: {Server: NatsServer, client: ClientConnection, mqttJSA: MqttJsa}",
	}, opt.Settings...)
	ws.Config = filepath.Join(dir, "portwave.yaml")
	if err := os.WriteFile(ws.Config, []byte(strings.Join(settings, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("porting.db-*\nreports/\n"), 0o644); err != nil {
		return err
	}
	return nil
}

func commit(dir, message string) error {
	if err := git(dir, "add", "-A"); err != nil {
		return err
	}
	return git(dir, "commit", "-q", "-m", message)
}

// tracker creates porting.db from the fixture, maps the collisions apart
// and returns every item.
func tracker(ctx context.Context, path, fixtureDir string) ([]port.Item, error) {
	db, err := portdb.Create(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	for _, f := range []string{"features.tsv", "tests.tsv"} {
		if _, err := db.ImportTSV(ctx, filepath.Join(fixtureDir, f)); err != nil {
			return nil, err
		}
	}
	tsv := filepath.Join(filepath.Dir(filepath.Dir(path)), "collisions.tsv")
	if err := os.WriteFile(tsv, []byte(Collisions), 0o644); err != nil {
		return nil, err
	}
	maps, err := portdb.ReadMappingsTSV(tsv)
	if err != nil {
		return nil, err
	}
	if _, err := db.SetMappings(ctx, maps, 0); err != nil {
		return nil, err
	}
	var items []port.Item
	for _, k := range []port.Kind{port.Feature, port.Test} {
		its, err := db.Items(ctx, k)
		if err != nil {
			return nil, err
		}
		items = append(items, its...)
	}
	return items, nil
}

// writeSolution writes the solution and the two projects the stubs and
// tests are compiled in.
func writeSolution(root string) error {
	files := map[string]string{
		"NatsNet.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n" +
			"Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"ZB.MOM.NatsNet.Server\", \"src\\ZB.MOM.NatsNet.Server\\ZB.MOM.NatsNet.Server.csproj\", \"{6A1C4E2B-0D5F-4C3A-9E71-2B8D4F6A0C01}\"\nEndProject\n" +
			"Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"ZB.MOM.NatsNet.Server.Tests\", \"tests\\ZB.MOM.NatsNet.Server.Tests\\ZB.MOM.NatsNet.Server.Tests.csproj\", \"{6A1C4E2B-0D5F-4C3A-9E71-2B8D4F6A0C02}\"\nEndProject\n",
		"src/ZB.MOM.NatsNet.Server/ZB.MOM.NatsNet.Server.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n</Project>\n",
		"tests/ZB.MOM.NatsNet.Server.Tests/ZB.MOM.NatsNet.Server.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <IsTestProject>true</IsTestProject>\n  </PropertyGroup>\n  <ItemGroup>\n" +
			"    <PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"18.0.1\" />\n    <PackageReference Include=\"xunit\" Version=\"2.9.3\" />\n  </ItemGroup>\n" +
			"  <ItemGroup>\n    <ProjectReference Include=\"..\\..\\src\\ZB.MOM.NatsNet.Server\\ZB.MOM.NatsNet.Server.csproj\" />\n  </ItemGroup>\n</Project>\n",
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func git(dir string, args ...string) error {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}
