// Package testws gives tests a real workspace to run batches in: the
// bundled example in a temporary git repository, with stand-ins for the
// dotnet CLI and the claude CLI first on PATH.
package testws

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"portwave/mage/config"
	"portwave/mage/demo"
)

// Workspace is a ready example workspace.
type Workspace struct {
	Dir    string
	Config *config.Config
	Env    map[string]string // the PORTWAVE_* overrides it was loaded with
}

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// StandIns builds the dotnet and claude stand-ins once per test binary and
// returns their folder.
func StandIns(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "portwave-standins-")
		if buildErr != nil {
			return
		}
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		for _, name := range []string{"dotnet", "claude"} {
			cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, name), "./internal/standin/"+name)
			cmd.Dir = root
			if out, err := cmd.CombinedOutput(); err != nil {
				buildErr = &buildError{name, string(out), err}
				return
			}
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binDir
}

type buildError struct {
	name, out string
	err       error
}

func (e *buildError) Error() string {
	return "building the " + e.name + " stand-in: " + e.err.Error() + "\n" + e.out
}

// New builds an example workspace with the stand-ins first on PATH, a git
// identity, worktrees in a temporary folder and the given overrides.
func New(tb testing.TB, overrides map[string]string) *Workspace {
	tb.Helper()
	bin := StandIns(tb)
	if t, ok := tb.(interface{ Setenv(k, v string) }); ok {
		t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		for k, v := range map[string]string{"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
			"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"} {
			t.Setenv(k, v)
		}
	}
	base := tb.TempDir()
	env := map[string]string{"PORTWAVE_WORKTREES": filepath.Join(base, "worktrees"), "PORTWAVE_AGENT_TIMEOUT": "60s",
		"PORTWAVE_GATE_TIMEOUT": "60s"}
	for k, v := range overrides {
		env[k] = v
	}
	dir := filepath.Join(base, "ws")
	cfg, err := demo.BuildWorkspace(context.Background(), dir, func(k string) string { return env[k] })
	if err != nil {
		tb.Fatal(err)
	}
	return &Workspace{Dir: dir, Config: cfg, Env: env}
}

// Script writes a claude stand-in script (and, when resume is non-nil, the
// script a resumed session plays) and returns its path, for
// PORTWAVE_STANDIN_SCRIPT.
func Script(tb testing.TB, steps []map[string]any, resume []map[string]any) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "script.json")
	write := func(p string, v any) {
		data, err := json.Marshal(v)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write(path, steps)
	if resume != nil {
		write(path+".resume", resume)
	}
	return path
}
