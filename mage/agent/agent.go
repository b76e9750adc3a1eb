// Package agent runs a coding agent on one batch: it starts the agent's CLI
// in the batch's worktree with the prompt, parses what the agent streams
// back into a Result (turns, tokens, cost, tool calls, denials), and tells
// a run that failed from one that did not start or ran out of time.
//
// Adapters: Claude (the default, `claude -p` with stream-json), Codex
// (`codex exec --json`) and Command (any command line). Every adapter starts
// its process through mage/proc, so a timeout or a cancel kills the agent's
// whole process group.
package agent

import (
	"context"
	"time"

	"portwave/mage/proc"
)

// Agent is one kind of coding agent.
type Agent interface {
	// Name is the adapter's name, as given to New.
	Name() string
	// Preflight checks that the agent can be started at all (its binary is
	// installed and answers), before any batch is handed to it.
	Preflight(ctx context.Context) error
	// Run runs the agent once. It returns the Result gathered so far also
	// when it returns an error, so a failed attempt's cost is not lost.
	// The error is an *Error.
	Run(ctx context.Context, req Request, ev Events) (Result, error)
}

// Request is one attempt of the agent on one batch.
type Request struct {
	Batch   int
	Attempt int
	// Prompt is the full instruction text.
	Prompt string
	// Dir is the batch's worktree: the agent's working directory.
	Dir string
	// LogPath receives every line the agent prints, as it prints it. The
	// file is appended to, so attempts may share one. Empty means no log.
	LogPath string
	// Timeout bounds the attempt; zero means only ctx bounds it.
	Timeout time.Duration
	// IdleTimeout kills the agent when it prints nothing for that long: a
	// stalled stream must not hold a slot until Timeout. Zero: no limit.
	IdleTimeout time.Duration
	// MaxBudgetUSD caps this attempt's cost where the adapter can (claude:
	// --max-budget-usd, the lower of this and its own option). Zero: no cap.
	MaxBudgetUSD float64
	// Started, if set, is called with the agent's process group id once
	// it runs, so the ledger can name it before the attempt ends.
	Started func(pgid int)
	// ResumeSession continues an earlier session of the agent (from
	// Result.SessionID) where the adapter supports it.
	ResumeSession string
	// Env holds extra KEY=value entries for the agent's environment. A
	// PATH here reaches the agent's own children; the agent binary itself
	// is looked up in portwave's PATH (or named by its options).
	Env []string
	// Wrap, if set, rewrites the agent's process spec before it starts
	// (proc.Spec.Wrap): the sandbox it runs in.
	Wrap func(proc.Spec) (proc.Spec, error)
}

// Result is what an attempt produced, as far as the agent told.
type Result struct {
	ExitCode  int
	Turns     int
	Usage     Usage
	CostUSD   float64
	ToolCalls []ToolCall
	// Denials lists the tool calls the agent was not allowed to make, as
	// "Tool target" summaries.
	Denials   []string
	SessionID string
	// IsError and Subtype are the agent's own verdict (claude's result
	// event: subtype "success", "error_max_turns", ...).
	IsError bool
	Subtype string
	// Errors holds the error messages the agent reported.
	Errors []string
	// Text is the agent's final message.
	Text     string
	Duration time.Duration
	// Malformed counts output lines that were not the expected JSON; they
	// are kept in the log and otherwise skipped.
	Malformed int
	// Retries counts API retries the agent reported.
	Retries int
	// APIRetries describes each API retry the agent reported, in order:
	// "attempt 1/10: 529 overloaded_error".
	APIRetries []string
	// APIErrorStatus is the HTTP status of the model API error that ended
	// the run, if one did (claude: the result's api_error_status).
	APIErrorStatus int
	// SawResult says the agent reported its end (claude: a result event).
	// Without it the stream was cut: the process crashed or was killed.
	SawResult bool
	// CostEstimated says CostUSD is portwave's estimate from the usage the
	// stream showed, because the run ended before the agent's own total.
	CostEstimated bool
}

// Usage counts tokens.
type Usage struct {
	Input         int64
	Output        int64
	CacheRead     int64
	CacheCreation int64
}

// ToolCall is one tool the agent used.
type ToolCall struct {
	Name string
	// Input summarises the call's input: a file path relative to the
	// worktree, a command line, or compact JSON, cut to one short line.
	Input string
	// Failed is set when the tool reported an error (a denial included).
	Failed bool
}

// Events receives progress while an agent runs. The terminal display, the
// plain CI log and the report writer implement it; agents never print.
type Events interface {
	OnAgentEvent(Progress)
}

// Progress is a snapshot of a running attempt.
type Progress struct {
	Batch   int
	Attempt int
	Turns   int
	// CostUSD is known once the agent reports it (claude: at the end).
	CostUSD float64
	// EstimatedUSD is this run's cost so far at the model's price (see
	// estimateCost), from the usage its messages reported; zero when the
	// agent reports none. Usage is those tokens: what a ledger keeps of a
	// run killed before the agent's own total.
	EstimatedUSD float64
	// LastTool summarises the latest tool call, as "Tool input".
	LastTool string
	Retries  int
	Usage    Usage
}

// NopEvents discards progress.
type NopEvents struct{}

// OnAgentEvent does nothing.
func (NopEvents) OnAgentEvent(Progress) {}

// EventsFunc adapts a function to Events.
type EventsFunc func(Progress)

// OnAgentEvent calls f.
func (f EventsFunc) OnAgentEvent(p Progress) { f(p) }
