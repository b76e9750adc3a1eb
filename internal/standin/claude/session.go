package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// session plays a script as one headless Claude Code run.
type session struct {
	opts   options
	cwd    string
	stdout io.Writer
	stderr io.Writer

	id         string
	model      string
	start      time.Time
	turns      int       // model turns taken
	perTurn    turnUsage // what the next turn costs
	total      turnUsage
	denyWrites bool
	denials    []denial
	finalText  string
	lastText   bool // the last turn was a text answer
}

type denial struct {
	ToolName  string         `json:"tool_name"`
	ToolUseID string         `json:"tool_use_id"`
	ToolInput map[string]any `json:"tool_input"`
}

func newSession(opts options, cwd string, stdout, stderr io.Writer) *session {
	s := &session{opts: opts, cwd: cwd, stdout: stdout, stderr: stderr,
		id: opts.resume, model: modelName(opts.model), start: time.Now(), perTurn: defaultUsage}
	if s.id == "" {
		s.id = newUUID()
	}
	return s
}

// modelName resolves the CLI's aliases as the real one does.
func modelName(alias string) string {
	switch alias {
	case "sonnet", "":
		return "claude-sonnet-5-5"
	case "opus":
		return "claude-opus-5-5"
	case "haiku":
		return "claude-haiku-5-5"
	}
	return alias
}

// play runs the steps and returns the exit code.
func (s *session) play(steps []step) int {
	s.emit(map[string]any{"type": "system", "subtype": "init", "cwd": s.cwd, "session_id": s.id,
		"tools": tools, "mcp_servers": []any{}, "model": s.model, "permissionMode": s.mode(),
		"slash_commands": []string{}, "apiKeySource": "none", "claude_code_version": version,
		"output_style": "default", "agents": []string{}, "uuid": newUUID()})
	for _, st := range steps {
		spawn, pidFile, _ := st.spawn()
		switch {
		case st.Usage != nil:
			s.perTurn = *st.Usage
		case st.Write != nil, st.Edit != nil, st.Read != nil:
			if code, done := s.toolTurn(st); done {
				return code
			}
		case st.Text != nil:
			if code, done := s.textTurn(*st.Text); done {
				return code
			}
		case st.Sleep != "":
			d, _ := time.ParseDuration(st.Sleep)
			time.Sleep(d)
		case st.Result != nil:
			return s.finish(st.Result, st.Exit)
		case st.Exit != nil:
			return *st.Exit
		case st.DenyWrites:
			s.denyWrites = true
		case spawn:
			if err := spawnChild(pidFile); err != nil {
				fmt.Fprintln(s.stderr, "Error: spawn_child:", err)
				return 1
			}
		case st.Garbage != nil:
			fmt.Fprintln(s.stdout, *st.Garbage)
		case st.Stderr != nil:
			fmt.Fprintln(s.stderr, *st.Stderr)
		case st.APIRetry != nil:
			s.emit(map[string]any{"type": "system", "subtype": "api_retry", "attempt": 1, "max_retries": 10,
				"retry_delay_ms": 500, "error_status": st.APIRetry.ErrorStatus, "error": st.APIRetry.Error,
				"session_id": s.id, "uuid": newUUID()})
		}
	}
	if !s.lastText {
		if code, done := s.textTurn("Done."); done {
			return code
		}
	}
	return s.finish(nil, nil)
}

// beginTurn counts a model turn, or ends the run when --max-turns or
// --max-budget-usd does not allow another one.
func (s *session) beginTurn() (int, bool) {
	if s.opts.maxTurns > 0 && s.turns >= s.opts.maxTurns {
		return s.end(resultEvent{Subtype: "error_max_turns", IsError: true, NumTurns: s.turns + 1,
			StopReason: "tool_use", TerminalReason: "max_turns",
			Errors: []string{fmt.Sprintf("Reached maximum number of turns (%d)", s.opts.maxTurns)}}, 1), true
	}
	if s.opts.maxBudgetUSD > 0 && s.total.CostUSD >= s.opts.maxBudgetUSD {
		return s.end(resultEvent{Subtype: "error_max_budget_usd", IsError: true, NumTurns: s.turns,
			StopReason: "tool_use", TerminalReason: "max_budget",
			Errors: []string{fmt.Sprintf("Reached maximum budget ($%g)", s.opts.maxBudgetUSD)}}, 1), true
	}
	s.turns++
	s.total.Input += s.perTurn.Input
	s.total.Output += s.perTurn.Output
	s.total.CacheRead += s.perTurn.CacheRead
	s.total.CacheCreation += s.perTurn.CacheCreation
	s.total.CostUSD += s.perTurn.CostUSD
	return 0, false
}

func (s *session) textTurn(text string) (int, bool) {
	if code, done := s.beginTurn(); done {
		return code, true
	}
	s.assistant(map[string]any{"type": "text", "text": text}, "end_turn")
	s.finalText, s.lastText = text, true
	return 0, false
}

// assistant emits one assistant message with one content block.
func (s *session) assistant(block map[string]any, stopReason any) {
	s.emit(map[string]any{"type": "assistant", "message": map[string]any{
		"id": "msg_" + randomHex(12), "type": "message", "role": "assistant", "model": s.model,
		"content": []any{block}, "stop_reason": stopReason, "stop_sequence": nil,
		"usage": usageJSON(s.perTurn)}, "parent_tool_use_id": nil, "session_id": s.id, "uuid": newUUID()})
}

// emit prints one stream-json event; other output formats print only the
// result.
func (s *session) emit(event any) {
	if s.opts.outputFormat != "stream-json" {
		return
	}
	b, err := json.Marshal(event)
	if err != nil {
		panic(err)
	}
	fmt.Fprintf(s.stdout, "%s\n", b)
}

func usageJSON(u turnUsage) map[string]any {
	return map[string]any{"input_tokens": u.Input, "cache_creation_input_tokens": u.CacheCreation,
		"cache_read_input_tokens": u.CacheRead, "output_tokens": u.Output,
		"server_tool_use": map[string]any{"web_search_requests": 0, "web_fetch_requests": 0},
		"service_tier":    "standard"}
}

// spawnChild leaves a process running in the stand-in's process group, as
// an agent's forgotten background job would.
func spawnChild(pidFile string) error {
	cmd := exec.Command("sleep", "300")
	if err := cmd.Start(); err != nil {
		return err
	}
	if pidFile != "" {
		return os.WriteFile(pidFile, fmt.Appendf(nil, "%d\n", cmd.Process.Pid), 0o644)
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func newUUID() string {
	h := randomHex(16)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
}
