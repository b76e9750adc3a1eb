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
	// Turn is the number of assistant messages the request carried, which
	// is the index of the script turn it was answered with (before the last
	// turn repeats).
	Turn int
	// Tools are the names of the tools the CLI offered the model.
	Tools []string
	// ToolResults are the tool results in the request's last message: what
	// the CLI sends back after running (or refusing) the previous tool call.
	ToolResults []ToolResult
	// Body is the raw request, for anything the fields above leave out.
	Body []byte
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
		if m.Role == "assistant" {
			rec.Turn++
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
