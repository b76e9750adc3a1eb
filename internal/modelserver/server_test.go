package modelserver_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/modelserver"
)

// start serves script for the length of the test and fails the test if the
// server met an error.
func start(t *testing.T, script modelserver.Script) *modelserver.Server {
	t.Helper()
	srv, err := modelserver.Start(script)
	if err != nil {
		t.Fatalf("starting server: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("server: %v", err)
		}
	})
	return srv
}

// conversation is a Messages API request body after the given number of
// assistant turns, shaped as the CLI shapes it: the working directory in a
// system message, the tool result of the previous turn in the last message.
func conversation(workDir string, turns int, stream bool) string {
	msgs := []map[string]any{
		{"role": "user", "content": []any{map[string]any{"type": "text", "text": "port it"}}},
		{"role": "system", "content": []any{map[string]any{"type": "text", "text": "# Environment\n - Primary working directory: " + workDir + "\n - Is a git repository: false"}}},
	}
	for i := range turns {
		id := fmt.Sprintf("toolu_%d", i)
		msgs = append(msgs,
			map[string]any{"role": "assistant", "content": []any{map[string]any{"type": "tool_use", "id": id, "name": "Write", "input": map[string]any{}}}},
			map[string]any{"role": "user", "content": []any{map[string]any{"type": "tool_result", "tool_use_id": id, "is_error": true, "content": "denied"}}},
		)
	}
	body, _ := json.Marshal(map[string]any{
		"model": "claude-sonnet-5-5", "stream": stream, "max_tokens": 1000, "messages": msgs,
		"system": []any{map[string]any{"type": "text", "text": "You are a coding agent."}},
		"tools":  []any{map[string]any{"name": "Write"}, map[string]any{"name": "Read"}},
	})
	return string(body)
}

func post(t *testing.T, srv *modelserver.Server, body string) *http.Response {
	t.Helper()
	resp, err := http.Post(srv.URL()+"/v1/messages?beta=true", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("posting: %v", err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// sse reads a server-sent event stream into its event names and data.
func sse(t *testing.T, r io.Reader) (names []string, data []map[string]any) {
	t.Helper()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			names = append(names, strings.TrimPrefix(line, "event: "))
		case strings.HasPrefix(line, "data: "):
			var d map[string]any
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &d); err != nil {
				t.Fatalf("event data %q: %v", line, err)
			}
			data = append(data, d)
		}
	}
	if len(names) != len(data) {
		t.Fatalf("%d event lines but %d data lines", len(names), len(data))
	}
	return names, data
}

func TestAStreamedToolCallComesInTheOrderTheCLINeeds(t *testing.T) {
	content := strings.Repeat("public sealed class Hello { } // ünïcödé\n", 3)
	srv := start(t, modelserver.Script{Turns: []modelserver.Turn{{
		Text:    "Writing it.",
		ToolUse: &modelserver.ToolUse{Name: "Write", Input: map[string]any{"file_path": "{{.WorkDir}}/Hello.cs", "content": content}},
		Usage:   modelserver.Usage{InputTokens: 1234, OutputTokens: 56},
	}}})
	resp := post(t, srv, conversation("/work/batch 44", 0, true))
	if got := resp.Header.Get("Content-Type"); got != "text/event-stream" {
		t.Errorf("Content-Type = %q, want text/event-stream", got)
	}
	names, data := sse(t, resp.Body)

	var order []string // event names, a run of deltas counted as one
	text, input := "", ""
	for i, n := range names {
		if n != data[i]["type"] {
			t.Errorf("event %d is %q but its data says %q", i, n, data[i]["type"])
		}
		if n != "content_block_delta" || order[len(order)-1] != n {
			order = append(order, n)
		}
		if d, ok := data[i]["delta"].(map[string]any); ok && n == "content_block_delta" {
			if s, ok := d["text"].(string); ok {
				text += s
			}
			if s, ok := d["partial_json"].(string); ok {
				input += s
			}
		}
	}
	wantOrder := []string{
		"message_start",
		"content_block_start", "content_block_delta", "content_block_stop",
		"content_block_start", "content_block_delta", "content_block_stop",
		"message_delta", "message_stop",
	}
	if diff := cmp.Diff(wantOrder, order); diff != "" {
		t.Errorf("event order (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(text, "Writing it.") {
		t.Errorf("text deltas join to %q, want it to start with %q", text, "Writing it.")
	}
	var gotInput map[string]any
	if err := json.Unmarshal([]byte(input), &gotInput); err != nil {
		t.Fatalf("input_json_delta pieces join to %q: %v", input, err)
	}
	wantInput := map[string]any{"file_path": "/work/batch 44/Hello.cs", "content": content}
	if diff := cmp.Diff(wantInput, gotInput); diff != "" {
		t.Errorf("tool input (-want +got):\n%s", diff)
	}
	last := data[len(data)-2]
	wantDelta := map[string]any{
		"type":  "message_delta",
		"delta": map[string]any{"stop_reason": "tool_use", "stop_sequence": nil},
		"usage": map[string]any{"output_tokens": 56.0},
	}
	if diff := cmp.Diff(wantDelta, last); diff != "" {
		t.Errorf("message_delta (-want +got):\n%s", diff)
	}
	usage := data[0]["message"].(map[string]any)["usage"].(map[string]any)
	if usage["input_tokens"] != 1234.0 {
		t.Errorf("message_start usage = %v, want input_tokens 1234", usage)
	}
}

func TestARequestWithoutStreamGetsOneWholeMessage(t *testing.T) {
	srv := start(t, modelserver.Script{Turns: []modelserver.Turn{{Text: "All ported."}}})
	resp := post(t, srv, conversation("/w", 0, false))
	var got map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("decoding reply: %v", err)
	}
	want := map[string]any{
		"id": "msg_0000", "type": "message", "role": "assistant", "model": "claude-sonnet-5-5",
		"content":     []any{map[string]any{"type": "text", "text": "All ported."}},
		"stop_reason": "end_turn", "stop_sequence": nil,
		"usage": map[string]any{
			"input_tokens":                float64(modelserver.DefaultUsage.InputTokens),
			"output_tokens":               float64(modelserver.DefaultUsage.OutputTokens),
			"cache_creation_input_tokens": 0.0, "cache_read_input_tokens": 0.0,
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reply (-want +got):\n%s", diff)
	}
}

func TestTheServerRecordsWhatEachRequestCarried(t *testing.T) {
	srv := start(t, modelserver.Script{Turns: []modelserver.Turn{{Text: "done"}}})
	// Read whole, as the CLI does: a reply reports its usage once sent.
	io.ReadAll(post(t, srv, conversation("/work/wt-44", 0, true)).Body)
	io.ReadAll(post(t, srv, conversation("/work/wt-44", 1, false)).Body)

	got := srv.Requests()
	for i := range got {
		if len(got[i].Body) == 0 {
			t.Errorf("request %d: raw body not kept", i)
		}
		got[i].Body = nil
	}
	want := []modelserver.Request{
		{Model: "claude-sonnet-5-5", Stream: true, WorkDir: "/work/wt-44", Prompt: "port it", Turn: 0, Tools: []string{"Write", "Read"},
			Reported: modelserver.DefaultUsage},
		{Model: "claude-sonnet-5-5", Stream: false, WorkDir: "/work/wt-44", Prompt: "port it", Turn: 1, Tools: []string{"Write", "Read"},
			ToolResults: []modelserver.ToolResult{{ToolUseID: "toolu_0", IsError: true, Content: "denied"}}, Reported: modelserver.DefaultUsage},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestTheWorkDirIsAlsoReadFromABareSystemPrompt(t *testing.T) {
	srv := start(t, modelserver.Script{Turns: []modelserver.Turn{{Text: "{{.WorkDir}}"}}})
	body := `{"model":"m","stream":false,"system":"You are Claude Code.\nCWD: /work/bare\nDate: today","messages":[{"role":"user","content":"hi"}]}`
	var got struct {
		Content []struct{ Text string } `json:"content"`
	}
	if err := json.NewDecoder(post(t, srv, body).Body).Decode(&got); err != nil {
		t.Fatalf("decoding reply: %v", err)
	}
	if len(got.Content) != 1 || got.Content[0].Text != "/work/bare" {
		t.Errorf("reply content = %+v, want the text /work/bare", got.Content)
	}
}

func TestPathsOtherThanMessagesGetNotFoundAndAreNotRecorded(t *testing.T) {
	srv := start(t, modelserver.Script{Turns: []modelserver.Turn{{Text: "done"}}})
	for _, c := range []struct{ method, path string }{
		{http.MethodHead, "/"},
		{http.MethodHead, "/api/hello"},
		{http.MethodGet, "/v1/messages"},
		{http.MethodPost, "/v1/messages/count_tokens"},
	} {
		req, _ := http.NewRequest(c.method, srv.URL()+c.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", c.method, c.path, err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 4 {
			t.Errorf("%s %s: status %d, want a 4xx", c.method, c.path, resp.StatusCode)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("recorded %d requests, want none", n)
	}
}

func TestCloseReportsARequestTheServerCouldNotRead(t *testing.T) {
	srv, err := modelserver.Start(modelserver.Script{Turns: []modelserver.Turn{{Text: "done"}}})
	if err != nil {
		t.Fatal(err)
	}
	resp := post(t, srv, `{"messages": 7}`)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status %d, want 400", resp.StatusCode)
	}
	err = srv.Close()
	if err == nil || !strings.Contains(err.Error(), "decoding request") {
		t.Errorf("Close() = %v, want a decoding error", err)
	}
}

// An error with Times fails that many requests for its turn, then the turn
// is answered: an API that recovers.
func TestAnErrorWithTimesFailsThatManyRequestsThenAnswers(t *testing.T) {
	srv := start(t, modelserver.Script{Turns: []modelserver.Turn{{Text: "Back.",
		Error: &modelserver.APIError{Status: 500, Type: "api_error", Message: "Internal", Times: 2}}}})
	var got []int
	for range 3 {
		got = append(got, post(t, srv, conversation("/w", 0, false)).StatusCode)
	}
	if want := []int{500, 500, 200}; !cmp.Equal(want, got) {
		t.Errorf("statuses %v, want %v", got, want)
	}
}

// A held request waits, unanswered, until Release sheds it with a 529; a
// request answered before reports its usage, the held one none.
func TestHoldKeepsRequestsUnansweredUntilRelease(t *testing.T) {
	srv := start(t, modelserver.Script{Turns: []modelserver.Turn{{Text: "done"}}})
	post(t, srv, conversation("/w", 0, false))
	srv.Hold()
	status := make(chan int, 1)
	go func() {
		resp, err := http.Post(srv.URL()+"/v1/messages", "application/json", strings.NewReader(conversation("/w", 0, false)))
		if err != nil {
			status <- 0
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	for len(srv.Requests()) < 2 {
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case s := <-status:
		t.Fatalf("the held request was answered with %d", s)
	case <-time.After(50 * time.Millisecond):
	}
	srv.Release()
	if s := <-status; s != 529 {
		t.Errorf("the released request got %d, want 529", s)
	}
	got := srv.Requests()
	if got[0].Reported != modelserver.DefaultUsage || got[1].Reported != (modelserver.Usage{}) {
		t.Errorf("reported usage %+v and %+v", got[0].Reported, got[1].Reported)
	}
}
