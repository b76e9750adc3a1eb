package agent

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"text/template"

	"github.com/mattn/go-shellwords"

	"portwave/mage/proc"
)

// CommandOptions configures the generic command adapter.
type CommandOptions struct {
	// Template is the command line, for example
	// `mytool --batch {{.Batch}} --log {{.LogPath}}`. It is split into words
	// the way a shell would (quotes and backslashes), and then each word is
	// rendered with text/template from the Request. No shell runs it: a
	// rendered value is always one argument, whatever spaces or quotes it
	// holds, and pipes or redirections need an explicit `sh -c '...'`.
	// Write template actions without spaces ({{.Batch}}), or quote the word.
	Template string
}

// Command runs any command as the agent: the prompt on stdin, the worktree
// as the working directory, every output line into the log. Its exit code
// alone decides success.
type Command struct {
	source string
	raw    []string // the words before rendering
	words  []*template.Template
}

// NewCommand parses the template. It fails on an empty template, on shell
// operators outside quotes, and on template errors (an unknown field of
// Request included).
func NewCommand(opts CommandOptions) (*Command, error) {
	p := shellwords.NewParser()
	words, err := p.Parse(opts.Template)
	if err != nil {
		return nil, fmt.Errorf("parsing command template %q: %w", opts.Template, err)
	}
	if p.Position >= 0 {
		return nil, fmt.Errorf("parsing command template %q: column %d: shell operators (; & | < >) need quotes or an explicit sh -c", opts.Template, p.Position+1)
	}
	if len(words) == 0 {
		return nil, errors.New("parsing command template: it is empty")
	}
	c := &Command{source: opts.Template, raw: words}
	for i, w := range words {
		t, err := template.New(fmt.Sprintf("word %d", i+1)).Option("missingkey=error").Parse(w)
		if err != nil {
			return nil, fmt.Errorf("parsing command template %q: %w", opts.Template, err)
		}
		c.words = append(c.words, t)
	}
	if _, err := c.Argv(Request{}); err != nil {
		return nil, err
	}
	return c, nil
}

// Name returns "command".
func (c *Command) Name() string { return "command" }

// Argv renders the command line for req: the program and its arguments.
func (c *Command) Argv(req Request) ([]string, error) {
	argv := make([]string, 0, len(c.words))
	for _, t := range c.words {
		var b strings.Builder
		if err := t.Execute(&b, req); err != nil {
			return nil, fmt.Errorf("rendering command template %q: %w", c.source, err)
		}
		argv = append(argv, b.String())
	}
	return argv, nil
}

// Preflight checks that the program exists. It does not run it: an
// arbitrary command may not know --version. A program name that is itself
// a template is checked when it runs.
func (c *Command) Preflight(ctx context.Context) error {
	program := c.raw[0]
	if strings.Contains(program, "{{") {
		return nil
	}
	if _, err := exec.LookPath(program); err != nil {
		return &Error{Agent: c.Name(), Kind: NotInstalled, ExitCode: -1, Err: err,
			Reason: (&proc.NotFoundError{Name: program, Err: err}).Error()}
	}
	return nil
}

// Run renders the command for req and runs it once. A non-zero exit is
// a failed attempt whose reason ends with the command's last lines of
// output; it is never taken for a transient failure of a model API, which
// a command of any kind cannot be told apart from.
func (c *Command) Run(ctx context.Context, req Request, ev Events) (Result, error) {
	if ev == nil {
		ev = NopEvents{}
	}
	argv, err := c.Argv(req)
	if err != nil {
		return Result{ExitCode: -1}, &Error{Agent: c.Name(), Kind: Failed, ExitCode: -1, Reason: err.Error(), Err: err}
	}
	var last []string // the last lines of stdout
	pres, err := launch{
		bin:   argv[0],
		args:  argv[1:],
		stdin: strings.NewReader(req.Prompt),
		onLine: func(b []byte) {
			if l := strings.TrimSpace(string(b)); l != "" {
				last = append(last[max(0, len(last)-lastLines+1):], l)
			}
		},
	}.run(ctx, req)
	res := Result{ExitCode: pres.ExitCode, Duration: pres.Duration}
	if len(last) > 0 {
		res.Text = last[len(last)-1]
	}
	ev.OnAgentEvent(Progress{Batch: req.Batch, Attempt: req.Attempt})
	if e := procError(c.Name(), req, pres, err); e != nil {
		return res, e
	}
	if pres.ExitCode != 0 {
		reason := fmt.Sprintf("%s exited with code %d", argv[0], pres.ExitCode)
		if tail := append(last, tailLines(pres.StderrTail, lastLines)...); len(tail) > 0 {
			reason += "; its last lines: " + strings.Join(tail[max(0, len(tail)-lastLines):], " | ")
		}
		return res, &Error{Agent: c.Name(), Kind: Failed, Reason: reason, ExitCode: pres.ExitCode, Log: req.LogPath}
	}
	return res, nil
}

// lastLines is how many lines of its output a failed command's reason
// ends with: enough to hold an error and its context, short enough for
// one line of the ledger.
const lastLines = 3

// tailLines are the last n non-empty lines of s.
func tailLines(s string, n int) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out[max(0, len(out)-n):]
}
