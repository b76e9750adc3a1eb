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
	"portwave/mage/gitx"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/prompt"
	"portwave/mage/run"
	"portwave/scripts"
)

// confinedClaude opens a workspace whose agent is the real Claude Code
// CLI under the rules portwave gives it: read-only tools, edits in the
// worktree, the build and test commands, no edit in the main checkout.
func confinedClaude(t *testing.T, script modelserver.Script) (*testws.Workspace, *run.Orchestrator) {
	t.Helper()
	bin, err := modelserver.FindClaude()
	if err != nil {
		t.Skipf("the Claude Code CLI is not installed (%v); %s", err, modelserver.InstallHint)
	}
	srv, err := modelserver.Start(script)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ws := testws.New(t, nil)
	p, _ := plan.LoadBatches(ws.Config.Batches)
	tmpl, _ := prompt.Parse(scripts.PromptName, scripts.Prompt)
	home := t.TempDir()
	a := agent.NewClaude(agent.ClaudeOptions{Binary: bin, PermissionMode: "dontAsk", MaxTurns: 20,
		AllowedTools: ws.Config.AllowedTools, Commands: []string{ws.Config.Build, ws.Config.Test}, Protect: []string{ws.Dir}})
	w, err := run.Open(context.Background(), ws.Config, run.Options{Command: t.Name(), Plan: p, Template: tmpl, Agent: a,
		AgentEnv: srv.Env(home, home)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return ws, w
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := gitx.Repo{Dir: dir}.Run(context.Background(), args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTheRealClaudeCLICannotWriteOutsideItsWorktreeEditTheMainCheckoutOrRunOtherCommands(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "Stray.cs")
	var mainFile string
	turns := []modelserver.Turn{
		{ToolUse: &modelserver.ToolUse{Name: "Write", Input: map[string]any{"file_path": outside, "content": "class Stray {}"}}},
		{ToolUse: &modelserver.ToolUse{Name: "Read", Input: map[string]any{"file_path": "MAIN"}}},
		{ToolUse: &modelserver.ToolUse{Name: "Edit", Input: map[string]any{"file_path": "MAIN", "old_string": "namespace", "new_string": "// stray\nnamespace"}}},
		// A shell command that is not the build or the test command.
		{ToolUse: &modelserver.ToolUse{Name: "Bash", Input: map[string]any{"command": "rm -f MAIN"}}},
	}
	ws, w := confinedClaude(t, modelserver.Script{Turns: append(turns, readThenEdit()...)})
	mainFile = filepath.Join(ws.Dir, serverCS)
	for _, tu := range turns[1:3] {
		tu.ToolUse.Input["file_path"] = mainFile
	}
	turns[3].ToolUse.Input["command"] = "rm -f " + mainFile
	before, _ := os.ReadFile(mainFile)
	head := mainHead(t, ws)

	err := w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageAgent || !strings.Contains(err.Error(), "denied") {
		t.Fatalf("err = %v, want the agent stage failed on denied writes", err)
	}
	if _, err := os.Stat(outside); !os.IsNotExist(err) {
		t.Errorf("the Write outside the worktree happened: %v", err)
	}
	if after, err := os.ReadFile(mainFile); err != nil || string(after) != string(before) {
		t.Errorf("the Edit or the rm in the main checkout happened (%v)", err)
	}
	if st := gitOut(t, ws.Dir, "status", "--porcelain", "--", "dotnet"); st != "" || mainHead(t, ws) != head {
		t.Errorf("main changed: status %q, head moved %v", st, mainHead(t, ws) != head)
	}
	// The edits inside the worktree were allowed.
	wt, _ := os.ReadFile(filepath.Join(latest(t, w, 12).Worktree, serverCS))
	if !strings.Contains(string(wt), "_subs.RemoveAll(s => s.Client == c)") {
		t.Error("the edits inside the worktree were refused too")
	}
}

// openWithShellAgent opens the workspace for a run whose agent is the
// command agent running script with sh.
func openWithShellAgent(t *testing.T, ws *testws.Workspace, script string) *run.Orchestrator {
	t.Helper()
	p, err := plan.LoadBatches(ws.Config.Batches)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := prompt.Parse(scripts.PromptName, scripts.Prompt)
	if err != nil {
		t.Fatal(err)
	}
	a, err := agent.NewCommand(agent.CommandOptions{Template: "sh -c '" + strings.ReplaceAll(script, "'", `'\''`) + "'"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := run.Open(context.Background(), ws.Config, run.Options{Command: t.Name(), Plan: p, Template: tmpl, Agent: a})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// unconfined is the override for the tests of the check after each
// attempt: the sandbox keeps an agent out of the main checkout and the
// other slots (sandbox_test.go), so the check is what stands when a run
// has none (sandbox: none), as these tests have.
var unconfined = map[string]string{"PORTWAVE_SANDBOX": "none"}

func TestAnAgentThatWritesIntoTheMainCheckoutFailsTheBatchNamingTheFile(t *testing.T) {
	ws := testws.New(t, unconfined)
	stray := filepath.Join(ws.Dir, "dotnet", "src", "MiniBus", "Stray.cs")
	w := openWithShellAgent(t, ws, "echo class Stray {} > "+stray+"; echo // ported >> "+serverCS)
	head := mainHead(t, ws)
	err := w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageAgent || !strings.Contains(err.Error(), "dotnet/src/MiniBus/Stray.cs") {
		t.Fatalf("err = %v, want the agent stage failed naming Stray.cs", err)
	}
	if br := latest(t, w, 12); br.State != port.StateFailed || !strings.Contains(br.Error, "Stray.cs") {
		t.Errorf("ledger: %s %q", br.State, br.Error)
	}
	if mainHead(t, ws) != head {
		t.Error("main moved")
	}
	if log := gitOut(t, ws.Dir, "log", "--all", "--format=%H", "--", "dotnet/src/MiniBus/Stray.cs"); log != "" {
		t.Errorf("the stray file was committed: %s", log)
	}
	if _, err := os.Stat(stray); err != nil {
		t.Errorf("the stray file was removed; it is the user's to inspect: %v", err)
	}
}

func TestAnAgentThatWritesIntoAnIdleSlotFailsTheBatchNamingTheFile(t *testing.T) {
	ws := testws.New(t, unconfined)
	// Two free slots, as earlier batches leave them; the batch takes one.
	var slots []string
	for _, name := range []string{"slot-7", "slot-8"} {
		slot := filepath.Join(ws.Config.Worktrees, name)
		gitOut(t, ws.Dir, "worktree", "add", "-q", "--detach", slot, "main")
		slots = append(slots, slot)
	}
	// The agent writes Stray.cs into the slot that is not its own.
	script := "for d in " + strings.Join(slots, " ") + `; do [ "$(cd $d && pwd -P)" = "$(pwd -P)" ] || echo 'class Stray {}' > $d/Stray.cs; done; echo // ported >> ` + serverCS
	w := openWithShellAgent(t, ws, script)
	head := mainHead(t, ws)
	err := w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageAgent || !strings.Contains(err.Error(), ": Stray.cs") {
		t.Fatalf("err = %v, want the agent stage failed naming the idle slot's Stray.cs", err)
	}
	own := latest(t, w, 12).Worktree
	other := slots[0]
	if filepath.Clean(own) == filepath.Clean(other) {
		other = slots[1]
	}
	if !strings.Contains(err.Error(), other+": Stray.cs") {
		t.Errorf("err = %v, want it to name %s", err, other)
	}
	if mainHead(t, ws) != head {
		t.Error("main moved")
	}
}
