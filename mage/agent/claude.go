package agent

import (
	"context"
	"strconv"
	"strings"
)

// ClaudeOptions configures the Claude Code adapter.
type ClaudeOptions struct {
	// Binary is the CLI to run; default "claude", looked up in PATH.
	Binary string
	// Model is passed to --model; default "sonnet".
	Model string
	// PermissionMode is passed to --permission-mode; default "dontAsk":
	// only what a rule allows runs, the worktree's Edit rule included (a
	// denied write still exits 0, which Run reports as a failure).
	PermissionMode string
	// MaxTurns is passed to --max-turns; zero leaves the CLI's default.
	MaxTurns int
	// AllowedTools are the configured rules passed to --allowedTools,
	// before the rules that confine the attempt (see Permissions).
	AllowedTools []string
	// Commands are the build and test commands the agent may run through
	// Bash; no other shell command is allowed.
	Commands []string
	// Protect lists folders the agent must never edit (the main checkout),
	// passed as deny rules.
	Protect []string
	// MaxBudgetUSD is passed to --max-budget-usd when positive.
	MaxBudgetUSD float64
	// ExtraArgs are appended to the command line as they are.
	ExtraArgs []string
}

// The defaults of ClaudeOptions.
const (
	DefaultClaudeBinary         = "claude"
	DefaultClaudeModel          = "sonnet"
	DefaultClaudePermissionMode = "dontAsk"
)

// Claude runs Claude Code headless:
//
//	claude -p --model M --output-format stream-json --verbose
//	       --include-partial-messages --permission-mode P --max-turns N [--allowedTools a,b]
//	       [--disallowedTools c,d] [--max-budget-usd X] [--resume SESSION] [extra args]
//
// with the prompt on stdin and the worktree as working directory. The
// prompt goes on stdin, not as an argument, for two reasons: a batch's
// prompt carries Go source text and can pass Linux's 128 KiB limit on a
// single argument, and --allowedTools takes a variable number of values,
// so a prompt placed after it would be read as tool names.
type Claude struct {
	opts ClaudeOptions
}

// NewClaude returns the adapter with the defaults filled in.
func NewClaude(opts ClaudeOptions) *Claude {
	if opts.Binary == "" {
		opts.Binary = DefaultClaudeBinary
	}
	if opts.Model == "" {
		opts.Model = DefaultClaudeModel
	}
	if opts.PermissionMode == "" {
		opts.PermissionMode = DefaultClaudePermissionMode
	}
	return &Claude{opts: opts}
}

// Name returns "claude".
func (c *Claude) Name() string { return "claude" }

// Options returns the options with the defaults filled in.
func (c *Claude) Options() ClaudeOptions { return c.opts }

// Args returns the command-line arguments (without the binary) for req.
func (c *Claude) Args(req Request) []string {
	args := []string{"-p",
		"--model", c.opts.Model,
		"--output-format", "stream-json", "--verbose",
		// The raw stream's message_delta carries each reply's final
		// output count: what the ledger keeps if the run is killed.
		"--include-partial-messages",
		"--permission-mode", c.opts.PermissionMode,
	}
	if c.opts.MaxTurns > 0 {
		args = append(args, "--max-turns", strconv.Itoa(c.opts.MaxTurns))
	}
	perm := c.Permissions(req.Dir)
	if len(perm.Allow) > 0 {
		args = append(args, "--allowedTools", strings.Join(perm.Allow, ","))
	}
	if len(perm.Deny) > 0 {
		args = append(args, "--disallowedTools", strings.Join(perm.Deny, ","))
	}
	if budget := lowerLimit(c.opts.MaxBudgetUSD, req.MaxBudgetUSD); budget > 0 {
		args = append(args, "--max-budget-usd", strconv.FormatFloat(budget, 'f', -1, 64))
	}
	if req.ResumeSession != "" {
		args = append(args, "--resume", req.ResumeSession)
	}
	return append(args, c.opts.ExtraArgs...)
}

// Preflight checks that the CLI is installed and answers --version.
func (c *Claude) Preflight(ctx context.Context) error {
	return checkBinary(ctx, c.Name(), c.opts.Binary, "--version")
}

// Run runs the CLI once. The stream's events are parsed as they arrive and
// reported to ev. The run is a failure, even at exit code 0, when the
// result event has is_error or an error subtype, when writes were denied,
// or when the stream ends without a result event.
func (c *Claude) Run(ctx context.Context, req Request, ev Events) (Result, error) {
	if ev == nil {
		ev = NopEvents{}
	}
	s := newClaudeStream(req, ev)
	s.model = c.opts.Model
	pres, err := launch{
		bin:    c.opts.Binary,
		args:   c.Args(req),
		stdin:  strings.NewReader(req.Prompt),
		onLine: s.line,
	}.run(ctx, req)
	s.unfinished()
	res := s.res
	res.ExitCode, res.Duration = pres.ExitCode, pres.Duration
	if e := procError(c.Name(), req, pres, err); e != nil {
		return res, e
	}
	if reason := s.failure(); reason != "" {
		return res, withTransient(failed(c.Name(), req, pres, reason), res)
	}
	if pres.ExitCode != 0 {
		return res, failed(c.Name(), req, pres, "the result said success but the process failed")
	}
	return res, nil
}

// lowerLimit is the lower of two limits where zero means none.
func lowerLimit(a, b float64) float64 {
	switch {
	case a <= 0:
		return b
	case b <= 0:
		return a
	}
	return min(a, b)
}
