package agent

import (
	"context"
	"strings"
)

// CodexOptions configures the Codex adapter.
type CodexOptions struct {
	// Binary is the CLI to run; default "codex", looked up in PATH.
	Binary string
	// Model is passed to -m when set.
	Model string
	// Sandbox is passed to -s; default "workspace-write".
	Sandbox string
	// ExtraArgs are added before the prompt as they are.
	ExtraArgs []string
}

// The defaults of CodexOptions.
const (
	DefaultCodexBinary  = "codex"
	DefaultCodexSandbox = "workspace-write"
)

// codexArgMax is the longest prompt passed as an argument. Linux refuses a
// single argument over 128 KiB; a longer prompt goes on stdin, which
// `codex exec` reads when the prompt argument is "-".
const codexArgMax = 100 << 10

// Codex runs OpenAI's Codex CLI:
//
//	codex exec --json -C DIR [-m MODEL] -s workspace-write [extra args] "<prompt>"
//
// with stdin empty: codex exec reads stdin whenever it is not a terminal and
// would otherwise wait for it. Codex starts a new session on every attempt
// (Request.ResumeSession is not used); the retry's prompt carries the
// feedback. Its JSONL events carry no cost, so Result.CostUSD stays zero.
type Codex struct {
	opts CodexOptions
}

// NewCodex returns the adapter with the defaults filled in.
func NewCodex(opts CodexOptions) *Codex {
	if opts.Binary == "" {
		opts.Binary = DefaultCodexBinary
	}
	if opts.Sandbox == "" {
		opts.Sandbox = DefaultCodexSandbox
	}
	return &Codex{opts: opts}
}

// Name returns "codex".
func (c *Codex) Name() string { return "codex" }

// Args returns the command-line arguments (without the binary) for req.
func (c *Codex) Args(req Request) []string {
	args := []string{"exec", "--json", "-C", req.Dir}
	if c.opts.Model != "" {
		args = append(args, "-m", c.opts.Model)
	}
	args = append(args, "-s", c.opts.Sandbox)
	args = append(args, c.opts.ExtraArgs...)
	if len(req.Prompt) > codexArgMax {
		return append(args, "-")
	}
	return append(args, req.Prompt)
}

// Preflight checks that the CLI is installed and answers --version.
func (c *Codex) Preflight(ctx context.Context) error {
	return checkBinary(ctx, c.Name(), c.opts.Binary, "--version")
}

// Run runs the CLI once and parses its JSONL events. The run is a failure
// when it exits non-zero, when a turn failed, or when no turn completed.
func (c *Codex) Run(ctx context.Context, req Request, ev Events) (Result, error) {
	if ev == nil {
		ev = NopEvents{}
	}
	s := newCodexStream(req, ev)
	l := launch{bin: c.opts.Binary, args: c.Args(req), onLine: s.line}
	if len(req.Prompt) > codexArgMax {
		l.stdin = strings.NewReader(req.Prompt)
	}
	pres, err := l.run(ctx, req)
	res := s.res
	res.ExitCode, res.Duration = pres.ExitCode, pres.Duration
	if e := procError(c.Name(), req, pres, err); e != nil {
		return res, e
	}
	if reason := s.failure(); reason != "" {
		return res, withTransient(failed(c.Name(), req, pres, reason), res)
	}
	if pres.ExitCode != 0 {
		return res, failed(c.Name(), req, pres, "the turn completed but the process failed")
	}
	return res, nil
}
