package preflight_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/config"
	"portwave/mage/preflight"
)

// A folder that is no git repository is one problem among the others, not
// the end of the checks: the missing trees are listed too, each with its
// fix.
func TestAWorkspaceThatIsNoRepositoryIsListedWithTheOtherProblems(t *testing.T) {
	dir := t.TempDir()
	cfg := &config.Config{Workspace: dir, DB: filepath.Join(dir, "porting.db"), GoRoot: filepath.Join(dir, "go"),
		CSharpRoot: filepath.Join(dir, "cs"), AuditRoot: filepath.Join(dir, "cs"), Worktrees: dir + "-worktrees", MainBranch: "main"}
	err := preflight.Run(context.Background(), preflight.Options{Config: cfg})
	var pe *preflight.Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a *preflight.Error", err)
	}
	var checks []string
	for _, p := range pe.Problems {
		checks = append(checks, p.Check)
		if p.Fix == "" {
			t.Errorf("%s: %s has no fix", p.Check, p.What)
		}
	}
	if got := strings.Join(checks, ", "); got != "workspace, source trees, source trees" {
		t.Errorf("checks = %s", got)
	}
	for _, want := range []string{"preflight found 3 problem(s); no agent was started and nothing was spent", "is not in a git repository", "git init", "go_root", "csharp_root"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the report lacks %q:\n%v", want, err)
		}
	}
}

// A pipeline's every program is looked up, not only its first, and a
// command that does not parse is a problem before any agent starts.
func TestEveryProgramOfAPipelineGateCommandIsLookedUp(t *testing.T) {
	dir := t.TempDir()
	cfg := &config.Config{Workspace: dir, DB: filepath.Join(dir, "porting.db"), GoRoot: dir, CSharpRoot: dir, AuditRoot: dir,
		Worktrees: dir + "-worktrees", MainBranch: "main",
		Build: "sh -c true | portwave-no-such-filter | tee build.log", Test: "sh -c true | grep 'unclosed"}
	err := preflight.Run(context.Background(), preflight.Options{Config: cfg})
	var pe *preflight.Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a *preflight.Error", err)
	}
	var tools []string
	for _, p := range pe.Problems {
		if p.Check == "tools" {
			tools = append(tools, p.What)
		}
	}
	want := []string{`the build command "sh -c true | portwave-no-such-filter | tee build.log": portwave-no-such-filter is not found on PATH`,
		"the test command does not parse"}
	if diff := cmp.Diff(want, tools); diff != "" {
		t.Errorf("tool problems (-want +got):\n%s", diff)
	}
}

// merge_driver: mergiraf without mergiraf on PATH is a problem: C# files
// would merge by lines only, which is not what was asked for.
func TestMergirafAskedForButNotInstalledIsAProblem(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", dir) // no mergiraf there
	cfg := &config.Config{Workspace: dir, DB: filepath.Join(dir, "porting.db"), GoRoot: dir, CSharpRoot: dir, AuditRoot: dir,
		Worktrees: dir + "-worktrees", MainBranch: "main", MergeDriver: config.MergeDriverMergiraf}
	err := preflight.Run(context.Background(), preflight.Options{Config: cfg})
	var pe *preflight.Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a *preflight.Error", err)
	}
	found := false
	for _, p := range pe.Problems {
		found = found || p.Check == "tools" && strings.Contains(p.What, "mergiraf is not found on PATH") && strings.Contains(p.Fix, "merge_driver: portwave")
	}
	if !found {
		t.Errorf("no problem names the missing mergiraf:\n%v", err)
	}
}
