package run_test

import (
	"context"
	"math"
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

// claudeRig is a workspace whose agent is the real Claude Code CLI talking
// to a scripted model; open starts a new orchestrator on it, as each mage
// command does.
type claudeRig struct {
	ws  *testws.Workspace
	srv *modelserver.Server
	bin string
	env []string
}

func newClaudeRig(t *testing.T, overrides map[string]string, routes ...modelserver.Route) *claudeRig {
	t.Helper()
	bin := claudeBinary(t)
	srv, err := modelserver.StartRouted(routes...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	home := t.TempDir()
	return &claudeRig{ws: testws.New(t, overrides), srv: srv, bin: bin, env: srv.Env(home, home)}
}

func (r *claudeRig) open(t *testing.T) *run.Orchestrator {
	t.Helper()
	p, _ := plan.LoadBatches(r.ws.Config.Batches)
	tmpl, _ := prompt.Parse(scripts.PromptName, scripts.Prompt)
	a := agent.NewClaude(agent.ClaudeOptions{Binary: r.bin, Model: "sonnet", PermissionMode: "dontAsk", MaxTurns: 20})
	w, err := run.Open(context.Background(), r.ws.Config, run.Options{Command: t.Name(), Plan: p, Template: tmpl, Agent: a, AgentEnv: r.env})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// editTurn is the model's Edit of one batch 12 member, by its signature.
func editTurn(sig string) modelserver.Turn {
	for _, step := range port12() {
		if e, ok := step["edit"].(map[string]any); ok && strings.HasPrefix(e["old"].(string), sig) {
			return modelserver.Turn{ToolUse: &modelserver.ToolUse{Name: "Edit",
				Input: map[string]any{"file_path": "{{.WorkDir}}/" + serverCS, "old_string": e["old"], "new_string": e["new"]}}}
		}
	}
	panic("no edit for " + sig)
}

const findingsHead = "These members of the batch are not implemented yet"

// threeOfFour ports all of batch 12 but Shutdown; the findings of the gate
// that fails it pick the second route, which ports Shutdown.
func threeOfFour() []modelserver.Route {
	first := modelserver.Script{Turns: []modelserver.Turn{
		editTurn("internal ClientConnection Connect"), editTurn("internal void RemoveSubscription"),
		editTurn("internal void RemoveClient"), {Text: "Ported three of them."}}}
	retry := modelserver.Script{Turns: []modelserver.Turn{editTurn("public void Shutdown()"), {Text: "Ported Shutdown."}}}
	return []modelserver.Route{{Contains: []string{findingsHead}, Script: retry}, {Script: first}}
}

// After the attempts ran out, `retry` in a new process gives the agent the
// gate's findings in full (every pending member), in the session it
// resumes, and the session's cost is split between the attempts: the
// ledger's total is the session's, counted once.
func TestARetryInANewProcessGetsTheGatesFullFindingsAndCountsTheSessionOnce(t *testing.T) {
	rig := newClaudeRig(t, map[string]string{"PORTWAVE_ATTEMPTS": "1"}, threeOfFour()...)
	ctx := context.Background()
	w := rig.open(t)
	err := w.RunBatch(ctx, 12)
	if err == nil || !strings.Contains(err.Error(), "batch audit: 3 of 4 implemented") {
		t.Fatalf("the first run: %v, want the batch audit to fail it", err)
	}
	first := latest(t, w, 12)
	if !strings.Contains(first.Feedback, "feature 19") || !strings.Contains(first.Feedback, findingsHead) {
		t.Fatalf("the ledger keeps the findings %q", first.Feedback)
	}
	w.Close()

	w = rig.open(t) // `mage retry 12`
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatalf("the retry: %v", err)
	}
	var retryPrompt string
	for _, req := range rig.srv.Requests() {
		if req.Route == 0 {
			retryPrompt = req.Prompt
		}
	}
	if !strings.Contains(retryPrompt, first.Feedback) {
		t.Errorf("the retry's prompt does not carry the findings in full:\n%s\n--- want within it:\n%s", retryPrompt, first.Feedback)
	}
	runs, _ := w.DB.BatchRuns(ctx, 12)
	last := runs[len(runs)-1]
	if last.State != port.StateDone || last.SessionID != first.SessionID {
		t.Fatalf("the retry ended %s in session %q, want done in %q", last.State, last.SessionID, first.SessionID)
	}
	var sum float64
	for _, r := range runs {
		sum += r.CostUSD
	}
	if last.CostUSD <= 0 || math.Abs(sum-last.SessionCost) > 1e-9 {
		t.Errorf("the ledger's cost $%v is not the session's total $%v (retry row $%v)", sum, last.SessionCost, last.CostUSD)
	}
	if st := status(t, w, 19); st != port.Verified {
		t.Errorf("feature 19 (Shutdown) is %s", st)
	}
}

// An attempt that wrote nothing is judged on the work already in the
// worktree, and the findings stay in the ledger: the `retry` after it
// sends them again, not the plain first prompt.
func TestARetryAfterAnAttemptThatWroteNothingStillSendsTheFindings(t *testing.T) {
	routes := threeOfFour()
	nothing := modelserver.Script{Turns: []modelserver.Turn{{Text: "I see nothing to change."}}}
	routes = append([]modelserver.Route{{Contains: []string{findingsHead, "This is attempt 3"}, Script: routes[0].Script},
		{Contains: []string{findingsHead}, Script: nothing}}, routes[1])
	rig := newClaudeRig(t, map[string]string{"PORTWAVE_ATTEMPTS": "2"}, routes...)
	ctx := context.Background()
	w := rig.open(t)
	if err := w.RunBatch(ctx, 12); err == nil || !strings.Contains(err.Error(), "failed at gate: batch audit: 3 of 4 implemented") {
		t.Fatalf("the first run: %v, want attempt 2, which wrote nothing, judged by the gate on attempt 1's work", err)
	}
	runs, _ := w.DB.BatchRuns(ctx, 12)
	findings := runs[0].Feedback
	if len(runs) != 2 || runs[1].Feedback != findings {
		t.Fatalf("attempt 2's findings %q, want attempt 1's %q again", runs[len(runs)-1].Feedback, findings)
	}
	w.Close()

	w = rig.open(t)
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatalf("the retry: %v", err)
	}
	var sent bool
	for _, req := range rig.srv.Requests() {
		sent = sent || (req.Route == 0 && strings.Contains(req.Prompt, findings))
	}
	if !sent || !strings.Contains(findings, "feature 19") {
		t.Errorf("attempt 3 was not given the findings %q", findings)
	}
	if br := latest(t, w, 12); br.State != port.StateDone || br.Attempt != 3 {
		t.Errorf("the retry ended %s as attempt %d", br.State, br.Attempt)
	}
}
