package agent_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"portwave/mage/agent"
	"portwave/mage/proc"
)

// standinDir holds the claude stand-in, built once for the package.
var standinDir string

func TestMain(m *testing.M) {
	os.Exit(buildStandIn(m))
}

func buildStandIn(m *testing.M) int {
	dir, err := os.MkdirTemp("", "portwave-agent-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	var out strings.Builder
	_, err = proc.Run(context.Background(), proc.Spec{Name: "go",
		Args:   []string{"build", "-o", filepath.Join(dir, "claude"), "portwave/internal/standin/claude"},
		Stdout: &out, Stderr: &out})
	if err != nil {
		fmt.Fprintf(os.Stderr, "building the claude stand-in: %v\n%s", err, out.String())
		return 1
	}
	standinDir = dir
	return m.Run()
}

// standin returns the path of the claude stand-in.
func standin() string { return filepath.Join(standinDir, "claude") }

// scripted writes a stand-in script and returns the env entry naming it.
func scripted(t *testing.T, steps ...string) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "script.json")
	if err := os.WriteFile(path, []byte("["+strings.Join(steps, ",\n")+"]"), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{"PORTWAVE_STANDIN_SCRIPT=" + path}
}

// request is a request on a fresh worktree with a log beside it.
func request(t *testing.T, env []string) agent.Request {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "worktree")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return agent.Request{Batch: 44, Attempt: 1, Prompt: "Port the batch.", Dir: dir,
		LogPath: filepath.Join(root, "logs", "batch-44.log"), Env: env}
}

// events records progress.
type events struct {
	mu   sync.Mutex
	seen []agent.Progress
}

func (e *events) OnAgentEvent(p agent.Progress) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seen = append(e.seen, p)
}

func (e *events) last() agent.Progress {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.seen) == 0 {
		return agent.Progress{}
	}
	return e.seen[len(e.seen)-1]
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// asError unwraps err into an *agent.Error or fails the test.
func asError(t *testing.T, err error) *agent.Error {
	t.Helper()
	var e *agent.Error
	if err == nil {
		t.Fatal("Run succeeded, want an error")
	}
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *agent.Error", err, err)
	}
	return e
}
