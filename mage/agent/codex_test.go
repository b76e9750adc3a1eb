package agent_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"portwave/mage/agent"
)

// fakeCodex is a codex stand-in: it records its arguments and its stdin,
// prints a recorded JSONL stream with WORKTREE replaced by its -C
// directory, and exits with $FAKE_CODEX_EXIT.
const fakeCodex = `#!/bin/sh
printf '%s\n' "$@" > "$FAKE_CODEX_ARGS"
cat > "$FAKE_CODEX_STDIN"
dir=
while [ $# -gt 0 ]; do [ "$1" = -C ] && dir=$2; shift; done
sed "s|WORKTREE|$dir|g" "$FAKE_CODEX_STREAM"
exit "${FAKE_CODEX_EXIT:-0}"
`

// codexRequest installs the fake codex and returns it with a request whose
// environment drives it.
func codexRequest(t *testing.T, fixture, exit string) (string, agent.Request, string, string) {
	t.Helper()
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "codex")
	if err := os.WriteFile(bin, []byte(fakeCodex), 0o755); err != nil {
		t.Fatal(err)
	}
	stream, err := filepath.Abs(filepath.Join("testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	args, stdin := filepath.Join(tmp, "args"), filepath.Join(tmp, "stdin")
	req := request(t, []string{"FAKE_CODEX_ARGS=" + args, "FAKE_CODEX_STDIN=" + stdin,
		"FAKE_CODEX_STREAM=" + stream, "FAKE_CODEX_EXIT=" + exit})
	return bin, req, args, stdin
}

func TestCodexParsesSessionUsageToolCallsAndMessage(t *testing.T) {
	t.Parallel()
	bin, req, argsFile, stdinFile := codexRequest(t, "codex-success.jsonl", "0")
	ev := &events{}
	res, err := agent.NewCodex(agent.CodexOptions{Binary: bin, Model: "gpt-5-codex"}).Run(context.Background(), req, ev)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := agent.Result{
		SessionID: "0199a213-81c0-7800-8aa1-bbab2a035a53",
		Turns:     1,
		Usage:     agent.Usage{Input: 1000, CacheRead: 200, Output: 345},
		ToolCalls: []agent.ToolCall{
			{Name: "command", Input: "bash -lc 'ls dotnet/Server'"},
			{Name: "command", Input: "bash -lc 'dotnet build'", Failed: true},
			{Name: "file_change", Input: "update dotnet/Server/Monitor.cs"},
		},
		Text: "Ported Server.Connz.",
	}
	if diff := cmp.Diff(want, res, cmpopts.IgnoreFields(agent.Result{}, "Duration")); diff != "" {
		t.Errorf("Result (-want +got):\n%s", diff)
	}
	wantArgs := []string{"exec", "--json", "-C", req.Dir, "-m", "gpt-5-codex", "-s", "workspace-write", req.Prompt}
	if diff := cmp.Diff(wantArgs, strings.Split(strings.TrimSuffix(readFile(t, argsFile), "\n"), "\n")); diff != "" {
		t.Errorf("codex arguments (-want +got):\n%s", diff)
	}
	if got := readFile(t, stdinFile); got != "" {
		t.Errorf("codex got %q on stdin, want nothing", got)
	}
	if got := ev.last().LastTool; got != "file_change update dotnet/Server/Monitor.cs" {
		t.Errorf("last progress tool = %q", got)
	}
}

func TestCodexSendsAPromptTooLongForAnArgumentOnStdin(t *testing.T) {
	t.Parallel()
	bin, req, argsFile, stdinFile := codexRequest(t, "codex-success.jsonl", "0")
	req.Prompt = strings.Repeat("p", 200<<10)
	if _, err := agent.NewCodex(agent.CodexOptions{Binary: bin}).Run(context.Background(), req, nil); err != nil {
		t.Fatalf("Run: %v", err)
	}
	args := strings.Split(strings.TrimSuffix(readFile(t, argsFile), "\n"), "\n")
	if last := args[len(args)-1]; last != "-" {
		t.Errorf("last argument = %.20q, want -", last)
	}
	if got := readFile(t, stdinFile); got != req.Prompt {
		t.Errorf("stdin carried %d bytes, want the %d-byte prompt", len(got), len(req.Prompt))
	}
}

func TestCodexFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, fixture, exit string
		wantReason          string
	}{
		{name: "turn failed", fixture: "codex-turn-failed.jsonl", exit: "1", wantReason: "turn failed: unexpected status 401 Unauthorized (exit code 1)"},
		{name: "turn failed, exit 0", fixture: "codex-turn-failed.jsonl", exit: "0", wantReason: "turn failed: unexpected status 401"},
		{name: "success stream, exit 1", fixture: "codex-success.jsonl", exit: "1", wantReason: "exit code 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bin, req, _, _ := codexRequest(t, tt.fixture, tt.exit)
			res, err := agent.NewCodex(agent.CodexOptions{Binary: bin}).Run(context.Background(), req, nil)
			e := asError(t, err)
			if e.Kind != agent.Failed || !errors.Is(err, agent.ErrFailed) {
				t.Errorf("kind %v, want failed", e.Kind)
			}
			if !strings.Contains(err.Error(), tt.wantReason) {
				t.Errorf("error %q does not say %q", err, tt.wantReason)
			}
			if res.SessionID == "" {
				t.Error("the session ID of a failed run was lost")
			}
		})
	}
}

func TestCodexStreamWithoutATurnIsAFailure(t *testing.T) {
	t.Parallel()
	bin, req, _, _ := codexRequest(t, "codex-turn-failed.jsonl", "0")
	// Keep only the first two lines: the thread starts, the turn never ends.
	short := filepath.Join(t.TempDir(), "short.jsonl")
	lines := strings.SplitAfter(readFile(t, filepath.Join("testdata", "codex-turn-failed.jsonl")), "\n")
	if err := os.WriteFile(short, []byte(strings.Join(lines[:2], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	req.Env = append(req.Env, "FAKE_CODEX_STREAM="+short)
	_, err := agent.NewCodex(agent.CodexOptions{Binary: bin}).Run(context.Background(), req, nil)
	if e := asError(t, err); e.Kind != agent.Failed || !strings.Contains(err.Error(), "without a completed turn") {
		t.Errorf("err = %v, want a failure for a stream without a completed turn", err)
	}
}
