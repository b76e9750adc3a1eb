package modelserver

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// reply is one answer of the model, shaped as the Messages API shapes it.
type reply struct {
	id     string
	model  string
	turn   Turn
	blocks []map[string]any // content blocks, complete
}

// newReply builds the answer to the request with the given number of
// assistant turns behind it. Ids are derived from that number, so a replayed
// conversation gets the same ids.
func newReply(model string, n int, t Turn) reply {
	r := reply{id: fmt.Sprintf("msg_%04d", n), model: model, turn: t}
	if t.Text != "" {
		r.blocks = append(r.blocks, map[string]any{"type": "text", "text": t.Text})
	}
	if t.ToolUse != nil {
		input := t.ToolUse.Input
		if input == nil {
			input = map[string]any{}
		}
		r.blocks = append(r.blocks, map[string]any{
			"type": "tool_use", "id": fmt.Sprintf("toolu_%04d", n), "name": t.ToolUse.Name, "input": input,
		})
	}
	return r
}

func (r reply) usage(output int) map[string]any {
	return map[string]any{
		"input_tokens":                r.turn.usage().InputTokens,
		"output_tokens":               output,
		"cache_creation_input_tokens": 0,
		"cache_read_input_tokens":     0,
	}
}

// message is the whole reply as one JSON object, for a request with
// stream:false.
func (r reply) message() map[string]any {
	return map[string]any{
		"id": r.id, "type": "message", "role": "assistant", "model": r.model,
		"content": r.blocks, "stop_reason": r.turn.stopReason(), "stop_sequence": nil,
		"usage": r.usage(r.turn.usage().OutputTokens),
	}
}

// chunkSize is how much text or tool input goes into one delta event. The
// real API sends small pieces; splitting the input JSON mid-token checks that
// the client joins partial JSON before parsing it.
const chunkSize = 40

// events is the reply as the server-sent events of a streaming response, in
// the order the CLI needs them: without content_block_stop it reports a
// malformed tool call, without message_delta a lost connection.
func (r reply) events() []event {
	start := r.message()
	start["content"] = []any{}
	start["stop_reason"] = nil
	start["usage"] = r.usage(1)
	evs := []event{{"message_start", map[string]any{"type": "message_start", "message": start}}}
	for i, b := range r.blocks {
		var body, delta, key string
		empty := map[string]any{}
		for k, v := range b {
			empty[k] = v
		}
		switch b["type"] {
		case "text":
			body, delta, key = b["text"].(string), "text_delta", "text"
			empty["text"] = ""
		case "tool_use":
			input, _ := json.Marshal(b["input"])
			body, delta, key = string(input), "input_json_delta", "partial_json"
			empty["input"] = map[string]any{}
		}
		evs = append(evs, event{"content_block_start", map[string]any{"type": "content_block_start", "index": i, "content_block": empty}})
		for _, piece := range chunks(body, chunkSize) {
			evs = append(evs, event{"content_block_delta", map[string]any{
				"type": "content_block_delta", "index": i, "delta": map[string]any{"type": delta, key: piece},
			}})
		}
		evs = append(evs, event{"content_block_stop", map[string]any{"type": "content_block_stop", "index": i}})
	}
	return append(evs,
		event{"message_delta", map[string]any{
			"type":  "message_delta",
			"delta": map[string]any{"stop_reason": r.turn.stopReason(), "stop_sequence": nil},
			"usage": map[string]any{"output_tokens": r.turn.usage().OutputTokens},
		}},
		event{"message_stop", map[string]any{"type": "message_stop"}},
	)
}

// event is one server-sent event.
type event struct {
	name string
	data any
}

// stream writes the events, flushing each so the client sees them arrive one
// by one as it would from the real API.
func (r reply) stream(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	for _, e := range r.events() {
		data, err := json.Marshal(e.data)
		if err != nil {
			return fmt.Errorf("encoding %s: %w", e.name, err)
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, data); err != nil {
			return fmt.Errorf("writing %s: %w", e.name, err)
		}
		if flusher != nil {
			flusher.Flush()
		}
	}
	return nil
}

// chunks splits s into pieces of at most n bytes, never inside a UTF-8
// character.
func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := n
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}
