package agent_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"portwave/mage/agent"
)

func TestClaudeTimeoutKillsTheAgentsProcessGroup(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	req := request(t, scripted(t, `{"write": {"path": "a.cs", "content": "x"}}`,
		`{"spawn_child": {"pid_file": `+jsonString(pidFile)+`}}`, `{"sleep": "60s"}`))
	req.Timeout = 500 * time.Millisecond
	start := time.Now()
	res, err := agent.NewClaude(agent.ClaudeOptions{Binary: standin()}).Run(context.Background(), req, nil)
	e := asError(t, err)
	if e.Kind != agent.TimedOut || !errors.Is(err, agent.ErrTimeout) || errors.Is(err, agent.ErrFailed) {
		t.Fatalf("kind %v, err %v: want a timeout", e.Kind, err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("Run took %s after a 500ms timeout", took)
	}
	if res.Turns != 1 || len(res.ToolCalls) != 1 {
		t.Errorf("the work before the timeout was lost: %+v", res)
	}
	assertProcessGone(t, pidFile)
}

func TestClaudeCancelKillsTheAgentsProcessGroup(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	req := request(t, scripted(t, `{"spawn_child": {"pid_file": `+jsonString(pidFile)+`}}`, `{"sleep": "60s"}`))
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for range 500 {
			if b, err := os.ReadFile(pidFile); err == nil && len(b) > 0 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	_, err := agent.NewClaude(agent.ClaudeOptions{Binary: standin()}).Run(ctx, req, nil)
	e := asError(t, err)
	if e.Kind != agent.Canceled || !errors.Is(err, context.Canceled) || errors.Is(err, agent.ErrTimeout) {
		t.Fatalf("kind %v, err %v: want canceled", e.Kind, err)
	}
	assertProcessGone(t, pidFile)
}

func TestClaudeLeavesNoBackgroundProcessBehindAfterSuccess(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	req := request(t, scripted(t, `{"spawn_child": {"pid_file": `+jsonString(pidFile)+`}}`))
	if _, err := agent.NewClaude(agent.ClaudeOptions{Binary: standin()}).Run(context.Background(), req, nil); err != nil {
		t.Fatalf("Run: %v", err)
	}
	assertProcessGone(t, pidFile)
}

func assertProcessGone(t *testing.T, pidFile string) {
	t.Helper()
	pid, err := strconv.Atoi(strings.TrimSpace(readFile(t, pidFile)))
	if err != nil || pid <= 0 {
		t.Fatalf("reading %s: %v", pidFile, err)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("kill(%d, 0) = %v, want ESRCH: the agent's background process survived", pid, err)
	}
}
