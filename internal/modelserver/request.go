package modelserver

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Request is what the server recorded of one Messages API call.
type Request struct {
	Model  string
	Stream bool
	// WorkDir is the working directory the CLI reported, empty if none.
	WorkDir string
	// Prompt is the text of the conversation's prompt: the last user
	// message that carries text rather than tool results. A resumed session
	// sends its earlier conversation, earlier prompt included, before it.
	Prompt string
	// Turn is the number of assistant messages after the prompt, which is
	// the index of the script turn the request was answered with (before the
	// last turn repeats). In a new conversation it is every assistant
	// message the request carried.
	Turn int
	// Route is the index of the route whose script answered, -1 when no
	// route matched the prompt. A server started with Start has one route.
	Route int
	// Tools are the names of the tools the CLI offered the model.
	Tools []string
	// ToolResults are the tool results in the request's last message: what
	// the CLI sends back after running (or refusing) the previous tool call.
	ToolResults []ToolResult
	// Body is the raw request, for anything the fields above leave out.
	Body []byte
	// Reported is the usage the reply reported, once the whole reply was
	// sent; zero for an error or a reply cut off.
	Reported Usage
}

// ToolResult is a tool_result block the CLI sent to the model.
type ToolResult struct {
	ToolUseID string
	IsError   bool
	Content   string
}

// messagesRequest is the part of a Messages API request the server reads.
type messagesRequest struct {
	Model    string    `json:"model"`
	Stream   bool      `json:"stream"`
	System   content   `json:"system"`
	Messages []message `json:"messages"`
	Tools    []struct {
		Name string `json:"name"`
	} `json:"tools"`
}

type message struct {
	Role    string  `json:"role"`
	Content content `json:"content"`
}

// content is a message's or the system prompt's content, which the API
// accepts either as a plain string or as a list of blocks.
type content []block

type block struct {
	Type      string  `json:"type"`
	Text      string  `json:"text"`
	ToolUseID string  `json:"tool_use_id"`
	IsError   bool    `json:"is_error"`
	Content   content `json:"content"`
}

func (c *content) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		*c = content{{Type: "text", Text: s}}
		return nil
	}
	var blocks []block
	if err := json.Unmarshal(data, &blocks); err != nil {
		return fmt.Errorf("content is neither a string nor a list of blocks: %w", err)
	}
	*c = blocks
	return nil
}

// text joins the text of every block, nested tool results included, one
// block a line, so a block that starts with "CWD:" starts a line.
func (c content) text() string {
	var lines []string
	for _, bl := range c {
		for _, s := range []string{bl.Text, bl.Content.text()} {
			if s != "" {
				lines = append(lines, s)
			}
		}
	}
	return strings.Join(lines, "\n")
}

// isPrompt reports whether a user message is a prompt: text the user
// typed, not the tool results the CLI sends back after a tool call (which may
// carry reminders as text blocks beside them).
func (c content) isPrompt() bool {
	text := false
	for _, bl := range c {
		switch bl.Type {
		case "tool_result":
			return false
		case "text":
			text = true
		}
	}
	return text
}

// replies is the number of assistant messages in the whole request, earlier
// conversations included. Reply ids are made from it, so they never repeat
// within a conversation, even across a resumed session.
func (r messagesRequest) replies() int {
	n := 0
	for _, m := range r.Messages {
		if m.Role == "assistant" {
			n++
		}
	}
	return n
}

// workDirLine finds the working directory where the CLI reports it: in a
// message ("Primary working directory: /...") or, in --bare mode, in the
// system prompt ("CWD: /...").
var workDirLine = regexp.MustCompile(`(?m)(?:Primary working directory|^CWD): *(/[^\n]*)$`)

// record turns a decoded request into what the server keeps of it.
func (r messagesRequest) record(body []byte) Request {
	rec := Request{Model: r.Model, Stream: r.Stream, Body: body}
	for _, t := range r.Tools {
		rec.Tools = append(rec.Tools, t.Name)
	}
	texts := []string{r.System.text()}
	for _, m := range r.Messages {
		switch {
		case m.Role == "assistant":
			rec.Turn++
		case m.Role == "user" && m.Content.isPrompt():
			rec.Prompt, rec.Turn = m.Content.text(), 0
		}
		texts = append(texts, m.Content.text())
	}
	for _, t := range texts {
		if m := workDirLine.FindStringSubmatch(t); m != nil {
			rec.WorkDir = strings.TrimSpace(m[1])
			break
		}
	}
	if n := len(r.Messages); n > 0 {
		for _, bl := range r.Messages[n-1].Content {
			if bl.Type == "tool_result" {
				rec.ToolResults = append(rec.ToolResults, ToolResult{
					ToolUseID: bl.ToolUseID, IsError: bl.IsError, Content: bl.Content.text(),
				})
			}
		}
	}
	return rec
}
