// Package testws gives tests a real workspace to run batches in: the
// bundled example in a temporary git repository, with stand-ins for the
// dotnet CLI and the claude CLI first on PATH.
package testws

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

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

// StandIns builds the stand-ins (dotnet, claude and the porter a command
// agent runs) and returns their folder.
// The folder is named by a hash of the module's sources and shared by every
// test binary while they are unchanged, so a test run neither rebuilds the
// stand-ins nor leaves a copy of them in the temporary folder; copies for
// sources older than a day are removed.
func StandIns(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() { binDir, buildErr = standIns() })
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binDir
}

func standIns() (string, error) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	sum, err := sourceHash(root)
	if err != nil {
		return "", err
	}
	parent := filepath.Join(os.TempDir(), "portwave-standins")
	dir := filepath.Join(parent, sum)
	if _, err := os.Stat(filepath.Join(dir, "porter")); err == nil {
		now := time.Now()
		os.Chtimes(dir, now, now) // in use: not pruned
		return dir, nil
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	prune(parent, 24*time.Hour)
	tmp, err := os.MkdirTemp(parent, "building-")
	if err != nil {
		return "", err
	}
	for _, name := range []string{"dotnet", "claude", "porter"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(tmp, name), "./internal/standin/"+name)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			os.RemoveAll(tmp)
			return "", &buildError{name, string(out), err}
		}
	}
	// Test binaries of several packages build at once: the first rename
	// wins and the others use its folder.
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		if _, statErr := os.Stat(filepath.Join(dir, "porter")); statErr != nil {
			return "", err
		}
	}
	return dir, nil
}

// sourceHash hashes the path and content of every Go file and go.mod/go.sum
// of the module at root.
func sourceHash(root string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") && d.Name() != "go.mod" && d.Name() != "go.sum" {
			return nil
		}
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // a file another test's `go run mage.go` made and removed meanwhile
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s %d\n", rel, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hashing the sources for the stand-ins: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// prune removes what in parent was last changed more than age ago: the
// stand-ins of older sources, and builds a killed test left half done.
func prune(parent string, age time.Duration) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > age {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

type buildError struct {
	name, out string
	err       error
}

func (e *buildError) Error() string {
	return "building the " + e.name + " stand-in: " + e.err.Error() + "\n" + e.out
}

// UseStandIns puts the stand-ins first on PATH and gives git an identity,
// for the rest of the test.
func UseStandIns(tb testing.TB) {
	tb.Helper()
	bin := StandIns(tb)
	if t, ok := tb.(interface{ Setenv(k, v string) }); ok {
		t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		for k, v := range map[string]string{"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
			"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"} {
			t.Setenv(k, v)
		}
	}
}

// New builds an example workspace with the stand-ins first on PATH, a git
// identity, worktrees in a temporary folder and the given overrides.
func New(tb testing.TB, overrides map[string]string) *Workspace {
	tb.Helper()
	UseStandIns(tb)
	base := tb.TempDir()
	// A transient agent failure is rerun after 10 ms rather than the
	// default 15 s (doubling), so a test of a failing agent waits for its
	// reruns, not for the clock; tests of the pause set their own.
	env := map[string]string{"PORTWAVE_WORKTREES": filepath.Join(base, "worktrees"), "PORTWAVE_AGENT_TIMEOUT": "60s",
		"PORTWAVE_GATE_TIMEOUT": "60s", "PORTWAVE_AGENT_RETRY_BACKOFF": "10ms"}
	// The tests run sandboxed, as a run does; without bubblewrap they fail
	// and say how to install it, unless PORTWAVE_SANDBOX=none is set
	// explicitly for the whole test run.
	if v := os.Getenv("PORTWAVE_SANDBOX"); v != "" {
		env["PORTWAVE_SANDBOX"] = v
	}
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
//
// The script is the stand-in's model: it must be readable where the agent
// runs, inside the sandbox, which hides the temporary folder. So it goes
// beside the stand-ins, whose folder the sandbox shows read-only because
// it is on PATH, and is removed when the test ends.
func Script(tb testing.TB, steps []map[string]any, resume []map[string]any) string {
	tb.Helper()
	scripts := filepath.Join(StandIns(tb), "scripts")
	if err := os.MkdirAll(scripts, 0o755); err != nil {
		tb.Fatal(err)
	}
	dir, err := os.MkdirTemp(scripts, "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "script.json")
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

// SlowEnv, set to 1, runs the slow scenarios too: each repeats at length
// what faster tests of its package already check (every stage of a kill,
// every fault, the whole plan again), so `go test ./...` leaves them out
// and CI (.ci/run) runs them.
const SlowEnv = "PORTWAVE_SLOW_TESTS"

// Slow skips the test unless SlowEnv is 1, saying how to run it.
func Slow(tb testing.TB) {
	tb.Helper()
	if os.Getenv(SlowEnv) != "1" {
		tb.Skip("a slow scenario: " + SlowEnv + "=1 go test ./... runs it, as CI does")
	}
}
