package run_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/plan"
	"portwave/mage/prompt"
	"portwave/mage/run"
	"portwave/scripts"
)

// promptRecorder is an agent that keeps the prompt it is given and stops
// there.
type promptRecorder struct{ prompts []string }

func (r *promptRecorder) Name() string                    { return "recorder" }
func (r *promptRecorder) Preflight(context.Context) error { return nil }
func (r *promptRecorder) Run(_ context.Context, req agent.Request, _ agent.Events) (agent.Result, error) {
	r.prompts = append(r.prompts, req.Prompt)
	return agent.Result{ExitCode: 1}, &agent.Error{Agent: "recorder", Err: errors.New("recorded the prompt")}
}

func TestTheAgentIsGivenTheCallGraphContextReadFromItsWorktree(t *testing.T) {
	ws := testws.New(t, nil)
	p, err := plan.LoadBatches(ws.Config.Batches)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := prompt.Parse(scripts.PromptName, scripts.Prompt)
	if err != nil {
		t.Fatal(err)
	}
	rec := &promptRecorder{}
	w, err := run.Open(context.Background(), ws.Config, run.Options{Command: t.Name(), Plan: p, Template: tmpl, Agent: rec})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.RunBatch(context.Background(), 13); err == nil {
		t.Fatal("the batch passed with an agent that did nothing")
	}
	if len(rec.prompts) == 0 {
		t.Fatal("the agent was never run")
	}
	want := "- 29 validPattern -> SubjectHelpers.ValidPattern (batch 11, wave 1; now deferred): `internal static bool ValidPattern(string pattern)` (Subjects/SubjectHelpers.cs:48)"
	if got := rec.prompts[0]; !strings.Contains(got, "## Context: what these features call and use") || !strings.Contains(got, want) {
		t.Errorf("the prompt lacks the context line\n%s\nprompt:\n%s", want, got)
	}
}

func TestAfterAnEarlierBatchMergesTheAgentSeesItsPortedCalleeAsDeclared(t *testing.T) {
	ctx := context.Background()
	ws := testws.New(t, nil)
	w := replayed(t, ws, scripts.Prompt, nil)
	if _, err := w.Batches(ctx, []int{11}); err != nil {
		t.Fatal(err)
	}
	w.Close()

	p, err := plan.LoadBatches(ws.Config.Batches)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := prompt.Parse(scripts.PromptName, scripts.Prompt)
	if err != nil {
		t.Fatal(err)
	}
	rec := &promptRecorder{}
	w, err = run.Open(ctx, ws.Config, run.Options{Command: t.Name(), Plan: p, Template: tmpl, Agent: rec})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.RunBatch(ctx, 13); err == nil {
		t.Fatal("the batch passed with an agent that did nothing")
	}
	if len(rec.prompts) == 0 {
		t.Fatal("the agent was never run")
	}
	// Batch 11's recorded agent ported validPattern; the audit verified it
	// on merge, and batch 13's worktree holds its C# declaration.
	want := "### Callees already ported: call these C# members as declared\n\n" +
		"- 29 validPattern -> SubjectHelpers.ValidPattern (verified): `internal static bool ValidPattern(string pattern)` (Subjects/SubjectHelpers.cs:"
	if got := rec.prompts[0]; !strings.Contains(got, want) {
		_, ctxText, _ := strings.Cut(got, "## Context: ")
		t.Errorf("the prompt lacks\n%s\ncontext:\n%s", want, ctxText)
	}
}
