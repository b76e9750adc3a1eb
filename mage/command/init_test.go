package command_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/fixture"
	"portwave/mage/command"
	"portwave/mage/config"
)

// goCSharpRepo writes a small Go→C# repository: a Go module under go/, a C#
// solution with a main and a test project under dotnet/, committed.
func goCSharpRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go/go.mod":                                 "module example.com/shop\n\ngo 1.22\n",
		"go/cart/cart.go":                           "package cart\n\nfunc Total(prices []int) int { return 0 }\n",
		"dotnet/Shop.sln":                           "\n",
		"dotnet/src/Shop/Shop.csproj":               "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>\n",
		"dotnet/src/Shop/Cart.cs":                   "namespace Shop;\npublic static class CartHelpers { }\n",
		"dotnet/tests/Shop.Specs/Shop.Specs.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"Microsoft.NET.Test.Sdk\" /></ItemGroup></Project>\n",
		".gitignore":                                "bin/\nobj/",
	}
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dir, "init", "-q", "-b", "main")
	return dir
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.invalid"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// init detects the layout, writes a config whose paths all resolve from
// its folder, creates batches/ and reports/, adds .gitignore entries; a
// second run changes nothing, and a changed config is only rewritten with
// PORTWAVE_FORCE=1.
func TestInitSetsUpAGoToCSharpRepositoryOnceAndOverwritesOnlyWhenForced(t *testing.T) {
	dir := goCSharpRepo(t)
	ctx := context.Background()
	var out bytes.Buffer
	res, err := command.Init(ctx, dir, env{}.get, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := command.Detected{GoRoot: "go", Solution: "dotnet/Shop.sln", Project: "dotnet/src/Shop/Shop.csproj",
		TestProject: "dotnet/tests/Shop.Specs/Shop.Specs.csproj", GoModules: []string{"go"}}
	if d := cmp.Diff(want, res.Detected); d != "" {
		t.Errorf("detected (-want +got):\n%s", d)
	}
	cfg, err := config.Load(filepath.Join(dir, "portwave.yaml"), env{}.get)
	if err != nil {
		t.Fatalf("the written portwave.yaml does not load: %v", err)
	}
	for got, want := range map[string]string{
		cfg.Workspace: dir, cfg.GoRoot: filepath.Join(dir, "go"), cfg.CSharpRoot: filepath.Join(dir, "dotnet", "src", "Shop"),
		cfg.AuditRoot: filepath.Join(dir, "dotnet"), cfg.DB: filepath.Join(dir, "porting.db"), cfg.Plan: filepath.Join(dir, "plan.md"),
		cfg.Batches: filepath.Join(dir, "batches"), cfg.Reports: filepath.Join(dir, "reports"),
		cfg.Build: "dotnet build dotnet/Shop.sln", cfg.Test: "dotnet test dotnet/tests/Shop.Specs/Shop.Specs.csproj",
	} {
		if got != want {
			t.Errorf("config has %q, want %q", got, want)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "batches")); err != nil || !fi.IsDir() {
		t.Errorf("batches/ not created: %v", err)
	}
	ignore, _ := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if !strings.HasPrefix(string(ignore), "bin/\nobj/\n") || !strings.Contains(string(ignore), "*.db-wal\n") || !strings.Contains(string(ignore), "/reports/\n") {
		t.Errorf(".gitignore:\n%s", ignore)
	}
	written, _ := os.ReadFile(filepath.Join(dir, "portwave.yaml"))

	// Again: nothing changes.
	out.Reset()
	if _, err := command.Init(ctx, dir, env{}.get, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "wrote") {
		t.Errorf("the second init wrote something:\n%s", out.String())
	}
	if again, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); !bytes.Equal(again, ignore) {
		t.Errorf(".gitignore changed on the second init:\n%s", again)
	}

	// A hand-edited config is kept, unless forced.
	edited := append(written, []byte("jobs: 5\n")...)
	if err := os.WriteFile(filepath.Join(dir, "portwave.yaml"), edited, 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if _, err := command.Init(ctx, dir, env{}.get, &out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "portwave.yaml")); !bytes.Equal(got, edited) || !strings.Contains(out.String(), "PORTWAVE_FORCE=1 rewrites it") {
		t.Errorf("init overwrote an edited config without PORTWAVE_FORCE:\n%s", out.String())
	}
	if _, err := command.Init(ctx, dir, env{config.ForceEnv: "1"}.get, &out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "portwave.yaml")); !bytes.Equal(got, written) {
		t.Errorf("PORTWAVE_FORCE=1 did not rewrite the config:\n%s", got)
	}
}

// init's checks say what is missing before a run, one line each.
func TestInitChecksSayWhatIsMissing(t *testing.T) {
	dir := goCSharpRepo(t)
	t.Chdir(dir)
	var out, log bytes.Buffer
	if err := command.InitHere(context.Background(), env{"PATH": ""}.get, &out, &log); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ok    git repository", "ok    Go tree go", "todo  no usable porting.db", "todo  no plan document plan.md",
		"todo  commit before a run (batches merge into main): git add .github/workflows/port.yml .gitignore go.mod go.sum mage.go magefile.go portwave.yaml && git commit"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the checks lack %q:\n%s", want, out.String())
		}
	}
}

// db:init in a workspace whose folder does not exist says which folder and
// where the path came from, not SQLite's "unable to open database file".
func TestDBInitInAMissingFolderSaysWhichFolder(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "portwave.yaml")
	if err := os.WriteFile(cfg, []byte("workspace: ../nowhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _, _ := session(t, env{config.ConfigEnv: cfg})
	err := s.DBInit(context.Background())
	if err == nil || !strings.Contains(err.Error(), "the folder "+filepath.Join(filepath.Dir(dir), "nowhere")+" does not exist") {
		t.Errorf("db:init in a missing folder: %v", err)
	}
}

// A batch number the plan does not have, given to any target that takes
// one, lists the numbers it has.
func TestAnUnknownBatchNumberListsThePlansBatches(t *testing.T) {
	s, _, _ := session(t, env{command.ExampleEnv: "1", command.ExampleDirEnv: t.TempDir(), "PORTWAVE_AGENT": "replay"})
	ctx := context.Background()
	for name, run := range map[string]func() error{
		"batch:prompt": func() error { return s.BatchPrompt(ctx, 44) },
		"batch:run":    func() error { return s.BatchRun(ctx, 44) },
		"retry":        func() error { return s.Retry(ctx, 44) },
	} {
		if err := run(); err == nil || !strings.Contains(err.Error(), "batch 44 is not in the plan") || !strings.HasSuffix(err.Error(), "its batches are 11, 12, 13, 14") {
			t.Errorf("%s 44: %v", name, err)
		}
	}
}

// init writes nothing where it must not set up: outside git, in a
// subfolder of a repository (unless PORTWAVE_SUBFOLDER=1), in portwave's
// own clone; each refusal says where to run it instead.
func TestInitRefusesAFolderOutsideGitASubfolderAndPortwavesClone(t *testing.T) {
	ctx := context.Background()
	loose := t.TempDir()
	os.WriteFile(filepath.Join(loose, "main.go"), []byte("package main\n"), 0o644)
	repo := goCSharpRepo(t)
	clone, _ := filepath.Abs("../..")
	cloneStatus := git(t, clone, "status", "--porcelain", "--untracked-files=all")
	for _, tt := range []struct {
		name, dir string
		want      []string
	}{
		{"outside git", loose, []string{"is not in a git repository", "git init -b main"}},
		{"a subfolder", filepath.Join(repo, "dotnet"), []string{"is a subfolder of the git repository " + repo, "go run mage.go -w " + repo + " init", "PORTWAVE_SUBFOLDER=1"}},
		{"portwave's clone", clone, []string{"is portwave's own clone"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadDir(tt.dir)
			var out bytes.Buffer
			_, err := command.Init(ctx, tt.dir, env{}.get, &out)
			if err == nil {
				t.Fatalf("init in %s: no error\n%s", tt.dir, out.String())
			}
			for _, w := range append(tt.want, "nothing was written") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the refusal does not say %q: %v", w, err)
				}
			}
			if after, _ := os.ReadDir(tt.dir); len(after) != len(before) {
				t.Errorf("init wrote into %s: %d entries before, %d after", tt.dir, len(before), len(after))
			}
		})
	}
	if after := git(t, clone, "status", "--porcelain", "--untracked-files=all"); after != cloneStatus {
		t.Errorf("init changed portwave's clone:\n%s", after)
	}
	sub := filepath.Join(repo, "dotnet")
	if _, err := command.Init(ctx, sub, env{config.SubfolderEnv: "1"}.get, io.Discard); err != nil {
		t.Fatalf("init in a subfolder with PORTWAVE_SUBFOLDER=1: %v", err)
	}
	if _, err := os.Stat(filepath.Join(sub, "portwave.yaml")); err != nil {
		t.Errorf("PORTWAVE_SUBFOLDER=1 did not set up the subfolder: %v", err)
	}
}

// On a repository shaped like NatsNet's (the Go tree in a subfolder, the
// solution below the root, plans under docs/), init finds the plan under
// docs/ and the solution, and the build is the solution's. Where it finds
// nothing (no solution, no test project, no plan), the setting is left
// commented out saying what to set, and the file still loads.
func TestInitFindsThePlanUnderDocsAndTheSolutionAndWritesOnlyWhatItResolved(t *testing.T) {
	ctx := context.Background()
	planText, err := os.ReadFile(fixture.PlanPath())
	if err != nil {
		t.Fatal(err)
	}
	natsnet := repoOf(t, map[string]string{
		"golang/nats-server/go.mod":                                                   "module github.com/nats-io/nats-server/v2\n\ngo 1.24\n",
		"golang/nats-server/server/server.go":                                         "package server\n\nfunc Start() {}\n",
		"dotnet/ZB.MOM.NatsNet.slnx":                                                  "<Solution/>\n",
		"dotnet/src/ZB.MOM.NatsNet.Server/ZB.MOM.NatsNet.Server.csproj":               "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>\n",
		"dotnet/tests/ZB.MOM.NatsNet.Server.Tests/ZB.MOM.NatsNet.Server.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>\n",
		"docs/plans/2026-03-01-deferred-features-design.md":                           string(planText),
		"docs/plan.md":   string(planText),
		"docs/README.md": "# docs\n",
	})
	res, err := command.Init(ctx, natsnet, env{}.get, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfgText, _ := os.ReadFile(filepath.Join(natsnet, "portwave.yaml"))
	cfg, err := config.Load(filepath.Join(natsnet, "portwave.yaml"), env{}.get)
	if err != nil {
		t.Fatalf("the written portwave.yaml does not load: %v\n%s", err, cfgText)
	}
	if res.Detected.Plan != "docs/plan.md" || cfg.Plan != filepath.Join(natsnet, "docs", "plan.md") || !strings.Contains(string(cfgText), "also docs/plans/2026-03-01-deferred-features-design.md") {
		t.Errorf("plan: detected %q, config %q:\n%s", res.Detected.Plan, cfg.Plan, cfgText)
	}
	if cfg.Build != "dotnet build dotnet/ZB.MOM.NatsNet.slnx" || cfg.GoRoot != filepath.Join(natsnet, "golang", "nats-server") || cfg.AuditRoot != filepath.Join(natsnet, "dotnet") {
		t.Errorf("build %q, go_root %q, audit_root %q", cfg.Build, cfg.GoRoot, cfg.AuditRoot)
	}

	bare := repoOf(t, map[string]string{"go/go.mod": "module example.com/x\n", "go/x.go": "package x\n"})
	if _, err := command.Init(ctx, bare, env{}.get, io.Discard); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(filepath.Join(bare, "portwave.yaml"))
	for _, key := range []string{"build", "test", "plan", "csharp_root", "audit_root"} {
		if regexp.MustCompile(`(?m)^` + key + `:`).Match(text) {
			t.Errorf("init wrote %s: without finding it:\n%s", key, text)
		}
	}
	for _, todo := range []string{"# Not found: no solution or project to build; set build", "# build: ", "# Not found: no markdown file with", "# plan: docs/plan.md", "# csharp_root: "} {
		if !strings.Contains(string(text), todo) {
			t.Errorf("portwave.yaml does not say %q:\n%s", todo, text)
		}
	}
	if _, err := config.Load(filepath.Join(bare, "portwave.yaml"), env{}.get); err != nil {
		t.Errorf("the commented portwave.yaml does not load: %v", err)
	}
}

// repoOf writes files into a new git repository and commits them.
func repoOf(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dir, "init", "-q", "-b", "main")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "repo")
	return dir
}
