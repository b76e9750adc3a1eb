package modelserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/modelserver"
)

func TestTheReplyIsTheTurnAfterTheAssistantMessagesSoFar(t *testing.T) {
	read := &modelserver.ToolUse{Name: "Read", Input: map[string]any{"file_path": "{{.WorkDir}}/A.cs"}}
	script := modelserver.Script{Turns: []modelserver.Turn{
		{ToolUse: read},
		{Text: "second"},
		{Text: "last, repeated"},
	}}
	srv := start(t, script)
	tests := []struct {
		name      string
		turns     int
		wantStop  string
		wantBlock map[string]any
	}{
		{"a new conversation gets the first turn", 0, "tool_use",
			map[string]any{"type": "tool_use", "id": "toolu_0000", "name": "Read", "input": map[string]any{"file_path": "/w/A.cs"}}},
		{"one assistant message in gets the second", 1, "end_turn", map[string]any{"type": "text", "text": "second"}},
		{"two in gets the third", 2, "end_turn", map[string]any{"type": "text", "text": "last, repeated"}},
		{"past the end the last turn repeats", 7, "end_turn", map[string]any{"type": "text", "text": "last, repeated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				StopReason string           `json:"stop_reason"`
				Content    []map[string]any `json:"content"`
			}
			if err := json.NewDecoder(post(t, srv, conversation("/w", tt.turns, false)).Body).Decode(&got); err != nil {
				t.Fatalf("decoding reply: %v", err)
			}
			if got.StopReason != tt.wantStop {
				t.Errorf("stop_reason = %q, want %q", got.StopReason, tt.wantStop)
			}
			if diff := cmp.Diff([]map[string]any{tt.wantBlock}, got.Content); diff != "" {
				t.Errorf("content (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAnErrorTurnFailsTheRequestWithItsStatus(t *testing.T) {
	srv := start(t, modelserver.Script{Turns: []modelserver.Turn{
		{Error: &modelserver.APIError{Status: 529, Type: "overloaded_error", Message: "Overloaded"}},
	}})
	resp := post(t, srv, conversation("/w", 0, true))
	if resp.StatusCode != 529 {
		t.Errorf("status %d, want 529", resp.StatusCode)
	}
	var got map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("decoding error reply: %v", err)
	}
	want := map[string]any{"type": "error", "error": map[string]any{"type": "overloaded_error", "message": "Overloaded"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error reply (-want +got):\n%s", diff)
	}
}

func TestStartRefusesAScriptItCannotServe(t *testing.T) {
	tests := []struct {
		name    string
		script  modelserver.Script
		wantErr string
	}{
		{"no turns", modelserver.Script{}, "script has no turns"},
		{"a text template that does not parse", modelserver.Script{Turns: []modelserver.Turn{{Text: "{{.WorkDir"}}}, "turn 0: text:"},
		{"a tool input naming an unknown variable", modelserver.Script{Turns: []modelserver.Turn{
			{Text: "ok"},
			{ToolUse: &modelserver.ToolUse{Name: "Write", Input: map[string]any{"file_path": "{{.Cwd}}/A.cs"}}},
		}}, "turn 1: Write input: file_path:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := modelserver.Start(tt.script)
			if err == nil {
				srv.Close()
				t.Fatalf("Start succeeded, want an error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Start error = %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
