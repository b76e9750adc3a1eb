package agent

import (
	"encoding/json"
	"strings"
)

// codexStream folds `codex exec --json` events (JSONL) into a Result:
// thread.started gives the session, turn.completed the usage, item.* the
// tool calls and the final message, turn.failed and error the errors.
type codexStream struct {
	req Request
	ev  Events
	res Result

	completed  int            // turns completed
	failedTurn bool           // the last turn event was turn.failed
	items      map[string]int // item ID -> index in res.ToolCalls
	lastTool   string
}

func newCodexStream(req Request, ev Events) *codexStream {
	return &codexStream{req: req, ev: ev, items: map[string]int{}}
}

type codexEvent struct {
	Type     string `json:"type"`
	ThreadID string `json:"thread_id"`
	Usage    *struct {
		InputTokens       int64 `json:"input_tokens"`
		CachedInputTokens int64 `json:"cached_input_tokens"`
		OutputTokens      int64 `json:"output_tokens"`
	} `json:"usage"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
	Message string     `json:"message"`
	Item    *codexItem `json:"item"`
}

type codexItem struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Text     string `json:"text"`
	Command  string `json:"command"`
	ExitCode *int   `json:"exit_code"`
	Status   string `json:"status"`
	Changes  []struct {
		Path string `json:"path"`
		Kind string `json:"kind"`
	} `json:"changes"`
	Server  string `json:"server"`
	Tool    string `json:"tool"`
	Query   string `json:"query"`
	Message string `json:"message"`
}

func (s *codexStream) line(b []byte) {
	if len(strings.TrimSpace(string(b))) == 0 {
		return
	}
	var e codexEvent
	if b[0] != '{' || json.Unmarshal(b, &e) != nil || e.Type == "" {
		s.res.Malformed++
		return
	}
	switch e.Type {
	case "thread.started":
		s.res.SessionID = e.ThreadID
	case "turn.completed":
		s.completed++
		s.failedTurn = false
		s.res.Turns++
		if u := e.Usage; u != nil {
			// OpenAI counts cached tokens inside input_tokens; Usage.Input
			// holds the uncached part, as Claude reports it.
			s.res.Usage.Input += u.InputTokens - u.CachedInputTokens
			s.res.Usage.CacheRead += u.CachedInputTokens
			s.res.Usage.Output += u.OutputTokens
		}
		s.progress()
	case "turn.failed":
		s.failedTurn = true
		s.res.Turns++
		s.res.IsError = true
		if e.Error != nil {
			s.res.Errors = append(s.res.Errors, e.Error.Message)
		}
		s.progress()
	case "error":
		s.res.Errors = append(s.res.Errors, e.Message)
	case "item.started", "item.updated", "item.completed":
		if e.Item != nil {
			s.item(e.Type, *e.Item)
		}
	}
}

func (s *codexStream) item(event string, it codexItem) {
	var call ToolCall
	switch it.Type {
	case "agent_message":
		if t := strings.TrimSpace(it.Text); t != "" {
			s.res.Text = t
		}
		return
	case "error":
		s.res.Errors = append(s.res.Errors, it.Message)
		return
	case "command_execution":
		call = ToolCall{Name: "command", Input: cut(it.Command)}
	case "file_change":
		var paths []string
		for _, c := range it.Changes {
			paths = append(paths, strings.TrimSpace(c.Kind+" "+relative(c.Path, s.req.Dir)))
		}
		call = ToolCall{Name: "file_change", Input: cut(strings.Join(paths, ", "))}
	case "mcp_tool_call":
		call = ToolCall{Name: it.Server + "." + it.Tool}
	case "web_search":
		call = ToolCall{Name: "web_search", Input: cut(it.Query)}
	default:
		return
	}
	call.Failed = it.Status == "failed" || (it.ExitCode != nil && *it.ExitCode != 0)
	if i, ok := s.items[it.ID]; ok && it.ID != "" {
		s.res.ToolCalls[i].Failed = call.Failed
		return
	}
	s.items[it.ID] = len(s.res.ToolCalls)
	s.res.ToolCalls = append(s.res.ToolCalls, call)
	s.lastTool = strings.TrimSpace(call.Name + " " + call.Input)
	s.progress()
}

func (s *codexStream) progress() {
	s.ev.OnAgentEvent(Progress{Batch: s.req.Batch, Attempt: s.req.Attempt, Turns: s.res.Turns,
		LastTool: s.lastTool})
}

// failure says why the stream, read to its end, is a failed run, or "".
func (s *codexStream) failure() string {
	switch {
	case s.failedTurn:
		return "turn failed: " + lastOr(s.res.Errors, "no message")
	case s.completed == 0:
		return "stream ended without a completed turn" + prefixed(": ", firstOr(s.res.Errors, ""))
	}
	return ""
}

func firstOr(list []string, def string) string {
	for _, s := range list {
		if s != "" {
			return s
		}
	}
	return def
}

func lastOr(list []string, def string) string {
	for i := len(list) - 1; i >= 0; i-- {
		if list[i] != "" {
			return list[i]
		}
	}
	return def
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}
