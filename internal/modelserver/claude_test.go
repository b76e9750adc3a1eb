package modelserver_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/modelserver"
)

// runTimeout bounds one run of the CLI; a scripted run takes a few seconds.
const runTimeout = 60 * time.Second

// claude returns the CLI's path, or ends the test: in CI, where the CLI is
// installed, its absence is a failure; elsewhere the test is skipped.
func claude(t *testing.T) string {
	t.Helper()
	path, err := modelserver.FindClaude()
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI must install the Claude Code CLI (%s): %v", modelserver.InstallHint, err)
	}
	t.Skipf("skipping: %v; install it with: %s", err, modelserver.InstallHint)
	return ""
}

// run is what a test reads from one run of the CLI.
type run struct {
	exit   int
	result result
	stdout string
	stderr string
}

// result is the part of the stream's last event the tests check.
type result struct {
	Type              string            `json:"type"`
	Subtype           string            `json:"subtype"`
	IsError           bool              `json:"is_error"`
	NumTurns          int               `json:"num_turns"`
	TotalCostUSD      float64           `json:"total_cost_usd"`
	PermissionDenials []json.RawMessage `json:"permission_denials"`
	Errors            []string          `json:"errors"`
	Usage             struct {
		InputTokens  int `json:"input_tokens"`
		OutputTokens int `json:"output_tokens"`
	} `json:"usage"`
}

// runClaude runs the CLI headless in dir against srv, the prompt on stdin,
// and kills its whole process group if it outlives runTimeout.
func runClaude(t *testing.T, bin string, srv *modelserver.Server, dir, prompt string, args ...string) run {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = srv.Env(t.TempDir(), t.TempDir())
	cmd.Stdin = strings.NewReader(prompt)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	r := run{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("claude did not finish within %s\nstdout:\n%s\nstderr:\n%s", runTimeout, r.stdout, r.stderr)
	case errors.As(err, &exit):
		r.exit = exit.ExitCode()
	case err != nil:
		t.Fatalf("running claude: %v", err)
	}
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var ev result
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Type == "result" {
			r.result = ev
		}
	}
	return r
}

// outcome is what one scenario checks, gathered from the CLI's exit, its
// result event, the server's record and the working directory.
type outcome struct {
	Exit         int
	Subtype      string
	IsError      bool
	NumTurns     int
	Errors       []string
	Denials      int
	Requests     int
	ToolErrors   int    // tool results the CLI sent back marked is_error
	File         string // Hello.cs in the working directory, "" if absent
	InputTokens  int
	OutputTokens int
}

func TestTheRealCLIFollowsAScriptedModel(t *testing.T) {
	bin := claude(t)
	const class = "namespace ZB.MOM.NatsNet.Server;\n\npublic sealed partial class Hello\n{\n    public string Greet() => \"hello\";\n}\n"
	write := &modelserver.ToolUse{Name: "Write", Input: map[string]any{"file_path": "{{.WorkDir}}/Hello.cs", "content": class}}
	read := &modelserver.ToolUse{Name: "Read", Input: map[string]any{"file_path": "{{.WorkDir}}/Hello.cs"}}
	tests := []struct {
		name           string
		turns          []modelserver.Turn
		permissionMode string // "" runs in the CLI's default mode
		maxTurns       int
		want           outcome
		wantCost       bool
	}{
		{
			name: "a scripted Write creates the C# file and the run succeeds",
			turns: []modelserver.Turn{
				{ToolUse: write, Usage: modelserver.Usage{InputTokens: 1200, OutputTokens: 80}},
				{Text: "Done.", Usage: modelserver.Usage{InputTokens: 1500, OutputTokens: 20}},
			},
			permissionMode: "acceptEdits", maxTurns: 4,
			want:     outcome{Subtype: "success", NumTurns: 2, Requests: 2, File: class, InputTokens: 2700, OutputTokens: 100},
			wantCost: true,
		},
		{
			// The tool that ran before the limit did run: the file is there.
			// num_turns counts the turn the limit refused.
			name:           "a model that never stops calling tools hits --max-turns",
			turns:          []modelserver.Turn{{ToolUse: write}, {ToolUse: read}},
			permissionMode: "acceptEdits", maxTurns: 2,
			want: outcome{Exit: 1, Subtype: "error_max_turns", IsError: true, NumTurns: 3,
				Errors: []string{"Reached maximum number of turns (2)"}, Requests: 2, File: class,
				InputTokens: 2 * modelserver.DefaultUsage.InputTokens, OutputTokens: 2 * modelserver.DefaultUsage.OutputTokens},
			wantCost: true,
		},
		{
			name:     "without acceptEdits the write is denied yet the CLI exits 0",
			turns:    []modelserver.Turn{{ToolUse: write}, {Text: "Could not write."}},
			maxTurns: 4,
			want: outcome{Subtype: "success", NumTurns: 2, Denials: 1, Requests: 2, ToolErrors: 1,
				InputTokens: 2 * modelserver.DefaultUsage.InputTokens, OutputTokens: 2 * modelserver.DefaultUsage.OutputTokens},
			wantCost: true,
		},
		{
			// With CLAUDE_CODE_MAX_RETRIES=0 there is no retry; the result
			// says success yet is_error, and only the exit code agrees.
			name:           "an overloaded API fails the run at once",
			turns:          []modelserver.Turn{{Error: &modelserver.APIError{Status: 529, Type: "overloaded_error", Message: "Overloaded"}}},
			permissionMode: "acceptEdits", maxTurns: 4,
			want: outcome{Exit: 1, Subtype: "success", IsError: true, NumTurns: 1, Requests: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := start(t, modelserver.Script{Turns: tt.turns})
			dir := t.TempDir()
			args := []string{"-p", "--model", "sonnet", "--output-format", "stream-json", "--verbose",
				"--max-turns", strconv.Itoa(tt.maxTurns)}
			if tt.permissionMode != "" {
				args = append(args, "--permission-mode", tt.permissionMode)
			}
			r := runClaude(t, bin, srv, dir, "Port Hello to C# in Hello.cs.", args...)

			got := outcome{
				Exit: r.exit, Subtype: r.result.Subtype, IsError: r.result.IsError, NumTurns: r.result.NumTurns,
				Errors: r.result.Errors, Denials: len(r.result.PermissionDenials), Requests: len(srv.Requests()),
				InputTokens: r.result.Usage.InputTokens, OutputTokens: r.result.Usage.OutputTokens,
			}
			for _, req := range srv.Requests() {
				for _, res := range req.ToolResults {
					if res.IsError {
						got.ToolErrors++
					}
				}
				if req.WorkDir != dir {
					t.Errorf("request %d: the CLI reported working directory %q, want %q", req.Turn, req.WorkDir, dir)
				}
				if !strings.HasPrefix(req.Model, "claude-sonnet") {
					t.Errorf("request %d: model %q, want a claude-sonnet model for --model sonnet", req.Turn, req.Model)
				}
			}
			if b, err := os.ReadFile(filepath.Join(dir, "Hello.cs")); err == nil {
				got.File = string(b)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s\nstdout:\n%s\nstderr:\n%s", diff, r.stdout, r.stderr)
			}
			if (r.result.TotalCostUSD > 0) != tt.wantCost {
				t.Errorf("total_cost_usd = %v, want it above zero: %v", r.result.TotalCostUSD, tt.wantCost)
			}
		})
	}
}

func TestFindClaudeTakesTheBinaryNamedInTheEnvironmentFirst(t *testing.T) {
	onPath := t.TempDir()
	fake := filepath.Join(onPath, "claude")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	named := filepath.Join(t.TempDir(), "claude-2.1.332")
	if err := os.WriteFile(named, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     string
		want    string
		wantErr string
	}{
		{"the variable wins over PATH", named, named, ""},
		{"without it PATH is searched", "", fake, ""},
		{"a variable naming nothing is an error, not a fallback", filepath.Join(onPath, "missing"), "", modelserver.ClaudeBinEnv},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PATH", onPath)
			t.Setenv(modelserver.ClaudeBinEnv, tt.env)
			got, err := modelserver.FindClaude()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("FindClaude() = %q, %v; want an error naming %s", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("FindClaude() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
