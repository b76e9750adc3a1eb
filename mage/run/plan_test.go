package run_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/progress"
	"portwave/mage/prompt"
	"portwave/mage/run"
	"portwave/scripts"
)

// notes collects what a run reports, for the tests to read.
type notes struct {
	mu    sync.Mutex
	lines []string
}

func (n *notes) Send(e progress.Event) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.lines = append(n.lines, string(e.Kind)+" "+e.Message)
}

func (n *notes) String() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return strings.Join(n.lines, "\n")
}

// replayed opens an example workspace whose agent plays the recorded
// transcripts, with a prompt template of the given text.
func replayed(t *testing.T, ws *testws.Workspace, tmplText string, sink progress.Sink) *run.Orchestrator {
	t.Helper()
	p, err := plan.LoadBatches(ws.Config.Batches)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := prompt.Parse(scripts.PromptName, tmplText)
	if err != nil {
		t.Fatal(err)
	}
	w, err := run.Open(context.Background(), ws.Config, run.Options{Command: t.Name(), Plan: p, Template: tmpl, Events: sink,
		Agent: agent.NewReplay(agent.ReplayOptions{Dir: ws.Config.Transcripts})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func TestAFinishedBatchRunsAgainOnlyWhenItsPromptTemplateChanged(t *testing.T) {
	ws := testws.New(t, nil)
	ctx := context.Background()
	w := replayed(t, ws, scripts.Prompt, nil)
	if _, err := w.Batches(ctx, []int{12}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	var same notes
	w = replayed(t, ws, scripts.Prompt, &same)
	if _, err := w.Batches(ctx, []int{12}); err != nil {
		t.Fatal(err)
	}
	if runs, _ := w.DB.BatchRuns(ctx, 12); len(runs) != 1 {
		t.Fatalf("an unchanged finished batch ran again: %d runs", len(runs))
	}
	w.Close()
	finished, why, err := replayed(t, ws, scripts.Prompt+"\nBe brief.\n", nil).Finished(ctx, 12)
	if err != nil || finished || why != "the prompt template changed since it ran" {
		t.Errorf("Finished = %v, %q, %v; want not finished because the template changed", finished, why, err)
	}
}

func TestTheBudgetStopsNewBatchesAndSaysWhy(t *testing.T) {
	ws := testws.New(t, map[string]string{"PORTWAVE_BUDGET_USD": "0.10", "PORTWAVE_JOBS": "1"})
	var seen notes
	w := replayed(t, ws, scripts.Prompt, &seen)
	rep, err := w.Batches(context.Background(), []int{11, 12})
	if err == nil {
		t.Fatal("the run reported no error although it stopped early")
	}
	if !strings.Contains(rep.StoppedBecause, "budget of $0.10 reached") || !strings.Contains(seen.String(), "stopped early: budget") {
		t.Errorf("stopped because %q; events:\n%s", rep.StoppedBecause, seen.String())
	}
	latest, _ := w.DB.LatestBatchRuns(context.Background())
	done := 0
	for _, br := range latest {
		if br.State == port.StateDone {
			done++
		}
	}
	if done != 1 || len(latest) != 1 {
		t.Errorf("%d batches done, %d started; want one done and the other never started", done, len(latest))
	}
}
