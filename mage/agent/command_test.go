package agent_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/agent"
)

func TestCommandGetsThePromptOnStdinAndRunsInTheWorktree(t *testing.T) {
	t.Parallel()
	c, err := agent.NewCommand(agent.CommandOptions{
		Template: `sh -c 'cat > prompt.txt; pwd > where.txt; echo "batch $1 attempt $2"' sh {{.Batch}} "{{.Attempt}}"`,
	})
	if err != nil {
		t.Fatalf("NewCommand: %v", err)
	}
	req := request(t, nil)
	req.Prompt = "Port batch 44.\nIt's in 'Server'.\n"
	res, err := c.Run(context.Background(), req, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := readFile(t, filepath.Join(req.Dir, "prompt.txt")); got != req.Prompt {
		t.Errorf("the command read %q, want the prompt", got)
	}
	real, err := filepath.EvalSymlinks(req.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(readFile(t, filepath.Join(req.Dir, "where.txt"))); got != real {
		t.Errorf("the command ran in %q, want the worktree %q", got, real)
	}
	if res.Text != "batch 44 attempt 1" {
		t.Errorf("Text = %q", res.Text)
	}
	if log := readFile(t, req.LogPath); log != "batch 44 attempt 1\n" {
		t.Errorf("log = %q", log)
	}
}

func TestCommandRendersAValueWithSpacesAsOneArgument(t *testing.T) {
	t.Parallel()
	c, err := agent.NewCommand(agent.CommandOptions{Template: `sh -c 'printf "%s|" "$@"' sh {{.Dir}} --log={{.LogPath}}`})
	if err != nil {
		t.Fatalf("NewCommand: %v", err)
	}
	req := request(t, nil)
	req.Dir = filepath.Join(req.Dir, "with space")
	argv, err := c.Argv(req)
	if err != nil {
		t.Fatalf("Argv: %v", err)
	}
	if got := argv[len(argv)-2]; got != req.Dir {
		t.Errorf("argument = %q, want %q as one word", got, req.Dir)
	}
}

func TestCommandExitCodeDecides(t *testing.T) {
	t.Parallel()
	c, err := agent.NewCommand(agent.CommandOptions{Template: `sh -c 'echo compiling; echo "error: no such member" >&2; exit 3'`})
	if err != nil {
		t.Fatalf("NewCommand: %v", err)
	}
	req := request(t, nil)
	res, err := c.Run(context.Background(), req, nil)
	e := asError(t, err)
	if e.Kind != agent.Failed || res.ExitCode != 3 {
		t.Errorf("kind %v, exit %d; want failed, 3", e.Kind, res.ExitCode)
	}
	if !strings.Contains(err.Error(), "command failed: sh exited with code 3; its last lines: compiling | error: no such member") {
		t.Errorf("error %q lacks the exit code and the last lines", err)
	}
	if e.Transient != "" {
		t.Errorf("a command's exit is taken for a transient failure: %q", e.Transient)
	}
	if log := readFile(t, req.LogPath); !strings.Contains(log, "compiling\n") || !strings.Contains(log, "error: no such member\n") {
		t.Errorf("log lacks stdout or stderr: %q", log)
	}
}

func TestCommandNotInstalled(t *testing.T) {
	t.Parallel()
	c, err := agent.NewCommand(agent.CommandOptions{Template: "portwave-no-such-agent --batch {{.Batch}}"})
	if err != nil {
		t.Fatalf("NewCommand: %v", err)
	}
	if err := c.Preflight(context.Background()); !errors.Is(err, agent.ErrNotInstalled) {
		t.Errorf("Preflight = %v, want not installed", err)
	}
	_, err = c.Run(context.Background(), request(t, nil), nil)
	if e := asError(t, err); e.Kind != agent.NotInstalled || errors.Is(err, agent.ErrFailed) {
		t.Errorf("Run = %v, want not installed", err)
	}
}

func TestNewCommandRejectsBadTemplates(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"empty":           "  ",
		"shell pipe":      "mytool | tee log",
		"unclosed quote":  "mytool 'batch",
		"unknown field":   "mytool {{.Nope}}",
		"spaced action":   "mytool {{ .Batch }}",
		"broken template": "mytool {{.Batch",
	}
	for name, tmpl := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := agent.NewCommand(agent.CommandOptions{Template: tmpl}); err == nil {
				t.Errorf("NewCommand(%q) succeeded", tmpl)
			}
		})
	}
}

// An agent printing one line without end is logged in bounded size: the
// start of the line and a note of what was cut, then the lines after it.
func TestAnEndlessLineIsCutInTheLogAndTheLinesAfterItAreKept(t *testing.T) {
	t.Parallel()
	c, err := agent.NewCommand(agent.CommandOptions{Template: `sh -c 'head -c 50000000 /dev/zero | tr "\0" x; echo; echo after'`})
	if err != nil {
		t.Fatal(err)
	}
	req := request(t, nil)
	res, err := c.Run(context.Background(), req, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	log := readFile(t, req.LogPath)
	if len(log) > 17<<20 || !strings.Contains(log, "[portwave: the rest of this line, 33222784 bytes, was cut]\nafter\n") {
		t.Errorf("log of %d bytes ends %q", len(log), log[max(0, len(log)-120):])
	}
	if res.Text != "after" {
		t.Errorf("Text = %q", res.Text)
	}
}
