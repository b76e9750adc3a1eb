package run_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/modelserver"
	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/prompt"
	"portwave/mage/run"
	"portwave/scripts"
)

// realClaude opens a workspace whose agent is the real Claude Code CLI,
// talking to a scripted model on 127.0.0.1.
func realClaude(t *testing.T, script modelserver.Script, maxTurns int) (*testws.Workspace, *run.Orchestrator) {
	t.Helper()
	ws, w, _ := realClaudeRouted(t, maxTurns, modelserver.Route{Script: script})
	return ws, w
}

// claudeBinary is the Claude Code CLI the real-CLI tests drive. CI
// installs it, so there its absence fails the test; elsewhere the test is
// skipped with the install command.
func claudeBinary(t *testing.T) string {
	t.Helper()
	bin, err := modelserver.FindClaude()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must install the Claude Code CLI: %v", err)
		}
		t.Skipf("the Claude Code CLI is not installed (%v); %s", err, modelserver.InstallHint)
	}
	return bin
}

// realClaudeRouted is realClaude with a script for each kind of prompt; it
// also returns the server, which records the requests.
func realClaudeRouted(t *testing.T, maxTurns int, routes ...modelserver.Route) (*testws.Workspace, *run.Orchestrator, *modelserver.Server) {
	t.Helper()
	return realClaudeWith(t, agent.ClaudeOptions{MaxTurns: maxTurns}, routes...)
}

// realClaudeWith is realClaudeRouted with the adapter's options (the
// binary, model and permission mode are the test's).
func realClaudeWith(t *testing.T, opts agent.ClaudeOptions, routes ...modelserver.Route) (*testws.Workspace, *run.Orchestrator, *modelserver.Server) {
	t.Helper()
	bin := claudeBinary(t)
	srv, err := modelserver.StartRouted(routes...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ws := testws.New(t, nil)
	p, _ := plan.LoadBatches(ws.Config.Batches)
	tmpl, _ := prompt.Parse(scripts.PromptName, scripts.Prompt)
	home := t.TempDir()
	opts.Binary, opts.Model, opts.PermissionMode = bin, "sonnet", "dontAsk"
	a := agent.NewClaude(opts)
	w, err := run.Open(context.Background(), ws.Config, run.Options{Command: t.Name(), Plan: p, Template: tmpl, Agent: a,
		AgentEnv: srv.Env(home, home)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return ws, w, srv
}

func readThenEdit() []modelserver.Turn {
	file := "{{.WorkDir}}/" + serverCS
	turns := []modelserver.Turn{{Text: "I will port the server lifecycle.", ToolUse: &modelserver.ToolUse{Name: "Read", Input: map[string]any{"file_path": file}}}}
	for _, step := range port12() {
		e, ok := step["edit"].(map[string]any)
		if !ok {
			continue
		}
		turns = append(turns, modelserver.Turn{ToolUse: &modelserver.ToolUse{Name: "Edit",
			Input: map[string]any{"file_path": file, "old_string": e["old"], "new_string": e["new"]}}})
	}
	return append(turns, modelserver.Turn{Text: "Ported Connect, RemoveSubscription, RemoveClient and Shutdown."})
}

func TestTheRealClaudeCLIPortsABatchThroughTheRunner(t *testing.T) {
	ws, w := realClaude(t, modelserver.Script{Turns: readThenEdit()}, 20)
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	runs, _ := w.DB.BatchRuns(context.Background(), 12)
	br := runs[len(runs)-1]
	if br.State != port.StateDone || br.Turns != 6 || br.CostUSD <= 0 || br.SessionID == "" {
		t.Errorf("ledger: state %s, %d turns, $%v, session %q; want done, 6 turns, a cost", br.State, br.Turns, br.CostUSD, br.SessionID)
	}
	data, _ := os.ReadFile(filepath.Join(ws.Dir, serverCS))
	if !strings.Contains(string(data), "_subs.RemoveAll(s => s.Client == c)") {
		t.Error("the CLI's edits did not reach main")
	}
	for _, id := range []int{12, 14, 16, 19} {
		if st := status(t, w, id); st != port.Verified {
			t.Errorf("feature %d is %s", id, st)
		}
	}
}

func TestTheRealClaudeCLIHittingMaxTurnsFailsTheAgentStage(t *testing.T) {
	loop := modelserver.Script{Turns: []modelserver.Turn{{ToolUse: &modelserver.ToolUse{Name: "Read",
		Input: map[string]any{"file_path": "{{.WorkDir}}/" + serverCS}}}}}
	_, w := realClaude(t, loop, 2)
	err := w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageAgent || !strings.Contains(err.Error(), "max_turns") {
		t.Fatalf("err = %v, want the agent stage failed on max turns", err)
	}
	runs, _ := w.DB.BatchRuns(context.Background(), 12)
	if br := runs[len(runs)-1]; br.Turns < 2 || br.AgentExit == nil || *br.AgentExit != 1 {
		t.Errorf("ledger: %d turns, exit %v", br.Turns, br.AgentExit)
	}
}
