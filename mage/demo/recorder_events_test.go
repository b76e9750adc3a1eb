package demo_test

import (
	"fmt"
	"strings"
)

// The events of a stream-json transcript, their fields in the CLI's order.

type initEvent struct {
	Type           string   `json:"type"`
	Subtype        string   `json:"subtype"`
	Cwd            string   `json:"cwd"`
	SessionID      string   `json:"session_id"`
	Tools          []string `json:"tools"`
	MCPServers     []string `json:"mcp_servers"`
	Model          string   `json:"model"`
	PermissionMode string   `json:"permissionMode"`
	SlashCommands  []string `json:"slash_commands"`
	APIKeySource   string   `json:"apiKeySource"`
	Version        string   `json:"claude_code_version"`
	OutputStyle    string   `json:"output_style"`
	Agents         []string `json:"agents"`
	UUID           string   `json:"uuid"`
}

type assistantEvent struct {
	Type            string           `json:"type"`
	Message         assistantMessage `json:"message"`
	ParentToolUseID *string          `json:"parent_tool_use_id"`
	SessionID       string           `json:"session_id"`
	UUID            string           `json:"uuid"`
}

type assistantMessage struct {
	ID           string    `json:"id"`
	Type         string    `json:"type"`
	Role         string    `json:"role"`
	Model        string    `json:"model"`
	Content      []block   `json:"content"`
	StopReason   string    `json:"stop_reason"`
	StopSequence *string   `json:"stop_sequence"`
	Usage        usageJSON `json:"usage"`
}

type usageJSON struct {
	InputTokens              int64  `json:"input_tokens"`
	CacheCreationInputTokens int64  `json:"cache_creation_input_tokens"`
	CacheReadInputTokens     int64  `json:"cache_read_input_tokens"`
	OutputTokens             int64  `json:"output_tokens"`
	ServiceTier              string `json:"service_tier"`
}

type userEvent struct {
	Type            string      `json:"type"`
	Message         userMessage `json:"message"`
	ParentToolUseID *string     `json:"parent_tool_use_id"`
	SessionID       string      `json:"session_id"`
	UUID            string      `json:"uuid"`
	ToolUseResult   any         `json:"tool_use_result"`
}

type userMessage struct {
	Role    string       `json:"role"`
	Content []toolResult `json:"content"`
}

type toolResult struct {
	ToolUseID string `json:"tool_use_id"`
	Type      string `json:"type"`
	Content   string `json:"content"`
}

type readResult struct {
	Type string   `json:"type"`
	File fileView `json:"file"`
}

type fileView struct {
	FilePath   string `json:"filePath"`
	Content    string `json:"content"`
	NumLines   int    `json:"numLines"`
	StartLine  int    `json:"startLine"`
	TotalLines int    `json:"totalLines"`
}

type editResult struct {
	FilePath        string `json:"filePath"`
	OldString       string `json:"oldString"`
	NewString       string `json:"newString"`
	OriginalFile    string `json:"originalFile"`
	StructuredPatch []hunk `json:"structuredPatch"`
	UserModified    bool   `json:"userModified"`
	ReplaceAll      bool   `json:"replaceAll"`
}

type hunk struct {
	OldStart int      `json:"oldStart"`
	OldLines int      `json:"oldLines"`
	NewStart int      `json:"newStart"`
	NewLines int      `json:"newLines"`
	Lines    []string `json:"lines"`
}

type resultEvent struct {
	Type              string                `json:"type"`
	Subtype           string                `json:"subtype"`
	IsError           bool                  `json:"is_error"`
	DurationMS        int64                 `json:"duration_ms"`
	DurationAPIMS     int64                 `json:"duration_api_ms"`
	NumTurns          int                   `json:"num_turns"`
	Result            string                `json:"result"`
	StopReason        string                `json:"stop_reason"`
	SessionID         string                `json:"session_id"`
	TotalCostUSD      float64               `json:"total_cost_usd"`
	Usage             usageJSON             `json:"usage"`
	ModelUsage        map[string]modelUsage `json:"modelUsage"`
	PermissionDenials []any                 `json:"permission_denials"`
	TerminalReason    string                `json:"terminal_reason"`
	UUID              string                `json:"uuid"`
}

type modelUsage struct {
	InputTokens              int64   `json:"inputTokens"`
	OutputTokens             int64   `json:"outputTokens"`
	CacheReadInputTokens     int64   `json:"cacheReadInputTokens"`
	CacheCreationInputTokens int64   `json:"cacheCreationInputTokens"`
	WebSearchRequests        int     `json:"webSearchRequests"`
	CostUSD                  float64 `json:"costUSD"`
	ContextWindow            int     `json:"contextWindow"`
	MaxOutputTokens          int     `json:"maxOutputTokens"`
}

// run plays a Read or an Edit on the recorder's files and returns the tool
// result's text and its detail. An Edit whose old_string is not in the file
// exactly once stops the test: the transcript would fail when replayed.
func (r *recorder) run(b block) (string, any) {
	switch in := b.Input.(type) {
	case readInput:
		src, ok := r.files[in.FilePath]
		if !ok {
			r.t.Fatalf("recording: Read %s: no such file", in.FilePath)
		}
		n := len(lines(src))
		return numbered(src, 1), readResult{Type: "text", File: fileView{FilePath: in.FilePath, Content: src,
			NumLines: n, StartLine: 1, TotalLines: n}}
	case editInput:
		src := r.files[in.FilePath]
		if n := strings.Count(src, in.OldString); n != 1 || in.OldString == "" {
			r.t.Fatalf("recording: Edit %s: old_string occurs %d times, want once:\n%s", in.FilePath, n, in.OldString)
		}
		updated := strings.Replace(src, in.OldString, in.NewString, 1)
		r.files[in.FilePath] = updated
		h := patch(src, updated)
		return fmt.Sprintf("The file %s has been updated. Here's the result of running `cat -n` on a snippet of the edited file:\n%s",
				in.FilePath, numbered(strings.Join(lines(updated)[h.NewStart-1:h.NewStart-1+h.NewLines], "\n"), h.NewStart)),
			editResult{FilePath: in.FilePath, OldString: in.OldString, NewString: in.NewString,
				OriginalFile: src, StructuredPatch: []hunk{h}}
	}
	r.t.Fatalf("recording: no player for tool %s", b.Name)
	return "", nil
}

// patch is the one hunk, with three lines of context, between two texts
// that differ in one region.
func patch(before, after string) hunk {
	const context = 3
	a, b := lines(before), lines(after)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	from, to := max(pre-context, 0), min(len(a)-suf+context, len(a))
	h := hunk{OldStart: from + 1, NewStart: from + 1}
	add := func(prefix string, ls []string) {
		for _, l := range ls {
			h.Lines = append(h.Lines, prefix+l)
		}
	}
	add(" ", a[from:pre])
	add("-", a[pre:len(a)-suf])
	add("+", b[pre:len(b)-suf])
	add(" ", a[len(a)-suf:to])
	h.OldLines = to - from
	h.NewLines = h.OldLines - (len(a) - suf - pre) + (len(b) - suf - pre)
	return h
}

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

// numbered formats text as `cat -n` does, from line first.
func numbered(text string, first int) string {
	var b strings.Builder
	for i, l := range lines(text) {
		fmt.Fprintf(&b, "%6d\t%s\n", first+i, l)
	}
	return b.String()
}
