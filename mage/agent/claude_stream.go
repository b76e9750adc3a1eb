package agent

import (
	"encoding/json"
	"fmt"
	"strings"
)

// claudeStream folds Claude Code's stream-json events, one per line, into a
// Result and Progress events. It tolerates what it does not know: unknown
// event types are skipped, lines that are not JSON objects are counted.
type claudeStream struct {
	req   Request
	ev    Events
	res   Result
	model string // for pricing the usage of a run cut short

	sawResult      bool
	terminalReason string
	messages       map[string]bool // assistant message IDs seen: one per turn
	// seen adds up the usage of the model's messages: all a killed run
	// leaves, since only the result carries totals. byMessage holds each
	// message's latest figures: an assistant event carries the usage of
	// the reply's start (one output token), the message_delta stream
	// event (--include-partial-messages) its final output count.
	seen         Usage
	byMessage    map[string]Usage
	current      string          // the message the stream events are about
	calls        map[string]int  // tool_use ID -> index in res.ToolCalls
	denied       map[string]bool // denials already recorded, by key
	writesDenied []string
	lastTool     string
}

func newClaudeStream(req Request, ev Events) *claudeStream {
	return &claudeStream{req: req, ev: ev, model: DefaultClaudeModel, byMessage: map[string]Usage{},
		messages: map[string]bool{}, calls: map[string]int{}, denied: map[string]bool{}}
}

// claudeEvent is the union of the fields of the events the adapter reads.
type claudeEvent struct {
	Type      string `json:"type"`
	Subtype   string `json:"subtype"`
	SessionID string `json:"session_id"`

	Message *struct {
		ID      string        `json:"id"`
		Model   string        `json:"model"`
		Content []claudeBlock `json:"content"`
		Usage   *claudeUsage  `json:"usage"`
	} `json:"message"`

	// result
	IsError           bool            `json:"is_error"`
	NumTurns          int             `json:"num_turns"`
	TotalCostUSD      float64         `json:"total_cost_usd"`
	Usage             *claudeUsage    `json:"usage"`
	Result            string          `json:"result"`
	TerminalReason    string          `json:"terminal_reason"`
	PermissionDenials []claudeDenial  `json:"permission_denials"`
	Errors            json.RawMessage `json:"errors"`
	APIErrorStatus    int             `json:"api_error_status"`

	// system/permission_denied
	claudeDenial

	// stream_event (--include-partial-messages)
	Event *claudeStreamEvent `json:"event"`

	// system/api_retry
	RetryAttempt int             `json:"attempt"`
	MaxRetries   int             `json:"max_retries"`
	ErrorStatus  int             `json:"error_status"`
	Error        json.RawMessage `json:"error"`
}

type claudeBlock struct {
	Type      string          `json:"type"`
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Input     json.RawMessage `json:"input"`
	Text      string          `json:"text"`
	ToolUseID string          `json:"tool_use_id"`
	IsError   bool            `json:"is_error"`
}

type claudeUsage struct {
	InputTokens              int64 `json:"input_tokens"`
	OutputTokens             int64 `json:"output_tokens"`
	CacheReadInputTokens     int64 `json:"cache_read_input_tokens"`
	CacheCreationInputTokens int64 `json:"cache_creation_input_tokens"`
}

type claudeDenial struct {
	ToolName  string          `json:"tool_name"`
	ToolUseID string          `json:"tool_use_id"`
	ToolInput json.RawMessage `json:"tool_input"`
}

// writeTools are the tools whose denial means the agent could not do its
// job: a run with such a denial failed, whatever its exit code.
var writeTools = map[string]bool{"Write": true, "Edit": true, "MultiEdit": true, "NotebookEdit": true}

func (s *claudeStream) line(b []byte) {
	if len(strings.TrimSpace(string(b))) == 0 {
		return
	}
	var e claudeEvent
	if b[0] != '{' || json.Unmarshal(b, &e) != nil || e.Type == "" {
		s.res.Malformed++
		return
	}
	if e.SessionID != "" {
		s.res.SessionID = e.SessionID
	}
	switch {
	case e.Type == "assistant" && e.Message != nil:
		s.assistant(e)
	case e.Type == "user" && e.Message != nil:
		for _, b := range e.Message.Content {
			if i, ok := s.calls[b.ToolUseID]; ok && b.Type == "tool_result" && b.IsError {
				s.res.ToolCalls[i].Failed = true
			}
		}
	case e.Type == "system" && e.Subtype == "api_retry":
		s.res.Retries++
		s.res.APIRetries = append(s.res.APIRetries, retryDetail(e))
		s.progress()
	case e.Type == "system" && e.Subtype == "permission_denied":
		s.deny(e.claudeDenial)
	case e.Type == "result":
		s.result(e)
	case e.Type == "stream_event" && e.Event != nil:
		s.streamEvent(*e.Event)
	}
}

// claudeStreamEvent is a raw API stream event the CLI passes on with
// --include-partial-messages; only the usage is read from it.
type claudeStreamEvent struct {
	Type    string `json:"type"`
	Message *struct {
		ID    string       `json:"id"`
		Usage *claudeUsage `json:"usage"`
	} `json:"message"`
	Usage *claudeUsage `json:"usage"`
}

func (s *claudeStream) streamEvent(e claudeStreamEvent) {
	switch {
	case e.Type == "message_start" && e.Message != nil:
		s.current = e.Message.ID
		if e.Message.Usage != nil {
			s.usage(s.current, *e.Message.Usage, false)
		}
	case e.Type == "message_delta" && e.Usage != nil && s.current != "":
		s.usage(s.current, *e.Usage, true)
		s.progress()
	}
}

// usage records the figures one message reported. A message_delta's
// output count is the message's final one; other figures only grow.
func (s *claudeStream) usage(id string, u claudeUsage, final bool) {
	old := s.byMessage[id]
	now := Usage{Input: max(old.Input, u.InputTokens), Output: max(old.Output, u.OutputTokens),
		CacheRead: max(old.CacheRead, u.CacheReadInputTokens), CacheCreation: max(old.CacheCreation, u.CacheCreationInputTokens)}
	if final {
		now.Output = u.OutputTokens
	}
	s.byMessage[id] = now
	s.seen.Input += now.Input - old.Input
	s.seen.Output += now.Output - old.Output
	s.seen.CacheRead += now.CacheRead - old.CacheRead
	s.seen.CacheCreation += now.CacheCreation - old.CacheCreation
}

func (s *claudeStream) assistant(e claudeEvent) {
	// The CLI emits one event per content block, all with the message's ID.
	if id := e.Message.ID; id == "" || !s.messages[id] {
		s.messages[id] = true
		s.res.Turns++
	}
	if e.Message.Model != "" {
		s.model = e.Message.Model // priced as the model that answered
	}
	if u := e.Message.Usage; u != nil {
		s.usage(e.Message.ID, *u, false)
	}
	for _, b := range e.Message.Content {
		switch b.Type {
		case "tool_use":
			call := ToolCall{Name: b.Name, Input: summarize(b.Input, s.req.Dir)}
			s.calls[b.ID] = len(s.res.ToolCalls)
			s.res.ToolCalls = append(s.res.ToolCalls, call)
			s.lastTool = strings.TrimSpace(call.Name + " " + call.Input)
		case "text":
			if t := strings.TrimSpace(b.Text); t != "" {
				s.res.Text = t
			}
		}
	}
	s.progress()
}

func (s *claudeStream) result(e claudeEvent) {
	s.sawResult, s.res.SawResult = true, true
	s.res.IsError = e.IsError
	s.res.Subtype = e.Subtype
	s.terminalReason = e.TerminalReason
	if e.NumTurns > 0 {
		s.res.Turns = e.NumTurns
	}
	s.res.CostUSD = e.TotalCostUSD
	if u := e.Usage; u != nil {
		s.res.Usage = Usage{Input: u.InputTokens, Output: u.OutputTokens,
			CacheRead: u.CacheReadInputTokens, CacheCreation: u.CacheCreationInputTokens}
	}
	if e.Result != "" {
		s.res.Text = e.Result
	}
	s.res.Errors = append(s.res.Errors, messages(e.Errors)...)
	s.res.APIErrorStatus = e.APIErrorStatus
	for _, d := range e.PermissionDenials {
		s.deny(d)
	}
	s.progress()
}

// deny records a denial once, whether it came as a system event, in the
// result's permission_denials, or both.
func (s *claudeStream) deny(d claudeDenial) {
	name := d.ToolName
	if i, ok := s.calls[d.ToolUseID]; ok {
		s.res.ToolCalls[i].Failed = true
		if name == "" {
			name = s.res.ToolCalls[i].Name
		}
	}
	what := strings.TrimSpace(name + " " + summarize(d.ToolInput, s.req.Dir))
	key := d.ToolUseID
	if key == "" {
		key = what
	}
	if s.denied[key] {
		return
	}
	s.denied[key] = true
	s.res.Denials = append(s.res.Denials, what)
	if writeTools[name] {
		s.writesDenied = append(s.writesDenied, what)
	}
}

func (s *claudeStream) progress() {
	s.ev.OnAgentEvent(Progress{Batch: s.req.Batch, Attempt: s.req.Attempt, Turns: s.res.Turns,
		CostUSD: s.res.CostUSD, EstimatedUSD: estimateCost(s.model, s.seen), LastTool: s.lastTool,
		Retries: s.res.Retries, Usage: s.seen})
}

// failure says why the stream, read to its end, is a failed run, or "".
func (s *claudeStream) failure() string {
	r := s.res
	switch {
	case !s.sawResult:
		return "stream ended without a result"
	case r.IsError || r.Subtype != "success":
		reason := "result " + r.Subtype
		if r.IsError {
			reason += " with is_error"
		}
		if s.terminalReason != "" {
			reason += " (terminal_reason " + s.terminalReason + ")"
		}
		if len(r.Errors) > 0 {
			reason += ": " + r.Errors[0]
		} else if r.Text != "" {
			reason += ": " + r.Text
		}
		return reason
	case len(s.writesDenied) > 0:
		return fmt.Sprintf("writes denied (%d): %s", len(s.writesDenied), strings.Join(s.writesDenied, ", "))
	}
	return ""
}

// messages reads an "errors" field: a list of strings, or of objects with a
// message.
func messages(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return []string{string(raw)}
	}
	var out []string
	for _, item := range list {
		var s string
		var obj struct {
			Message string `json:"message"`
			Error   string `json:"error"`
		}
		switch {
		case json.Unmarshal(item, &s) == nil:
		case json.Unmarshal(item, &obj) == nil && (obj.Message != "" || obj.Error != ""):
			s = obj.Message + obj.Error
		default:
			s = string(item)
		}
		out = append(out, s)
	}
	return out
}

// retryDetail is one line about an api_retry event: which retry, the HTTP
// status and the error, as far as the event says.
func retryDetail(e claudeEvent) string {
	var b strings.Builder
	if e.RetryAttempt > 0 {
		fmt.Fprintf(&b, "attempt %d", e.RetryAttempt)
		if e.MaxRetries > 0 {
			fmt.Fprintf(&b, "/%d", e.MaxRetries)
		}
		b.WriteString(": ")
	}
	if e.ErrorStatus > 0 {
		fmt.Fprintf(&b, "%d ", e.ErrorStatus)
	}
	if msg := messages(json.RawMessage("[" + string(orNull(e.Error)) + "]")); len(msg) > 0 && msg[0] != "null" {
		b.WriteString(msg[0])
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(b.String()), ":"))
}

func orNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	return raw
}

// unfinished fills in what a run that ended without a result event (killed,
// timed out, crashed) cost, from the usage its messages reported, priced
// at the model's list price: an estimate, marked as one.
func (s *claudeStream) unfinished() {
	if s.sawResult || s.seen == (Usage{}) {
		return
	}
	s.res.Usage = s.seen
	s.res.CostUSD = estimateCost(s.model, s.seen)
	s.res.CostEstimated = true
}
