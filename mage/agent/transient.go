package agent

import (
	"fmt"
	"strings"
)

// streamTransient says why a failed run of an agent that streams its turns
// (Claude Code, the replay of its transcripts, Codex) may succeed when run
// again at once: the model API failed (5xx, 429, overloaded), or the
// stream was cut (the CLI crashed or lost its connection) before the agent
// reported its end. "" when it would not. The command adapter has no such
// failures: its non-zero exit is the command's own answer, so it never
// calls this.
func streamTransient(res Result) string {
	text := strings.ToLower(strings.Join(res.Errors, " ") + " " + res.Text)
	switch s := res.APIErrorStatus; {
	case s >= 500 || s == 429:
		return fmt.Sprintf("the model API answered %d", s)
	case strings.Contains(text, "overloaded"):
		return "the model API is overloaded"
	case !res.SawResult:
		return fmt.Sprintf("the agent's stream ended without a result (exit %d)", res.ExitCode)
	}
	return ""
}

// withTransient marks e, a failed run of a streaming agent, with why a
// rerun may succeed.
func withTransient(e *Error, res Result) *Error {
	e.Transient = streamTransient(res)
	return e
}
