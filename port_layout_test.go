package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// mageBinary builds a mage binary from the version go.mod pins, as a user
// who installed Mage has one.
func mageBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mage")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/magefile/mage").CombinedOutput(); err != nil {
		t.Fatalf("building a mage binary: %v\n%s", err, out)
	}
	return bin
}

// A repository whose root is the Go module being ported gets its Mage
// module in magefiles/, leaving the root's go.mod alone: `go run -C
// magefiles mage.go` and a mage binary in magefiles/ (`mage -w ..`; Mage
// resolves imported targets from the folder it runs in) run the same
// targets in the root. There, `plan:import FILE` (Mage reads FILE as the next target)
// is refused before anything is written, and -doc=FILE is read.
func TestARepositoryWhoseRootIsAGoModuleKeepsItsMageModuleInMagefiles(t *testing.T) {
	clone, _ := os.Getwd()
	repo := t.TempDir()
	rootMod := "module example.com/lib\n\ngo 1.22\n"
	for name, text := range map[string]string{
		"go.mod":                    rootMod,
		"lib.go":                    "package lib\n\nfunc Sum(a, b int) int { return a + b }\n\nfunc Neg(a int) int { return -a }\n",
		"dotnet/Lib.sln":            "\n",
		"dotnet/src/Lib/Lib.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>\n",
		"dotnet/src/Lib/Lib.cs":     "namespace Lib;\n\npublic static class Lib\n{\n    public static int Sum(int a, int b) { throw new NotImplementedException(); }\n\n    public static int Neg(int a) { throw new NotImplementedException(); }\n}\n",
		"docs/plan.md": "# Lib Plan\n\n## Batch Structure\n\n### Batch 1: Arithmetic (2 features)\n\nSums.\n\n**Target files**:\n\n- `Lib.cs` (extend)\n\n" +
			"**Feature IDs**: 1-2\n\n**Dependencies**: None\n\n## Execution Plan\n\n### Wave 1\n\n- **Batch 1** (Arithmetic, 2 features)\n",
	} {
		path := filepath.Join(repo, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(bareEnv(t, t.TempDir()), gitIdentity...)
	run := func(dir string, args ...string) (string, error) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env, cmd.Dir = env, dir
		out, err := cmd.CombinedOutput()
		t.Logf("%s\n%s", strings.Join(args, " "), out)
		return string(out), err
	}
	must := func(dir string, args ...string) string {
		t.Helper()
		out, err := run(dir, args...)
		if err != nil {
			t.Fatalf("%s: %v", strings.Join(args, " "), err)
		}
		return out
	}
	must(repo, "git", "init", "-q", "-b", "main")
	must(repo, "git", "add", "-A")
	must(repo, "git", "commit", "-q", "-m", "lib")
	out := must(clone, "go", "run", "mage.go", "-w", repo, "init")
	for _, want := range []string{"wrote magefiles/go.mod", "wrote magefiles/mage.go", "wrote magefiles/magefile.go", "go run -C magefiles mage.go"} {
		if !strings.Contains(out, want) {
			t.Errorf("init does not say %q", want)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(repo, "go.mod")); string(data) != rootMod {
		t.Errorf("init changed the root's go.mod:\n%s", data)
	}
	if cfg, _ := os.ReadFile(filepath.Join(repo, "portwave.yaml")); !strings.Contains(string(cfg), "\nplan: docs/plan.md\n") || !strings.Contains(string(cfg), "\ngo_root: .\n") {
		t.Errorf("init did not find the plan under docs/ or the Go module at the root:\n%s", cfg)
	}

	mage := []string{"go", "run", "-C", "magefiles", "mage.go"}
	must(repo, append(mage, "inventory")...)
	must(repo, append(mage, "plan:import")...)
	batch := filepath.Join(repo, "batches", "01-arithmetic.yaml")
	edited := must(repo, "cat", batch) + "# a hand edit\n"
	if err := os.WriteFile(batch, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run(repo, append(mage, "plan:import", "docs/plan.md")...)
	if err == nil || !strings.Contains(out, `Mage reads "docs/plan.md" as another target`) || !strings.Contains(out, "plan:import -doc=docs/plan.md") {
		t.Errorf("plan:import FILE was not refused (%v)", err)
	}
	if data, _ := os.ReadFile(batch); string(data) != edited {
		t.Errorf("plan:import FILE rewrote the batch files before Mage failed on FILE")
	}
	must(repo, append(mage, "plan:import", "-doc=docs/plan.md")...)
	if data, _ := os.ReadFile(batch); string(data) == edited {
		t.Errorf("plan:import -doc=FILE did not import the document")
	}
	if _, err := os.Stat(filepath.Join(repo, "magefiles", "magefile_plan.go")); err != nil {
		t.Errorf("the plan's targets are not beside the repository's magefile: %v", err)
	}
	if out := must(repo, append(mage, "-l")...); !strings.Contains(out, "batch1 ") || !strings.Contains(out, "wave1 ") || !strings.Contains(out, "plan:import ") {
		t.Errorf("go run -C magefiles mage.go -l does not list the plan's and portwave's targets:\n%s", out)
	}
	if out := must(filepath.Join(repo, "magefiles"), mageBinary(t), "-w", "..", "status"); !strings.Contains(out, "no batch has run yet in "+repo) {
		t.Errorf("mage -w .. status in magefiles/ did not run in the root:\n%s", out)
	}
	// The targets run in the root: validate there finds the workspace.
	if out := must(repo, append(mage, "validate")...); !strings.Contains(out, "1 batches in "+filepath.Join(repo, "batches")+": no errors") {
		t.Errorf("validate through magefiles/: %s", out)
	}
}
