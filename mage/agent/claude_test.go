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

func TestClaudeParsesTurnsTokensCostToolCallsAndSession(t *testing.T) {
	t.Parallel()
	req := request(t, scripted(t,
		`{"usage": {"input_tokens": 100, "output_tokens": 50, "cache_read_input_tokens": 10,
		            "cache_creation_input_tokens": 5, "cost_usd": 0.25}}`,
		`{"write": {"path": "dotnet/Server/Monitor.cs", "content": "class Monitor { int Connz; }\n"}}`,
		`{"edit": {"path": "dotnet/Server/Monitor.cs", "old": "int Connz;", "new": "int Connz() => 1;"}}`,
		`{"read": {"path": "dotnet/Server/Monitor.cs"}}`,
		`{"text": "Ported 1 feature."}`))
	// Past Linux's 128 KiB limit on one argument: only stdin can carry it.
	req.Prompt = strings.Repeat("Port the batch. ", 200<<10/16)
	ev := &events{}
	res, err := agent.NewClaude(agent.ClaudeOptions{Binary: standin(), MaxTurns: 10}).Run(context.Background(), req, ev)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := agent.Result{
		Turns:   4,
		Usage:   agent.Usage{Input: 400, Output: 200, CacheRead: 40, CacheCreation: 20},
		CostUSD: 1.0,
		ToolCalls: []agent.ToolCall{
			{Name: "Write", Input: "dotnet/Server/Monitor.cs"},
			{Name: "Edit", Input: "dotnet/Server/Monitor.cs"},
			{Name: "Read", Input: "dotnet/Server/Monitor.cs"},
		},
		Subtype:   "success",
		Text:      "Ported 1 feature.",
		SawResult: true,
	}
	if diff := cmp.Diff(want, res, cmpopts.IgnoreFields(agent.Result{}, "SessionID", "Duration")); diff != "" {
		t.Errorf("Result (-want +got):\n%s", diff)
	}
	if res.SessionID == "" || !strings.Contains(readFile(t, req.LogPath), `"session_id":"`+res.SessionID+`"`) {
		t.Errorf("session ID %q is not the one in the stream", res.SessionID)
	}
	if got := readFile(t, filepath.Join(req.Dir, "dotnet/Server/Monitor.cs")); got != "class Monitor { int Connz() => 1; }\n" {
		t.Errorf("the agent's edits are not in the worktree: %q", got)
	}
	// Four turns of 100 input, 50 output, 10 cache-read and 5 cache-write
	// tokens at the price the CLI charges for sonnet: the running estimate.
	wantLast := agent.Progress{Batch: 44, Attempt: 1, Turns: 4, CostUSD: 1.0, LastTool: "Read dotnet/Server/Monitor.cs",
		Usage: agent.Usage{Input: 400, Output: 200, CacheRead: 40, CacheCreation: 20}, EstimatedUSD: (400*2 + 200*10 + 40*0.2 + 20*2.5) / 1e6}
	if diff := cmp.Diff(wantLast, ev.last(), cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("last progress (-want +got):\n%s", diff)
	}
	// Before the result, the live view has the estimate to show.
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if first := ev.seen[0]; first.CostUSD != 0 || first.EstimatedUSD <= 0 {
		t.Errorf("the first progress event carries cost %v and estimate %v, want no cost yet and an estimate", first.CostUSD, first.EstimatedUSD)
	}
}

func TestClaudeFailuresAreTypedAndKeepWhatWasParsed(t *testing.T) {
	t.Parallel()
	write := `{"write": {"path": "a.cs", "content": "class A {}\n"}}`
	tests := []struct {
		name       string
		opts       agent.ClaudeOptions
		steps      []string
		wantExit   int
		wantReason []string
		check      func(t *testing.T, res agent.Result, dir string)
	}{
		{
			name:       "exits non-zero without a result",
			steps:      []string{write, `{"stderr": "fatal: heap exhausted"}`, `{"exit": 3}`},
			wantExit:   3,
			wantReason: []string{"stream ended without a result", "exit code 3", "heap exhausted"},
			check: func(t *testing.T, res agent.Result, dir string) {
				if len(res.ToolCalls) != 1 || res.Turns != 1 {
					t.Errorf("the partial run was lost: %d tool calls, %d turns", len(res.ToolCalls), res.Turns)
				}
			},
		},
		{
			name: "is_error with exit 0",
			steps: []string{write, `{"result": {"is_error": true, "subtype": "success", "terminal_reason": "api_error",
				"result": "API Error: 500 Internal Server Error", "api_error_status": 500}, "exit": 0}`},
			wantExit:   0,
			wantReason: []string{"is_error", "api_error", "API Error: 500"},
			check:      wantIsError,
		},
		{
			name: "is_error with exit 1",
			steps: []string{`{"result": {"is_error": true, "subtype": "success", "terminal_reason": "api_error",
				"result": "Not logged in · Please run /login"}}`},
			wantExit:   1,
			wantReason: []string{"is_error", "Not logged in"},
			check:      wantIsError,
		},
		{
			name:       "a write outside the worktree denied, exit 0",
			steps:      []string{`{"write": {"path": "../a.cs", "content": "class A {}"}}`},
			wantExit:   0,
			wantReason: []string{"writes denied (1): Write"},
			check: func(t *testing.T, res agent.Result, dir string) {
				if len(res.Denials) != 1 || !strings.HasSuffix(res.Denials[0], "/a.cs") {
					t.Errorf("Denials = %q, want the write outside the worktree", res.Denials)
				}
				if _, err := os.Stat(filepath.Join(dir, "..", "a.cs")); err == nil {
					t.Error("the denied write happened")
				}
			},
		},
		{
			name:       "writes denied mid-run, exit 0",
			steps:      []string{write, `{"deny_writes": true}`, `{"edit": {"path": "a.cs", "old": "A", "new": "B"}}`},
			wantExit:   0,
			wantReason: []string{"writes denied (1): Edit a.cs"},
			check:      wantDenied("Edit a.cs"),
		},
		{
			name:       "max turns",
			opts:       agent.ClaudeOptions{MaxTurns: 2},
			steps:      []string{write, `{"write": {"path": "b.cs", "content": "b"}}`, `{"write": {"path": "c.cs", "content": "c"}}`},
			wantExit:   1,
			wantReason: []string{"error_max_turns", "Reached maximum number of turns (2)"},
			check: func(t *testing.T, res agent.Result, dir string) {
				if res.Subtype != "error_max_turns" || res.Turns != 3 {
					t.Errorf("subtype %q, %d turns; want error_max_turns, 3 turns (the CLI counts the refused one)", res.Subtype, res.Turns)
				}
				if diff := cmp.Diff([]string{"Reached maximum number of turns (2)"}, res.Errors); diff != "" {
					t.Errorf("Errors (-want +got):\n%s", diff)
				}
				if _, err := os.Stat(filepath.Join(dir, "b.cs")); err != nil {
					t.Errorf("a tool that ran before the limit did not: %v", err)
				}
				if _, err := os.Stat(filepath.Join(dir, "c.cs")); err == nil {
					t.Error("a tool past the limit ran")
				}
			},
		},
		{
			name:       "max budget",
			opts:       agent.ClaudeOptions{MaxBudgetUSD: 0.01},
			steps:      []string{write, write, write},
			wantExit:   1,
			wantReason: []string{"error_max_budget_usd"},
		},
		{
			name:       "success result but the process fails",
			steps:      []string{`{"text": "ok"}`, `{"result": {}, "exit": 2}`},
			wantExit:   2,
			wantReason: []string{"exit code 2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := request(t, scripted(t, tt.steps...))
			tt.opts.Binary = standin()
			res, err := agent.NewClaude(tt.opts).Run(context.Background(), req, nil)
			e := asError(t, err)
			if e.Kind != agent.Failed || !errors.Is(err, agent.ErrFailed) {
				t.Errorf("kind %v, want failed (err: %v)", e.Kind, err)
			}
			if errors.Is(err, agent.ErrNotInstalled) || errors.Is(err, agent.ErrTimeout) {
				t.Errorf("a failed run matched ErrNotInstalled or ErrTimeout: %v", err)
			}
			if res.ExitCode != tt.wantExit || e.ExitCode != tt.wantExit {
				t.Errorf("exit code %d (error says %d), want %d", res.ExitCode, e.ExitCode, tt.wantExit)
			}
			for _, w := range tt.wantReason {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if e.Log != req.LogPath {
				t.Errorf("error names log %q, want %q", e.Log, req.LogPath)
			}
			if tt.check != nil {
				tt.check(t, res, req.Dir)
			}
		})
	}
}

func wantIsError(t *testing.T, res agent.Result, _ string) {
	if !res.IsError || res.Subtype != "success" {
		t.Errorf("IsError %v, subtype %q; want true, success", res.IsError, res.Subtype)
	}
}

func wantDenied(what string) func(*testing.T, agent.Result, string) {
	return func(t *testing.T, res agent.Result, dir string) {
		if diff := cmp.Diff([]string{what}, res.Denials); diff != "" {
			t.Errorf("Denials (-want +got):\n%s", diff)
		}
		if res.IsError || res.Subtype != "success" {
			t.Errorf("the CLI's own verdict should be a success: IsError %v, subtype %q", res.IsError, res.Subtype)
		}
		if strings.HasPrefix(what, "Write") {
			if _, err := os.Stat(filepath.Join(dir, "a.cs")); err == nil {
				t.Error("a denied write happened")
			}
		}
	}
}

func TestClaudeAllowedToolsPermitWritesWithoutAcceptEdits(t *testing.T) {
	t.Parallel()
	req := request(t, scripted(t, `{"write": {"path": "a.cs", "content": "x"}}`))
	c := agent.NewClaude(agent.ClaudeOptions{Binary: standin(), PermissionMode: "default", AllowedTools: []string{"Read", "Write"}})
	res, err := c.Run(context.Background(), req, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(res.Denials) != 0 {
		t.Errorf("Denials = %v", res.Denials)
	}
}

func TestClaudeCountsGarbageLinesAndCarriesOn(t *testing.T) {
	t.Parallel()
	req := request(t, scripted(t, `{"garbage": "not json"}`, `{"write": {"path": "a.cs", "content": "x"}}`,
		`{"garbage": "{\"truncated\": "}`, `{"api_retry": {"error_status": 529, "error": "overloaded_error"}}`))
	res, err := agent.NewClaude(agent.ClaudeOptions{Binary: standin()}).Run(context.Background(), req, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Malformed != 2 || res.Retries != 1 || res.Turns != 2 {
		t.Errorf("Malformed %d, Retries %d, Turns %d; want 2, 1, 2", res.Malformed, res.Retries, res.Turns)
	}
	if log := readFile(t, req.LogPath); !strings.Contains(log, "not json\n") {
		t.Errorf("the garbage line is not in the log:\n%s", log)
	}
}

func TestClaudeLogHoldsTheRawStreamOfEveryAttempt(t *testing.T) {
	t.Parallel()
	req := request(t, scripted(t, `{"write": {"path": "a.cs", "content": "x"}}`, `{"stderr": "a warning"}`))
	c := agent.NewClaude(agent.ClaudeOptions{Binary: standin()})
	first, err := c.Run(context.Background(), req, nil)
	if err != nil {
		t.Fatalf("first attempt: %v", err)
	}
	req.Attempt, req.ResumeSession = 2, first.SessionID
	second, err := c.Run(context.Background(), req, nil)
	if err != nil {
		t.Fatalf("second attempt: %v", err)
	}
	if second.SessionID != first.SessionID {
		t.Errorf("the resumed attempt ran in session %q, want %q", second.SessionID, first.SessionID)
	}
	lines := strings.Split(strings.TrimSuffix(readFile(t, req.LogPath), "\n"), "\n")
	var results, inits, warnings int
	for _, l := range lines {
		switch {
		case strings.Contains(l, `"type":"result"`):
			results++
		case strings.Contains(l, `"subtype":"init"`):
			inits++
		case l == "a warning":
			warnings++
		case !strings.HasPrefix(l, "{"):
			t.Errorf("log line is neither an event nor stderr: %q", l)
		}
	}
	if results != 2 || inits != 2 || warnings != 2 {
		t.Errorf("log has %d results, %d inits, %d stderr lines; want 2 of each", results, inits, warnings)
	}
}

func TestClaudeNotInstalledIsNotAFailedRun(t *testing.T) {
	t.Parallel()
	req := request(t, nil)
	c := agent.NewClaude(agent.ClaudeOptions{Binary: filepath.Join(t.TempDir(), "claude")})
	res, err := c.Run(context.Background(), req, nil)
	e := asError(t, err)
	if e.Kind != agent.NotInstalled || !errors.Is(err, agent.ErrNotInstalled) || errors.Is(err, agent.ErrFailed) {
		t.Errorf("kind %v, err %v: want not installed", e.Kind, err)
	}
	if res.ExitCode != -1 {
		t.Errorf("exit code %d for a binary that never ran", res.ExitCode)
	}
	if err := c.Preflight(context.Background()); !errors.Is(err, agent.ErrNotInstalled) {
		t.Errorf("Preflight = %v, want not installed", err)
	}
}

func TestClaudeParsesEventsLongerThanAPipeBuffer(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("// a long generated file\n", 300<<10/25)
	req := request(t, scripted(t, `{"write": {"path": "Big.cs", "content": `+jsonString(big)+`}}`))
	res, err := agent.NewClaude(agent.ClaudeOptions{Binary: standin()}).Run(context.Background(), req, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Malformed != 0 || len(res.ToolCalls) != 1 || res.ToolCalls[0].Input != "Big.cs" {
		t.Errorf("Malformed %d, tool calls %v; want 0, [Write Big.cs]", res.Malformed, res.ToolCalls)
	}
	if got := readFile(t, filepath.Join(req.Dir, "Big.cs")); got != big {
		t.Errorf("Big.cs has %d bytes, want %d", len(got), len(big))
	}
}
