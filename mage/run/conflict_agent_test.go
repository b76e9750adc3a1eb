package run_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/modelserver"
	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/port"
	"portwave/mage/run"
)

// handShutdown is main's port of Shutdown, which conflicts with batch 12's.
const handShutdown = "public void Shutdown()\n        {\n            Environment.Exit(0);\n        }"

// gatedWithMainMoved takes batch 12 through its gate on a branch (attempt
// 1), then ports Shutdown differently on main, so that merging main into
// the branch conflicts. The merge is left to RunBatch in merge mode.
func gatedWithMainMoved(t *testing.T, ws *testws.Workspace, w *run.Orchestrator) {
	t.Helper()
	ctx := context.Background()
	w.Mode = run.BranchMode
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ws.Dir, serverCS)
	data, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(data), "public void Shutdown()"+stub, handShutdown, 1)), 0o644)
	if _, err := (gitx.Repo{Dir: ws.Dir}).CommitAll(ctx, "port Shutdown by hand"); err != nil {
		t.Fatal(err)
	}
	w.Mode = run.MergeMode
	w.Config.Conflict = config.ConflictAgent
}

// resolvingEdits keep the batch's side of the Shutdown conflict: they drop
// the markers and main's lines. Paths are relative to the worktree.
func resolvingEdits() []map[string]any {
	return []map[string]any{
		{"file_path": serverCS, "old_string": "<<<<<<< HEAD\n", "new_string": ""},
		{"file_path": serverCS, "old_string": "=======\n            Environment.Exit(0);\n>>>>>>> main\n", "new_string": ""},
	}
}

// transcript is a recorded Claude Code session that makes these edits.
func transcript(t *testing.T, dir string, batch, attempt int, edits []map[string]any) {
	t.Helper()
	var lines []string
	add := func(ev map[string]any) {
		ev["session_id"] = "5d0c6a8e-1f2b-4c3d-9e8f-0a1b2c3d4e5f"
		b, _ := json.Marshal(ev)
		lines = append(lines, string(b))
	}
	add(map[string]any{"type": "system", "subtype": "init", "cwd": "/recorded/worktree", "model": "claude-sonnet", "permissionMode": "acceptEdits", "tools": []string{"Read", "Edit"}})
	for i, e := range edits {
		id := fmt.Sprintf("toolu_%02d", i+1)
		add(map[string]any{"type": "assistant", "message": map[string]any{"id": fmt.Sprintf("msg_%02d", i+1), "role": "assistant",
			"content": []any{map[string]any{"type": "tool_use", "id": id, "name": "Edit", "input": e}}}})
		add(map[string]any{"type": "user", "message": map[string]any{"role": "user",
			"content": []any{map[string]any{"type": "tool_result", "tool_use_id": id, "content": "ok"}}}})
	}
	add(map[string]any{"type": "result", "subtype": "success", "is_error": false, "num_turns": len(edits) + 1,
		"total_cost_usd": 0.03, "duration_ms": 2000, "result": "Resolved.", "usage": map[string]any{"input_tokens": 10, "output_tokens": 100}})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d-attempt-%d.jsonl", batch, attempt)), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// replayResolves opens batch 12 with main moved and the replay agent
// holding the resolution transcript (attempt 2).
func replayResolves(t *testing.T, edits []map[string]any) (*testws.Workspace, *run.Orchestrator) {
	t.Helper()
	ws := testws.New(t, nil)
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
	w := reopen(t, ws)
	gatedWithMainMoved(t, ws, w)
	dir := filepath.Join(t.TempDir(), "transcripts")
	transcript(t, dir, 12, 2, edits)
	w.Agent = agent.NewReplay(agent.ReplayOptions{Dir: dir})
	return ws, w
}

// resolvedOnMain checks that the resolution reached main: its merge
// commit is main's parent, the file holds the batch's Shutdown and no
// marker, and the ledger's last row is the resolution's attempt, done.
func resolvedOnMain(t *testing.T, ws *testws.Workspace, w *run.Orchestrator) {
	t.Helper()
	ctx := context.Background()
	br := latest(t, w, 12)
	if br.State != port.StateDone || br.Attempt != 2 || br.MergedCommit == "" || br.AgentExit == nil || *br.AgentExit != 0 {
		t.Fatalf("ledger: %s, attempt %d, merged %q", br.State, br.Attempt, br.MergedCommit)
	}
	// main is the resolution, then the audit's porting.db commit.
	if got := gitOut(t, ws.Dir, "log", "--format=%H %s", "-2", "--first-parent", "main"); !strings.HasSuffix(got,
		br.MergedCommit+" Merge main into "+br.Branch+" (conflicts resolved by the agent, attempt 2)") {
		t.Errorf("main's history:\n%s\nwant the resolution %s under the audit's commit", got, br.MergedCommit)
	}
	data, _ := os.ReadFile(filepath.Join(ws.Dir, serverCS))
	if src := string(data); len(gitx.ConflictMarkers(data)) > 0 || strings.Contains(src, "Environment.Exit(0)") || !strings.Contains(src, "foreach (var c in all) c.Close();") {
		t.Errorf("main's %s:\n%s", serverCS, src)
	}
	trs, _ := w.DB.Transitions(ctx, br.ID)
	gated := false
	for _, tr := range trs {
		gated = gated || strings.Contains(tr.Detail, "gate passed on")
	}
	if !gated {
		t.Error("the resolution reached main without the gate")
	}
	runs, _ := w.DB.BatchRuns(ctx, 12)
	if prev := runs[len(runs)-2]; prev.Attempt != 1 || prev.State != port.StateConflict {
		t.Errorf("the attempt before the resolution: %d %s, want 1 conflict", prev.Attempt, prev.State)
	}
	for _, id := range []int{12, 14, 16, 19} {
		if st := status(t, w, id); st != port.Verified {
			t.Errorf("feature %d is %s", id, st)
		}
	}
}

func TestAConflictResolvedByTheReplayAgentPassesTheGateAndReachesMain(t *testing.T) {
	ws, w := replayResolves(t, resolvingEdits())
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	resolvedOnMain(t, ws, w)
}

func TestAnAgentResolutionThatLeavesMarkersFailsTheGateAndNeverReachesMain(t *testing.T) {
	// Only the first marker goes; the ======= and >>>>>>> lines stay.
	ws, w := replayResolves(t, resolvingEdits()[:1])
	before := mainHead(t, ws)
	err := w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.State != port.StateFailed || !strings.Contains(err.Error(), "conflict marker") {
		t.Fatalf("err = %v, want the gate failed on conflict markers", err)
	}
	if mainHead(t, ws) != before {
		t.Error("main moved")
	}
	if log := gitOut(t, ws.Dir, "log", "--format=%s", "-S=======", "main"); strings.Contains(log, "resolved by the agent") {
		t.Errorf("the resolution is on main: %s", log)
	}
	if br := latest(t, w, 12); br.MergedCommit != "" || br.Attempt != 2 {
		t.Errorf("ledger: attempt %d merged %q", br.Attempt, br.MergedCommit)
	}
	if wt := latest(t, w, 12).Worktree; !strings.Contains(gitOut(t, wt, "log", "--format=%s", "-1"), "resolved by the agent") {
		t.Error("the worktree does not keep the agent's resolution")
	}
	if be.Stage != port.StageGate {
		t.Errorf("the batch stopped at %s, want the gate", be.Stage)
	}
}

func TestARetryAfterARefusedResolutionGivesTheAgentTheMarkersToFinish(t *testing.T) {
	ws, w := replayResolves(t, resolvingEdits()[:1])
	w.Config.Attempts = 3
	if err := w.RunBatch(context.Background(), 12); err == nil {
		t.Fatal("a resolution that left markers passed")
	}
	// mage retry 12: attempt 3 is the batch's agent, told about the
	// markers by the gate; it removes what is left of them.
	dir := filepath.Join(t.TempDir(), "transcripts")
	transcript(t, dir, 12, 3, resolvingEdits()[1:])
	w.Agent = agent.NewReplay(agent.ReplayOptions{Dir: dir})
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	br := latest(t, w, 12)
	if br.State != port.StateDone || br.Attempt != 3 || !strings.Contains(br.Feedback, "conflict marker") {
		t.Fatalf("ledger: %s, attempt %d, feedback %q", br.State, br.Attempt, br.Feedback)
	}
	if data, _ := os.ReadFile(filepath.Join(ws.Dir, serverCS)); len(gitx.ConflictMarkers(data)) > 0 || strings.Contains(string(data), "Environment.Exit(0)") {
		t.Errorf("main's %s:\n%s", serverCS, data)
	}
}

func TestWithConflictStopOrNoAttemptOrBudgetLeftTheConflictWaitsForAHand(t *testing.T) {
	for _, c := range []struct {
		name     string
		conflict string
		attempts int
		budget   float64
		says     string
	}{
		{"stop", config.ConflictStop, 2, 0, "resolve and commit"},
		{"no attempt left", config.ConflictAgent, 1, 0, "has used its 1 attempt(s)"},
		// Batch 12's first attempt cost $0.05.
		{"the budget spent", config.ConflictAgent, 2, 0.05, "budget is spent"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ws, w := replayResolves(t, resolvingEdits())
			w.Config.Conflict, w.Config.Attempts, w.Config.BudgetUSD = c.conflict, c.attempts, c.budget
			before := mainHead(t, ws)
			err := w.RunBatch(context.Background(), 12)
			var be *run.BatchError
			if !errors.As(err, &be) || be.State != port.StateConflict || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("err = %v, want a conflict that says %q", err, c.says)
			}
			if br := latest(t, w, 12); br.Attempt != 1 || br.State != port.StateConflict {
				t.Errorf("ledger: attempt %d %s; no agent should have run", br.Attempt, br.State)
			}
			if mainHead(t, ws) != before {
				t.Error("main moved")
			}
		})
	}
}

func TestAConflictResolvedByTheRealClaudeCLIPassesTheGateAndReachesMain(t *testing.T) {
	file := "{{.WorkDir}}/" + serverCS
	// Claude Code edits only a file it has read in the session.
	turns := []modelserver.Turn{{Text: "I will resolve the conflict.", ToolUse: &modelserver.ToolUse{Name: "Read", Input: map[string]any{"file_path": file}}}}
	for _, e := range resolvingEdits() {
		turns = append(turns, modelserver.Turn{ToolUse: &modelserver.ToolUse{Name: "Edit",
			Input: map[string]any{"file_path": file, "old_string": e["old_string"], "new_string": e["new_string"]}}})
	}
	turns = append(turns, modelserver.Turn{Text: "Kept the batch's Shutdown."})
	// The first attempt ports the batch, the second resolves the conflict.
	ws, w, srv := realClaudeRouted(t, 20,
		modelserver.Route{Contains: []string{"You are resolving a git merge conflict"}, Script: modelserver.Script{Turns: turns}},
		modelserver.Route{Script: modelserver.Script{Turns: readThenEdit()}})
	gatedWithMainMoved(t, ws, w)
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	resolvedOnMain(t, ws, w)
	var prompt string
	for _, r := range srv.Requests() {
		if r.Route == 0 {
			prompt = r.Prompt
		}
	}
	// The prompt names the file and gives both sides of the hunk.
	for _, want := range []string{"### `" + serverCS + "`", "Ours (the batch's, " + latest(t, w, 12).Branch + ")",
		"foreach (var c in all) c.Close();", "Theirs (main's):\n```\n            Environment.Exit(0);\n```"} {
		if !strings.Contains(prompt, want) {
			t.Errorf("the conflict prompt lacks %q:\n%s", want, prompt)
		}
	}
}

func TestAFailedResolutionLeavesTheWorktreeOutOfTheMergeAndRetryResolvesAgain(t *testing.T) {
	// Attempt 2's edit does not apply (its text is not in the file): the
	// replay fails the attempt as Claude Code would.
	ws, w := replayResolves(t, []map[string]any{{"file_path": serverCS, "old_string": "no such text\n", "new_string": ""}})
	w.Config.Attempts = 3
	before := mainHead(t, ws)
	err := w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.State != port.StateFailed || be.Stage != port.StageMerge {
		t.Fatalf("err = %v, want the batch failed at the merge", err)
	}
	br := latest(t, w, 12)
	if br.Attempt != 2 || br.Stage != port.StageMerge || br.AgentExit == nil {
		t.Errorf("ledger: attempt %d at %s, agent exit %v", br.Attempt, br.Stage, br.AgentExit)
	}
	if st := gitOut(t, br.Worktree, "status", "--porcelain"); st != "" {
		t.Errorf("the worktree is not clean:\n%s", st)
	}
	if _, err := (gitx.Repo{Dir: br.Worktree}).RevParse(context.Background(), "MERGE_HEAD"); err == nil {
		t.Error("the worktree is still mid-merge")
	}
	if mainHead(t, ws) != before {
		t.Error("main moved")
	}
	// mage retry 12: the merge conflicts again and attempt 3 resolves it.
	dir := filepath.Join(t.TempDir(), "transcripts")
	transcript(t, dir, 12, 3, resolvingEdits())
	w.Agent = agent.NewReplay(agent.ReplayOptions{Dir: dir})
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	if br := latest(t, w, 12); br.State != port.StateDone || br.Attempt != 3 || br.MergedCommit == "" {
		t.Fatalf("ledger: %s, attempt %d, merged %q", br.State, br.Attempt, br.MergedCommit)
	}
	if data, _ := os.ReadFile(filepath.Join(ws.Dir, serverCS)); len(gitx.ConflictMarkers(data)) > 0 || !strings.Contains(string(data), "foreach (var c in all) c.Close();") {
		t.Errorf("main's %s:\n%s", serverCS, data)
	}
}
