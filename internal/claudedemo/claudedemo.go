// Package claudedemo lets `mage demo` drive the real Claude Code CLI
// (PORTWAVE_DEMO_AGENT=claude) without an API key: a scripted model on
// 127.0.0.1 (internal/modelserver) answers every batch's prompt as its
// recorded transcript does, and the CLI edits the worktree for real. It is
// demo support, kept out of the target package, which only switches to it.
package claudedemo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"portwave/internal/modelserver"
)

// FindCLI finds the Claude Code CLI ($PORTWAVE_CLAUDE_BIN, else claude on
// PATH); InstallHint says how to install it.
func FindCLI() (string, error) { return modelserver.FindClaude() }

// InstallHint is the command that installs the Claude Code CLI.
const InstallHint = modelserver.InstallHint

// Start starts a scripted model with one route per recorded transcript in
// dir and returns the environment that points the CLI at it, with a home
// and a temporary folder of its own. stop closes the server and removes
// them.
func Start(dir string) (agentEnv []string, stop func(), err error) {
	routes, err := transcriptRoutes(dir)
	if err != nil {
		return nil, nil, err
	}
	srv, err := modelserver.StartRouted(routes...)
	if err != nil {
		return nil, nil, fmt.Errorf("starting the scripted model: %w", err)
	}
	tmp, err := os.MkdirTemp("", "portwave-demo-claude-")
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	home, cliTmp := filepath.Join(tmp, "home"), filepath.Join(tmp, "tmp")
	if err := errors.Join(os.Mkdir(home, 0o700), os.Mkdir(cliTmp, 0o700)); err != nil {
		srv.Close()
		os.RemoveAll(tmp)
		return nil, nil, err
	}
	// The runner adds this to its own environment, so settings that would
	// send the CLI elsewhere (a cloud provider, a proxy, another config
	// folder) are cleared to keep every request on 127.0.0.1.
	agentEnv = append(srv.Env(home, cliTmp),
		"CLAUDE_CONFIG_DIR="+filepath.Join(home, ".claude"),
		"CLAUDE_CODE_USE_BEDROCK=", "CLAUDE_CODE_USE_VERTEX=", "ANTHROPIC_AUTH_TOKEN=",
		"NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1")
	return agentEnv, func() {
		srv.Close()
		os.RemoveAll(tmp)
	}, nil
}

// transcriptName is a recorded attempt: <batch>-attempt-<K>.jsonl.
var transcriptName = regexp.MustCompile(`^(\d+)-attempt-(\d+)\.jsonl$`)

// TranscriptRoutes is transcriptRoutes, for tests elsewhere that drive the
// real CLI through the example's batches as the demo does.
func TranscriptRoutes(dir string) ([]modelserver.Route, error) { return transcriptRoutes(dir) }

// transcriptRoutes turns every transcript in dir into a route keyed by what
// the prompt of its batch and attempt says (scripts/prompt.tmpl): "batch N
// of the porting plan", and for a retry "This is attempt K.". Later
// attempts come first, since their prompt also names the batch.
func transcriptRoutes(dir string) ([]modelserver.Route, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading transcripts: %w", err)
	}
	type keyed struct {
		batch, attempt int
		route          modelserver.Route
	}
	var all []keyed
	for _, e := range entries {
		m := transcriptName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		batch, _ := strconv.Atoi(m[1])
		attempt, _ := strconv.Atoi(m[2])
		script, err := transcriptScript(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		contains := []string{fmt.Sprintf("batch %d of the porting plan", batch)}
		if attempt > 1 {
			contains = append(contains, fmt.Sprintf("This is attempt %d.", attempt))
		}
		all = append(all, keyed{batch, attempt, modelserver.Route{Contains: contains, Script: script}})
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no transcripts (<batch>-attempt-<K>.jsonl) in %s", dir)
	}
	slices.SortFunc(all, func(a, b keyed) int {
		if a.batch != b.batch {
			return a.batch - b.batch
		}
		return b.attempt - a.attempt
	})
	routes := make([]modelserver.Route, len(all))
	for i, k := range all {
		routes[i] = k.route
	}
	return routes, nil
}

// transcriptEvent is the part of a stream-json line a script is made from.
type transcriptEvent struct {
	Type    string `json:"type"`
	Result  string `json:"result"`
	Message struct {
		Content []struct {
			Type  string         `json:"type"`
			Text  string         `json:"text"`
			Name  string         `json:"name"`
			Input map[string]any `json:"input"`
		} `json:"content"`
		Usage struct {
			Input         int `json:"input_tokens"`
			CacheCreation int `json:"cache_creation_input_tokens"`
			CacheRead     int `json:"cache_read_input_tokens"`
			Output        int `json:"output_tokens"`
		} `json:"usage"`
	} `json:"message"`
}

// transcriptScript turns a transcript into the turns of a model that says
// what its assistant said and calls the same tools, file paths made
// absolute in the working directory the CLI reports. The server sends one
// tool call a reply, so a message with several becomes several turns, each
// reporting the message's usage. Only the last turn has no tool call.
func transcriptScript(path string) (modelserver.Script, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return modelserver.Script{}, err
	}
	var turns []modelserver.Turn
	final := "Done."
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		var ev transcriptEvent
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return modelserver.Script{}, fmt.Errorf("%s:%d: want a stream-json event: %w", path, n, err)
		}
		if ev.Type == "result" && ev.Result != "" {
			final = ev.Result
		}
		if ev.Type != "assistant" {
			continue
		}
		u := ev.Message.Usage
		usage := modelserver.Usage{InputTokens: u.Input + u.CacheCreation + u.CacheRead, OutputTokens: u.Output}
		for _, b := range ev.Message.Content {
			// A block joins the last turn until that turn has a tool call:
			// a reply with text only would end the run.
			if len(turns) == 0 || turns[len(turns)-1].ToolUse != nil {
				turns = append(turns, modelserver.Turn{Usage: usage})
			}
			t := &turns[len(turns)-1]
			switch b.Type {
			case "text":
				t.Text = strings.TrimSpace(t.Text + "\n" + literal(b.Text))
			case "tool_use":
				t.ToolUse = &modelserver.ToolUse{Name: b.Name, Input: toolInput(b.Input)}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return modelserver.Script{}, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(turns) == 0 || turns[len(turns)-1].ToolUse != nil {
		turns = append(turns, modelserver.Turn{Text: literal(final)})
	}
	return modelserver.Script{Turns: turns}, nil
}

// toolInput is a recorded tool input as a script template: a relative
// file_path is placed in the working directory, and every other string is
// taken literally.
func toolInput(in map[string]any) map[string]any {
	out := make(map[string]any, len(in))
	for k, v := range in {
		out[k] = literalAll(v)
	}
	if p, ok := in["file_path"].(string); ok && !filepath.IsAbs(p) {
		out["file_path"] = "{{.WorkDir}}/" + literal(p)
	}
	return out
}

// literalAll is v with every string in it made literal.
func literalAll(v any) any {
	switch v := v.(type) {
	case string:
		return literal(v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = literalAll(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = literalAll(e)
		}
		return out
	default:
		return v
	}
}

// literal quotes the template delimiter, so recorded code such as a C#
// interpolated "{{" reaches the CLI as it was recorded.
func literal(s string) string {
	return strings.ReplaceAll(s, "{{", `{{"{{"}}`)
}
