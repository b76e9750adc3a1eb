package demo_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
)

// recorder writes one agent attempt in Claude Code's stream-json, with the
// event shapes and field order of the real CLI (2.1.332): system/init, one
// assistant event per content block, a user event per tool_result, and the
// result. It plays the tools on files, a map from worktree-relative paths to
// contents, so each tool result shows what the file held at that moment.
//
// Everything is derived from the seed, so a rerun writes the same bytes.
type recorder struct {
	// carried is what the session cost before this attempt: a resumed Claude
	// Code session reports its whole cost, not the attempt's. spent is the
	// session's total after it.
	carried, spent float64
	t              *testing.T
	files          map[string]string
	seed           string
	sessionID      string
	out            bytes.Buffer
	events         int

	turns      int
	total      tokens
	cached     int64 // tokens of the conversation already in the prompt cache
	fresh      int64 // tokens added since the last turn, written to the cache next
	durationMS int64
	lastText   string
}

type tokens struct{ input, output, cacheRead, cacheCreation int64 }

// The model's figures: the system prompt and tool definitions come from the
// cache of earlier sessions; prices are US dollars per million tokens.
const (
	recordedModel    = "claude-sonnet-5-5"
	recordedVersion  = "2.1.332"
	systemTokens     = 19_480
	priceInput       = 3.0
	priceOutput      = 15.0
	priceCacheRead   = 0.30
	priceCacheCreate = 3.75
)

// newRecorder starts a session: sessionSeed names it (a resumed attempt
// passes the first attempt's), seed varies the IDs of its events.
func newRecorder(t *testing.T, files map[string]string, sessionSeed, seed, cwd string, promptTokens int64) *recorder {
	r := &recorder{t: t, files: files, seed: seed, sessionID: uuidFrom(sessionSeed),
		cached: systemTokens, fresh: promptTokens}
	r.emit(initEvent{Type: "system", Subtype: "init", Cwd: cwd, SessionID: r.sessionID,
		Tools: []string{"Task", "Bash", "Glob", "Grep", "LS", "ExitPlanMode", "Read", "Edit",
			"MultiEdit", "Write", "NotebookEdit", "WebFetch", "TodoWrite", "WebSearch"},
		MCPServers: []string{}, Model: recordedModel, PermissionMode: "acceptEdits",
		SlashCommands: []string{"compact", "context", "cost", "init", "review"}, APIKeySource: "ANTHROPIC_API_KEY",
		Version: recordedVersion, OutputStyle: "default", Agents: []string{"general-purpose"}, UUID: r.uuid()})
	return r
}

// block is one content block of an assistant message; a tool call runs
// when the turn ends.
type block struct {
	Type  string `json:"type"`
	Text  string `json:"text,omitempty"`
	ID    string `json:"id,omitempty"`
	Name  string `json:"name,omitempty"`
	Input any    `json:"input,omitempty"`
}

func text(s string) block { return block{Type: "text", Text: s} }

func read(path string) block {
	return block{Type: "tool_use", Name: "Read", Input: readInput{FilePath: path}}
}

func edit(path, old, new string) block {
	return block{Type: "tool_use", Name: "Edit", Input: editInput{FilePath: path, OldString: old, NewString: new}}
}

type readInput struct {
	FilePath string `json:"file_path"`
}

type editInput struct {
	FilePath  string `json:"file_path"`
	OldString string `json:"old_string"`
	NewString string `json:"new_string"`
}

// turn records one model turn: the assistant's blocks, then the result of
// each tool call in it.
func (r *recorder) turn(blocks ...block) {
	r.turns++
	msgID := "msg_01" + r.id("message", r.turns)
	var out int64 = 720 // the model's thinking before it answers
	for i := range blocks {
		if blocks[i].Type == "tool_use" {
			blocks[i].ID = "toolu_01" + r.id("tool", r.turns*10+i)
		}
		b, _ := json.Marshal(blocks[i])
		out += estimate(string(b))
	}
	use := tokens{input: 4, output: out, cacheRead: r.cached, cacheCreation: r.fresh}
	r.cached += r.fresh + out
	r.fresh = 0
	r.total.add(use)
	r.durationMS += 1400 + out*18
	stop := "end_turn"
	if blocks[len(blocks)-1].Type == "tool_use" {
		stop = "tool_use"
	}
	for _, b := range blocks {
		r.emit(assistantEvent{Type: "assistant", Message: assistantMessage{ID: msgID, Type: "message",
			Role: "assistant", Model: recordedModel, Content: []block{b}, StopReason: stop, Usage: use.json()},
			SessionID: r.sessionID, UUID: r.uuid()})
		if b.Type == "text" {
			r.lastText = b.Text
		}
	}
	for _, b := range blocks {
		if b.Type == "tool_use" {
			content, detail := r.run(b)
			r.fresh += estimate(content)
			r.emit(userEvent{Type: "user", Message: userMessage{Role: "user",
				Content: []toolResult{{ToolUseID: b.ID, Type: "tool_result", Content: content}}},
				SessionID: r.sessionID, UUID: r.uuid(), ToolUseResult: detail})
		}
	}
}

// result ends the attempt with a success, as the CLI does when the model
// stops on its own.
func (r *recorder) result() []byte {
	cost := float64(r.total.input)*priceInput + float64(r.total.output)*priceOutput +
		float64(r.total.cacheRead)*priceCacheRead + float64(r.total.cacheCreation)*priceCacheCreate
	cost = float64(int64(cost+0.5))/1e6 + r.carried
	r.spent = cost
	r.emit(resultEvent{Type: "result", Subtype: "success", DurationMS: r.durationMS + 1830,
		DurationAPIMS: r.durationMS, NumTurns: r.turns, Result: r.lastText, StopReason: "end_turn",
		SessionID: r.sessionID, TotalCostUSD: cost, Usage: r.total.json(),
		ModelUsage: map[string]modelUsage{recordedModel: {InputTokens: r.total.input, OutputTokens: r.total.output,
			CacheReadInputTokens: r.total.cacheRead, CacheCreationInputTokens: r.total.cacheCreation,
			CostUSD: cost, ContextWindow: 200000, MaxOutputTokens: 64000}},
		PermissionDenials: []any{}, TerminalReason: "completed", UUID: r.uuid()})
	return r.out.Bytes()
}

// emit writes one event as the CLI does: one line of JSON, with <, > and &
// as they are.
func (r *recorder) emit(event any) {
	enc := json.NewEncoder(&r.out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(event); err != nil {
		r.t.Fatal(err)
	}
	r.events++
}

func (r *recorder) uuid() string { return uuidFrom(r.id("event", r.events)) }

// id derives the n-th identifier of a kind, in the base-62 alphabet of the
// API's message and tool IDs.
func (r *recorder) id(kind string, n int) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	sum := sha256.Sum256(fmt.Appendf(nil, "%s/%s/%d", r.seed, kind, n))
	b := make([]byte, 22)
	for i := range b {
		b[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return string(b)
}

func uuidFrom(seed string) string {
	h := sha256.Sum256([]byte(seed))
	x := hex.EncodeToString(h[:16])
	return x[:8] + "-" + x[8:12] + "-4" + x[13:16] + "-a" + x[17:20] + "-" + x[20:32]
}

// estimate counts tokens the usual rough way: four bytes each.
func estimate(s string) int64 { return int64(len(s)+3) / 4 }

func (t *tokens) add(u tokens) {
	t.input += u.input
	t.output += u.output
	t.cacheRead += u.cacheRead
	t.cacheCreation += u.cacheCreation
}

func (t tokens) json() usageJSON {
	return usageJSON{InputTokens: t.input, CacheCreationInputTokens: t.cacheCreation,
		CacheReadInputTokens: t.cacheRead, OutputTokens: t.output, ServiceTier: "standard"}
}
