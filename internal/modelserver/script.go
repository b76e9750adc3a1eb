package modelserver

import (
	"bytes"
	"fmt"
	"text/template"
)

// Script is what the model answers, one Turn per reply. The server keeps no
// conversation state: the reply to a request is Turns[n], where n is the number
// of assistant messages the request already carries after its prompt (see
// Route). Once n runs past the end,
// the last turn repeats, so a script whose last turn is a tool call never ends
// by itself and a run stops only at the CLI's --max-turns.
type Script struct {
	Turns []Turn
}

// Turn is one reply of the model: some text, a tool call, both (text first),
// or an API error instead of a message.
//
// Text and every string inside ToolUse.Input are text/template templates over
// Vars, so a file path can name the working directory the CLI reported:
// "{{.WorkDir}}/Hello.cs".
type Turn struct {
	Text    string
	ToolUse *ToolUse
	// Usage is reported in the reply; the CLI turns it into total_cost_usd.
	// A zero Usage reports DefaultUsage.
	Usage Usage
	// Error, when set, makes the server fail the request with that status
	// instead of answering, as the real API does when it is overloaded.
	Error *APIError
}

// ToolUse is a tool call, with the input the tool's schema asks for (for the
// CLI's Write tool: file_path and content).
type ToolUse struct {
	Name  string
	Input map[string]any
}

// Usage is the token count a reply reports.
type Usage struct {
	InputTokens  int
	OutputTokens int
}

// DefaultUsage is reported by a turn that sets none: small, but enough that
// the CLI computes a cost above zero.
var DefaultUsage = Usage{InputTokens: 1000, OutputTokens: 100}

// APIError is an error reply of the Messages API.
type APIError struct {
	Status  int    // HTTP status, such as 529 or 500
	Type    string // error.type, such as "overloaded_error"
	Message string
	// Times, when positive, fails only the first Times requests for this
	// turn (of this route); later ones get the turn's message, as an API
	// that recovers would. Zero fails every request.
	Times int
}

// Vars is what a turn's templates can refer to.
type Vars struct {
	// WorkDir is the working directory the CLI reported in the request
	// ("Primary working directory: ..."), empty when it reported none.
	WorkDir string
}

// stopReason says why the model stopped: to have a tool run, or because it is
// done.
func (t Turn) stopReason() string {
	if t.ToolUse != nil {
		return "tool_use"
	}
	return "end_turn"
}

func (t Turn) usage() Usage {
	if t.Usage == (Usage{}) {
		return DefaultUsage
	}
	return t.Usage
}

// turn picks the reply for a conversation that has already had n replies.
func (s Script) turn(n int) Turn {
	return s.Turns[s.index(n)]
}

// index is the script turn a conversation with n replies gets.
func (s Script) index(n int) int {
	return min(n, len(s.Turns)-1)
}

// check parses every template of the script, so a mistake fails Start rather
// than a request in the middle of a run.
func (s Script) check() error {
	if len(s.Turns) == 0 {
		return fmt.Errorf("script has no turns")
	}
	for i, t := range s.Turns {
		if _, err := t.render(Vars{}); err != nil {
			return fmt.Errorf("turn %d: %w", i, err)
		}
	}
	return nil
}

// render returns the turn with its templates filled from vars.
func (t Turn) render(vars Vars) (Turn, error) {
	text, err := expand(t.Text, vars)
	if err != nil {
		return Turn{}, fmt.Errorf("text: %w", err)
	}
	t.Text = text.(string)
	if t.ToolUse == nil {
		return t, nil
	}
	input, err := expand(t.ToolUse.Input, vars)
	if err != nil {
		return Turn{}, fmt.Errorf("%s input: %w", t.ToolUse.Name, err)
	}
	use := *t.ToolUse
	use.Input, _ = input.(map[string]any)
	t.ToolUse = &use
	return t, nil
}

// expand fills the templates in every string of v, which holds what JSON
// decodes to (strings, maps, slices, numbers), and returns a copy.
func expand(v any, vars Vars) (any, error) {
	switch v := v.(type) {
	case string:
		tmpl, err := template.New("").Option("missingkey=error").Parse(v)
		if err != nil {
			return nil, err
		}
		var out bytes.Buffer
		if err := tmpl.Execute(&out, vars); err != nil {
			return nil, err
		}
		return out.String(), nil
	case map[string]any:
		if v == nil {
			return v, nil
		}
		out := make(map[string]any, len(v))
		for k, e := range v {
			x, err := expand(e, vars)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = x
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			x, err := expand(e, vars)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = x
		}
		return out, nil
	default:
		return v, nil
	}
}
