package agent_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/agent"
)

func TestPreflightFindsTheStandInFirstInPATH(t *testing.T) {
	t.Setenv("PATH", standinDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	a, err := agent.New("", agent.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := agent.Preflight(context.Background(), a); err != nil {
		t.Errorf("Preflight: %v", err)
	}
}

func TestPreflightRefusesAMissingAgentOrGit(t *testing.T) {
	// Only the stand-in on PATH: claude is there, git is not.
	t.Setenv("PATH", standinDir)
	if err := agent.Preflight(context.Background(), agent.NewClaude(agent.ClaudeOptions{})); !errors.Is(err, agent.ErrNotInstalled) {
		t.Errorf("Preflight without git = %v, want not installed", err)
	}
	t.Setenv("PATH", t.TempDir())
	err := agent.Preflight(context.Background(), agent.NewClaude(agent.ClaudeOptions{}))
	var e *agent.Error
	if !errors.As(err, &e) || e.Kind != agent.NotInstalled || e.Agent != "claude" {
		t.Errorf("Preflight without claude = %v, want claude not installed", err)
	}
}

func TestPreflightRefusesABinaryThatCannotSayItsVersion(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "codex")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\necho 'error while loading shared libraries' >&2\nexit 127\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := agent.NewCodex(agent.CodexOptions{Binary: bin}).Preflight(context.Background())
	var e *agent.Error
	if !errors.As(err, &e) || e.Kind != agent.Failed {
		t.Fatalf("Preflight = %v, want failed", err)
	}
}

func TestNewKnowsEachAdapterByName(t *testing.T) {
	t.Parallel()
	opts := agent.Options{Command: agent.CommandOptions{Template: "mytool"}}
	for _, name := range append(agent.Names(), "") {
		a, err := agent.New(name, opts)
		if err != nil {
			t.Fatalf("New(%q): %v", name, err)
		}
		want := name
		if name == "" {
			want = agent.DefaultName
		}
		if a.Name() != want {
			t.Errorf("New(%q).Name() = %q, want %q", name, a.Name(), want)
		}
	}
	if _, err := agent.New("gemini", opts); err == nil {
		t.Error("New accepted an unknown agent")
	}
}

func TestClaudeArgsFollowTheOptions(t *testing.T) {
	t.Parallel()
	c := agent.NewClaude(agent.ClaudeOptions{MaxTurns: 30, AllowedTools: []string{"Read", "Grep"},
		Commands: []string{"dotnet build dotnet/", " "}, Protect: []string{"/ws", "/ws-worktrees/slot-1/.."},
		MaxBudgetUSD: 2.5, ExtraArgs: []string{"--append-system-prompt", "Be brief."}})
	got := c.Args(agent.Request{ResumeSession: "s-1", Prompt: "not an argument", Dir: "/ws-worktrees/slot-1"})
	want := []string{"-p", "--model", "sonnet", "--output-format", "stream-json", "--verbose", "--include-partial-messages",
		"--permission-mode", "dontAsk", "--max-turns", "30",
		"--allowedTools", "Read,Grep,Edit(//ws-worktrees/slot-1/**),Bash(dotnet build dotnet/)",
		// the worktrees folder holds the worktree: denying it would deny the worktree too
		"--disallowedTools", "Edit(//ws/**)",
		"--max-budget-usd", "2.5", "--resume", "s-1", "--append-system-prompt", "Be brief."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Args (-want +got):\n%s", diff)
	}
}
