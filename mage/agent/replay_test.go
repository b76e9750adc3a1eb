package agent_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"portwave/mage/agent"
)

const replaySession = "9f1c2b7e-4d3a-4c55-a0de-2b8c6f1e7a10"

// rec builds the lines of a recorded transcript in the CLI's shapes.
type rec struct{ lines []string }

func (r *rec) add(event map[string]any) *rec {
	event["session_id"] = replaySession
	b, err := json.Marshal(event)
	if err != nil {
		panic(err)
	}
	r.lines = append(r.lines, string(b))
	return r
}

func (r *rec) init() *rec {
	return r.add(map[string]any{"type": "system", "subtype": "init", "cwd": "/recorded/worktree",
		"model": "claude-sonnet-5-5", "permissionMode": "acceptEdits", "tools": []string{"Read", "Edit", "Write"}})
}

// tool records one turn that calls a tool, and the tool's recorded result.
func (r *rec) tool(turn int, name string, input map[string]any) *rec {
	id := fmt.Sprintf("toolu_%02d", turn)
	r.add(map[string]any{"type": "assistant", "message": map[string]any{"id": fmt.Sprintf("msg_%02d", turn),
		"role": "assistant", "content": []any{map[string]any{"type": "tool_use", "id": id, "name": name, "input": input}}}})
	return r.add(map[string]any{"type": "user", "message": map[string]any{"role": "user",
		"content": []any{map[string]any{"type": "tool_result", "tool_use_id": id, "content": "ok"}}}})
}

func (r *rec) text(turn int, s string) *rec {
	return r.add(map[string]any{"type": "assistant", "message": map[string]any{"id": fmt.Sprintf("msg_%02d", turn),
		"role": "assistant", "content": []any{map[string]any{"type": "text", "text": s}}}})
}

func (r *rec) result(turns int, isError bool) *rec { return r.resultSaying(turns, isError, "Ported.") }

func (r *rec) resultSaying(turns int, isError bool, text string) *rec {
	return r.add(map[string]any{"type": "result", "subtype": "success", "is_error": isError, "num_turns": turns,
		"total_cost_usd": 0.21, "duration_ms": 61000, "result": text,
		"usage": map[string]any{"input_tokens": 40, "output_tokens": 2100, "cache_read_input_tokens": 180000,
			"cache_creation_input_tokens": 6400}})
}

func (r *rec) String() string { return strings.Join(r.lines, "\n") + "\n" }

// portSteps edits, writes and multi-edits a.cs and b.cs.
func portSteps() *rec {
	return new(rec).init().
		tool(1, "Edit", map[string]any{"file_path": "src/a.cs", "old_string": "int X() { throw; }", "new_string": "int X() => 1;"}).
		tool(2, "Write", map[string]any{"file_path": "src/new/c.cs", "content": "class C {}\n"}).
		tool(3, "MultiEdit", map[string]any{"file_path": "/recorded/worktree/src/b.cs", "edits": []any{
			map[string]any{"old_string": "stub", "new_string": "done", "replace_all": true},
			map[string]any{"old_string": "class B", "new_string": "sealed class B"}}})
}

// portTranscript is portSteps and a successful end.
func portTranscript() *rec { return portSteps().text(4, "Ported.").result(4, false) }

// replayCase writes transcripts and a worktree with a.cs and b.cs.
func replayCase(t *testing.T, transcripts map[string]string) (agent.Request, string) {
	t.Helper()
	root := t.TempDir()
	dir, wt := filepath.Join(root, "transcripts"), filepath.Join(root, "worktree")
	for name, content := range map[string]string{
		filepath.Join(wt, "src/a.cs"): "class A { int X() { throw; } }\n",
		filepath.Join(wt, "src/b.cs"): "class B { stub; stub; }\n",
	} {
		writeFile(t, name, content)
	}
	for name, content := range transcripts {
		writeFile(t, filepath.Join(dir, name), content)
	}
	return agent.Request{Batch: 11, Attempt: 1, Dir: wt, LogPath: filepath.Join(root, "logs", "batch-11.log")}, dir
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReplayAppliesTheEditsAndReportsWhatTheClaudeAdapterWould(t *testing.T) {
	t.Parallel()
	script := portTranscript().String()
	req, dir := replayCase(t, map[string]string{"11-attempt-1.jsonl": script})
	ev := &events{}
	res, err := agent.NewReplay(agent.ReplayOptions{Dir: dir}).Run(context.Background(), req, ev)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	for path, want := range map[string]string{
		"src/a.cs":     "class A { int X() => 1; }\n",
		"src/b.cs":     "sealed class B { done; done; }\n",
		"src/new/c.cs": "class C {}\n",
	} {
		if got := readFile(t, filepath.Join(req.Dir, path)); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	want := agent.Result{Turns: 4, CostUSD: 0.21, SessionID: replaySession, Subtype: "success", Text: "Ported.", SawResult: true,
		Usage: agent.Usage{Input: 40, Output: 2100, CacheRead: 180000, CacheCreation: 6400},
		ToolCalls: []agent.ToolCall{{Name: "Edit", Input: "src/a.cs"}, {Name: "Write", Input: "src/new/c.cs"},
			{Name: "MultiEdit", Input: "/recorded/worktree/src/b.cs"}}}
	if diff := cmp.Diff(want, res, cmpopts.IgnoreFields(agent.Result{}, "Duration")); diff != "" {
		t.Errorf("Result (-want +got):\n%s", diff)
	}
	if got := readFile(t, req.LogPath); got != script {
		t.Errorf("the log does not hold the stream:\n%s", got)
	}

	// The claude adapter, reading the same stream from a CLI that prints it.
	bin := filepath.Join(t.TempDir(), "claude")
	writeFile(t, bin, "#!/bin/sh\ncat >/dev/null\nexec cat '"+filepath.Join(dir, "11-attempt-1.jsonl")+"'\n")
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	claudeEv := &events{}
	req.LogPath = ""
	claudeRes, err := agent.NewClaude(agent.ClaudeOptions{Binary: bin}).Run(context.Background(), req, claudeEv)
	if err != nil {
		t.Fatalf("claude Run: %v", err)
	}
	if diff := cmp.Diff(claudeRes, res, cmpopts.IgnoreFields(agent.Result{}, "Duration")); diff != "" {
		t.Errorf("Result (-claude +replay):\n%s", diff)
	}
	if diff := cmp.Diff(claudeEv.seen, ev.seen); diff != "" {
		t.Errorf("progress (-claude +replay):\n%s", diff)
	}
}

func TestReplayFailsLikeAnAgentWhoseEditDidNotApply(t *testing.T) {
	t.Parallel()
	outside := filepath.Join(t.TempDir(), "outside.cs")
	tests := []struct {
		name       string
		script     *rec
		link       string // a symbolic link src/link -> link, made first
		wantReason []string
		wantDenied bool
	}{
		{name: "old_string not in the file",
			script:     new(rec).init().tool(1, "Edit", map[string]any{"file_path": "src/a.cs", "old_string": "int Y() {\n throw; }", "new_string": "int Y() => 2;"}),
			wantReason: []string{"Edit src/a.cs", "old_string not found", `"int Y() {"`}},
		{name: "old_string twice without replace_all",
			script:     new(rec).init().tool(1, "Edit", map[string]any{"file_path": "src/b.cs", "old_string": "stub", "new_string": "done"}),
			wantReason: []string{"Edit src/b.cs", "found 2 times"}},
		{name: "file missing",
			script:     new(rec).init().tool(1, "Edit", map[string]any{"file_path": "src/z.cs", "old_string": "a", "new_string": "b"}),
			wantReason: []string{"Edit src/z.cs", "file does not exist"}},
		{name: "a multi-edit with one bad edit changes nothing",
			script: new(rec).init().tool(1, "MultiEdit", map[string]any{"file_path": "src/b.cs", "edits": []any{
				map[string]any{"old_string": "class B", "new_string": "class D"},
				map[string]any{"old_string": "missing", "new_string": "x"}}}),
			wantReason: []string{"MultiEdit src/b.cs", `"missing"`}},
		{name: "a path above the worktree",
			script:     new(rec).init().tool(1, "Write", map[string]any{"file_path": "../outside.cs", "content": "x"}),
			wantReason: []string{"Write ../outside.cs", "outside the worktree"}, wantDenied: true},
		{name: "an absolute path elsewhere",
			script:     new(rec).init().tool(1, "Write", map[string]any{"file_path": outside, "content": "x"}),
			wantReason: []string{"outside the worktree"}, wantDenied: true},
		{name: "a symbolic link out of the worktree",
			link:       filepath.Dir(outside),
			script:     new(rec).init().tool(1, "Write", map[string]any{"file_path": "src/link/outside.cs", "content": "x"}),
			wantReason: []string{"outside the worktree"}, wantDenied: true},
		{name: "a result with is_error",
			script:     portSteps().text(4, "Ported.").result(4, true),
			wantReason: []string{"is_error"}},
		{name: "no result",
			script:     new(rec).init().text(1, "Working on it"),
			wantReason: []string{"stream ended without a result"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			script := tt.script
			if !strings.Contains(script.String(), `"type":"result"`) && tt.name != "no result" {
				script = script.text(9, "Done.").result(2, false)
			}
			req, dir := replayCase(t, map[string]string{"11-attempt-1.jsonl": script.String()})
			before := readFile(t, filepath.Join(req.Dir, "src/b.cs"))
			if tt.link != "" {
				if err := os.Symlink(tt.link, filepath.Join(req.Dir, "src/link")); err != nil {
					t.Fatal(err)
				}
			}
			res, err := agent.NewReplay(agent.ReplayOptions{Dir: dir}).Run(context.Background(), req, nil)
			e := asError(t, err)
			if e.Kind != agent.Failed || !errors.Is(err, agent.ErrFailed) || e.Log != req.LogPath {
				t.Errorf("kind %v, log %q: want failed with the log", e.Kind, e.Log)
			}
			for _, want := range tt.wantReason {
				if !strings.Contains(e.Reason, want) {
					t.Errorf("reason %q does not say %q", e.Reason, want)
				}
			}
			if tt.name == "a result with is_error" {
				if got := readFile(t, filepath.Join(req.Dir, "src/a.cs")); got != "class A { int X() => 1; }\n" || !res.IsError {
					t.Errorf("the edits before the verdict were not applied, or IsError is unset: %q", got)
				}
				return
			}
			if _, err := os.Stat(outside); err == nil {
				t.Errorf("%s was written", outside)
			}
			if got := readFile(t, filepath.Join(req.Dir, "src/b.cs")); got != before {
				t.Errorf("src/b.cs changed to %q", got)
			}
			if tt.name != "no result" && (len(res.ToolCalls) != 1 || !res.ToolCalls[0].Failed) {
				t.Errorf("tool calls %+v, want the one call, failed", res.ToolCalls)
			}
			if got := len(res.Denials) > 0; got != tt.wantDenied {
				t.Errorf("denials %v, want some: %v", res.Denials, tt.wantDenied)
			}
			if log := readFile(t, req.LogPath); tt.name != "no result" && !strings.Contains(log, `"is_error":true`) {
				t.Errorf("the log does not show the failed tool call:\n%s", log)
			}
		})
	}
}
