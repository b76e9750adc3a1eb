package modelserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"portwave/internal/modelserver"
)

// chat builds a Messages API request body message by message, as the CLI
// sends it: prompts as user text, each tool call answered by a user message
// holding its tool_result.
type chat struct{ msgs []map[string]any }

func (c *chat) prompt(text string) *chat {
	c.msgs = append(c.msgs,
		map[string]any{"role": "user", "content": []any{
			map[string]any{"type": "text", "text": "<system-reminder>context</system-reminder>"},
			map[string]any{"type": "text", "text": text},
		}},
		map[string]any{"role": "system", "content": "Primary working directory: /w"})
	return c
}

// toolCall adds an assistant tool call and its result, which carries a
// reminder as text beside it, as the CLI sometimes sends.
func (c *chat) toolCall() *chat {
	id := fmt.Sprintf("toolu_%d", len(c.msgs))
	c.msgs = append(c.msgs,
		map[string]any{"role": "assistant", "content": []any{map[string]any{"type": "tool_use", "id": id, "name": "Read", "input": map[string]any{}}}},
		map[string]any{"role": "user", "content": []any{
			map[string]any{"type": "tool_result", "tool_use_id": id, "content": "file"},
			map[string]any{"type": "text", "text": "<system-reminder>batch 13 of the plan</system-reminder>"},
		}})
	return c
}

func (c *chat) answer(text string) *chat {
	c.msgs = append(c.msgs, map[string]any{"role": "assistant", "content": []any{map[string]any{"type": "text", "text": text}}})
	return c
}

func (c *chat) body() string {
	b, _ := json.Marshal(map[string]any{"model": "claude-sonnet-5-5", "stream": false, "max_tokens": 1000, "messages": c.msgs})
	return string(b)
}

// says is a one-turn script answering with text.
func says(text string) modelserver.Script {
	return modelserver.Script{Turns: []modelserver.Turn{{Text: text}}}
}

func TestEachConversationGetsTheScriptOfTheFirstRouteItsPromptMatches(t *testing.T) {
	srv, err := modelserver.StartRouted(
		modelserver.Route{Contains: []string{"batch 13 of", "This is attempt 2"}, Script: says("13, second attempt")},
		modelserver.Route{Contains: []string{"batch 13 of"}, Script: modelserver.Script{Turns: []modelserver.Turn{
			{Text: "13: reading"}, {Text: "13: editing"}, {Text: "13: done"}}}},
		modelserver.Route{Contains: []string{"batch 1 of"}, Script: says("1")},
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	const prompt13, retry13, prompt1 = "Your task is batch 13 of the porting plan.", "Your task is batch 13 of the porting plan.\nThis is attempt 2.", "Your task is batch 1 of the porting plan."
	first := func() *chat { return (&chat{}).prompt(prompt13) }
	tests := []struct {
		name       string
		chat       *chat
		wantText   string
		wantID     string
		wantPrompt string
		wantTurn   int
		wantRoute  int
	}{
		{"a new conversation starts its script", first(), "13: reading", "msg_0000", prompt13, 0, 1},
		{"tool results with reminder text beside them do not restart it", first().toolCall().toolCall(), "13: done", "msg_0002", prompt13, 2, 1},
		{"a later route matches only what the earlier ones did not", (&chat{}).prompt(prompt1), "1", "msg_0000", prompt1, 0, 2},
		{
			// The earlier conversation stays in the request; the new prompt
			// picks the route and its first turn, and the reply's id follows
			// every assistant message so far, so ids never repeat.
			"a resumed session with a new prompt starts the new script",
			first().toolCall().answer("13: done").prompt(retry13),
			"13, second attempt", "msg_0002", retry13, 0, 0,
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				ID      string `json:"id"`
				Content []struct {
					Text string `json:"text"`
				} `json:"content"`
			}
			if err := json.NewDecoder(post(t, srv, tt.chat.body()).Body).Decode(&got); err != nil {
				t.Fatalf("decoding reply: %v", err)
			}
			if len(got.Content) != 1 || got.Content[0].Text != tt.wantText || got.ID != tt.wantID {
				t.Errorf("reply %s %+v, want %s saying %q", got.ID, got.Content, tt.wantID, tt.wantText)
			}
			rec := srv.Requests()[i]
			wantPrompt := "<system-reminder>context</system-reminder>\n" + tt.wantPrompt
			if rec.Turn != tt.wantTurn || rec.Route != tt.wantRoute || rec.Prompt != wantPrompt {
				t.Errorf("recorded turn %d, route %d, prompt %q; want turn %d, route %d, prompt %q",
					rec.Turn, rec.Route, rec.Prompt, tt.wantTurn, tt.wantRoute, wantPrompt)
			}
		})
	}
}

func TestAPromptNoRouteMatchesFailsTheRequestAndIsReportedAtClose(t *testing.T) {
	srv, err := modelserver.StartRouted(modelserver.Route{Contains: []string{"batch 11 of"}, Script: says("11")})
	if err != nil {
		t.Fatal(err)
	}
	resp := post(t, srv, (&chat{}).prompt("Your task is batch 12 of the porting plan.").body())
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status %d, want 400", resp.StatusCode)
	}
	if got := srv.Requests(); len(got) != 1 || got[0].Route != -1 {
		t.Errorf("recorded %+v, want one request with route -1", got)
	}
	err = srv.Close()
	want := `no route matches the prompt "Your task is batch 12 of the porting plan."`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Close() = %v, want it to contain %s", err, want)
	}
}

func TestStartRoutedRefusesRoutesItCannotServe(t *testing.T) {
	tests := []struct {
		name    string
		routes  []modelserver.Route
		wantErr string
	}{
		{"no routes", nil, "no routes"},
		{"a route with no turns", []modelserver.Route{
			{Contains: []string{"batch 11 of"}, Script: says("11")},
			{Contains: []string{"batch 12 of"}},
		}, `checking the script of route 1 ["batch 12 of"]: script has no turns`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := modelserver.StartRouted(tt.routes...)
			if err == nil {
				srv.Close()
				t.Fatalf("StartRouted succeeded, want an error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("StartRouted error = %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
