package agent

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// replayer is one replay in progress: the log, the parser and the worktree
// the recorded edits go to.
type replayer struct {
	req    Request
	root   string // req.Dir, absolute
	stream *claudeStream
	log    *os.File
	logErr error
	cwd    string // the recorded session's working directory
}

// open checks the worktree and opens the log for appending.
func (p *replayer) open() error {
	if p.req.Dir == "" {
		return errors.New("no worktree: the request names no directory")
	}
	root, err := filepath.Abs(p.req.Dir)
	if err != nil {
		return fmt.Errorf("worktree: %w", err)
	}
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		return fmt.Errorf("worktree %s is not a directory", root)
	}
	p.root = root
	path := p.req.LogPath
	if path == "" {
		path = os.DevNull
	} else if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("creating log: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("opening log: %w", err)
	}
	p.log = f
	return nil
}

// emit logs one line and hands it to the parser, as the claude adapter
// does with each line the CLI prints.
func (p *replayer) emit(line []byte) {
	line = bytes.TrimRight(line, "\r\n")
	if p.logErr == nil {
		_, p.logErr = p.log.Write(append(slices.Clip(line), '\n'))
	}
	p.stream.line(line)
}

// emitJSON emits an event the replay makes up, when a tool call went
// otherwise than recorded: one line, as the CLI writes it.
func (p *replayer) emitJSON(event any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(event); err != nil {
		panic(err) // strings and raw JSON from a parsed line always encode
	}
	p.emit(b.Bytes())
}

// deniedEvent and failedResult are the events the CLI prints for a denied
// write and a failed tool call, their fields in its order.
type deniedEvent struct {
	Type      string          `json:"type"`
	Subtype   string          `json:"subtype"`
	ToolName  string          `json:"tool_name"`
	ToolUseID string          `json:"tool_use_id"`
	ToolInput json.RawMessage `json:"tool_input"`
	SessionID string          `json:"session_id"`
}

type failedResult struct {
	Type    string `json:"type"`
	Message struct {
		Role    string        `json:"role"`
		Content []errorResult `json:"content"`
	} `json:"message"`
	ParentToolUseID *string `json:"parent_tool_use_id"`
	SessionID       string  `json:"session_id"`
	ToolUseResult   string  `json:"tool_use_result"`
}

type errorResult struct {
	ToolUseID string `json:"tool_use_id"`
	Type      string `json:"type"`
	Content   string `json:"content"`
	IsError   bool   `json:"is_error"`
}

// replayEvent is what the replay reads of an event besides the parser.
type replayEvent struct {
	Type    string `json:"type"`
	Subtype string `json:"subtype"`
	Cwd     string `json:"cwd"`
	Message *struct {
		Content []claudeBlock `json:"content"`
	} `json:"message"`
}

// play replays one event and returns why the attempt failed, or "".
func (p *replayer) play(line []byte) string {
	p.emit(line)
	var e replayEvent
	if json.Unmarshal(line, &e) != nil {
		return ""
	}
	if e.Type == "system" && e.Subtype == "init" {
		p.cwd = e.Cwd
	}
	if e.Type != "assistant" || e.Message == nil {
		return ""
	}
	for _, b := range e.Message.Content {
		if b.Type == "tool_use" && (b.Name == "Edit" || b.Name == "Write" || b.Name == "MultiEdit") {
			if reason := p.apply(b); reason != "" {
				return reason
			}
		}
	}
	return ""
}

// apply carries out one tool call in the worktree. When it cannot, it emits
// what Claude Code would (a denial for a path outside the worktree, an
// error tool_result) and returns the reason the attempt fails.
func (p *replayer) apply(b claudeBlock) string {
	var in toolInput
	if err := json.Unmarshal(b.Input, &in); err != nil {
		return p.failTool(b, toolError{"InputValidationError: " + err.Error(), "input is not valid: " + err.Error()})
	}
	path, ok := p.resolve(in.FilePath)
	if !ok {
		p.emitJSON(deniedEvent{Type: "system", Subtype: "permission_denied", ToolName: b.Name,
			ToolUseID: b.ID, ToolInput: b.Input, SessionID: p.stream.res.SessionID})
		return p.failTool(b, toolError{
			fmt.Sprintf("Claude requested permissions to write to %s, but you haven't granted it yet.", in.FilePath),
			"outside the worktree, refused"})
	}
	edits := in.Edits
	if b.Name == "Edit" {
		edits = []toolInput{in}
	}
	if b.Name == "Write" {
		if in.Content == nil {
			return p.failTool(b, toolError{"InputValidationError: content is missing", "content is missing"})
		}
		edits = []toolInput{{Content: in.Content}}
	}
	if terr := editFile(path, edits); terr != nil {
		return p.failTool(b, *terr)
	}
	return ""
}

// failTool emits the error tool_result and names the call in the reason.
func (p *replayer) failTool(b claudeBlock, e toolError) string {
	ev := failedResult{Type: "user", SessionID: p.stream.res.SessionID, ToolUseResult: "Error: " + e.message}
	ev.Message.Role = "user"
	ev.Message.Content = []errorResult{{ToolUseID: b.ID, Type: "tool_result",
		Content: "<tool_use_error>" + e.message + "</tool_use_error>", IsError: true}}
	p.emitJSON(ev)
	return strings.TrimSpace(b.Name+" "+summarize(b.Input, p.root)) + ": " + e.reason
}

// resolve maps a recorded path to the worktree and refuses one outside it,
// symbolic links included.
func (p *replayer) resolve(name string) (string, bool) {
	if name == "" {
		return "", false
	}
	path := filepath.FromSlash(name)
	if filepath.IsAbs(path) && p.cwd != "" {
		if rel, ok := inside(filepath.Clean(path), filepath.Clean(p.cwd)); ok {
			path = rel
		}
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.root, path)
	}
	path = filepath.Clean(path)
	if rel, ok := inside(path, p.root); !ok || rel == "." {
		return "", false
	}
	realRoot, err := filepath.EvalSymlinks(p.root)
	if err != nil {
		return "", false
	}
	// The nearest existing part of the path decides where a write lands.
	for at := path; ; at = filepath.Dir(at) {
		if _, err := os.Lstat(at); err == nil {
			real, err := filepath.EvalSymlinks(at)
			if err != nil {
				return "", false
			}
			_, ok := inside(real, realRoot)
			return path, ok
		}
		if filepath.Dir(at) == at {
			return "", false
		}
	}
}
