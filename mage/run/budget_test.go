package run_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/port"
	"portwave/mage/run"
)

// brokenThenFixed is batch 12 ported with a build error the first attempt
// leaves ($0.1439 with the stand-in's figures: the error and the final
// text cost $0.05 each) and the resumed session removes.
func brokenThenFixed(t *testing.T) string {
	broken := append(port12(), map[string]any{"edit": map[string]any{"path": serverCS,
		"old": "public int NumClients()", "new": "#error half-ported\n        public int NumClients()"}})
	fix := []map[string]any{{"edit": map[string]any{"path": serverCS, "old": "#error half-ported\n", "new": ""}}}
	return testws.Script(t, broken, fix)
}

// The budget is the plan's: a gate retry is checked against it, a later
// command sees what earlier ones spent, and raising it lets the same batch
// go on where it stopped.
func TestTheBudgetIsThePlansAcrossCommandsAndChecksEveryAttempt(t *testing.T) {
	ws := testws.New(t, map[string]string{"PORTWAVE_BUDGET_USD": "0.14"})
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", brokenThenFixed(t))
	w := reopen(t, ws)
	ctx := context.Background()
	err := w.RunBatch(ctx, 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageAgent || !strings.Contains(err.Error(), "nothing is left for attempt 2") {
		t.Fatalf("err = %v, want the gate retry refused by the budget", err)
	}
	runs, _ := w.DB.BatchRuns(ctx, 12)
	if len(runs) != 2 || runs[0].State != port.StateFailed || runs[0].Stage != port.StageGate || runs[0].CostUSD < 0.14 {
		t.Fatalf("attempts = %+v, want attempt 1 failed at the gate after spending the budget", runs)
	}
	if r := runs[1]; r.Turns != 0 || r.CostUSD != 0 || r.AgentExit != nil {
		t.Errorf("the refused attempt ran an agent: %+v", r)
	}
	if _, err := os.Stat(runs[1].LogPath); err == nil {
		t.Error("the refused attempt has an agent log")
	}
	spent, _ := w.DB.PlanCost(ctx)
	w.Close()

	// The next command, under the same budget: refused before the agent.
	w = reopen(t, ws)
	if err := w.RunBatch(ctx, 12); err == nil || !strings.Contains(err.Error(), "budget: $0.14 of the plan's $0.14 is spent") {
		t.Fatalf("the next command: %v, want a refusal saying what is spent", err)
	}
	if now, _ := w.DB.PlanCost(ctx); now != spent {
		t.Errorf("the refused command spent $%v", now-spent)
	}
	w.Close()

	// Raised: the batch goes on from its retry, with the gate's findings.
	ws.Config.BudgetUSD = 1
	w = reopen(t, ws)
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatalf("after raising the budget: %v", err)
	}
	if st := status(t, w, 12); st != port.Verified {
		t.Errorf("feature 12 is %s", st)
	}
}

// A running attempt is capped at what is left: the CLI's own limit stops it.
func TestARunningAttemptIsCappedAtWhatIsLeftOfTheBudget(t *testing.T) {
	s := open(t, brokenThenFixed(t), map[string]string{"PORTWAVE_BUDGET_USD": "0.06"})
	err := s.w.RunBatch(context.Background(), 12)
	if err == nil || !strings.Contains(err.Error(), "error_max_budget_usd") {
		t.Fatalf("err = %v, want the agent stopped by its budget", err)
	}
	br := latest(t, s.w, 12)
	if br.Stage != port.StageAgent || br.CostUSD < 0.06 || br.CostUSD > 0.06+0.05 {
		t.Errorf("the capped attempt: %s at %s, $%v", br.State, br.Stage, br.CostUSD)
	}
}

// Attempts that run at once share what is left of the budget: each is
// capped at its share, so together they overrun it by at most one turn
// each, not by the whole budget each.
func TestAttemptsRunningAtOnceShareWhatIsLeftOfTheBudget(t *testing.T) {
	const budget, perTurn = 0.30, 0.10
	steps := []map[string]any{{"sleep": "1s"}, {"usage": map[string]any{"input_tokens": 1000, "output_tokens": 100, "cost_usd": perTurn}}}
	for range 8 {
		steps = append(steps, map[string]any{"read": map[string]any{"path": serverCS}})
	}
	s := open(t, testws.Script(t, steps, nil), map[string]string{"PORTWAVE_BUDGET_USD": "0.30", "PORTWAVE_JOBS": "2", "PORTWAVE_ATTEMPTS": "1"})
	ctx := context.Background()
	s.w.Batches(ctx, []int{11, 12})
	spent, err := s.w.DB.PlanCost(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if spent > budget+2*perTurn+1e-9 {
		t.Errorf("two attempts at once spent $%.2f of a $%.2f budget: more than one turn ($%.2f) over it each", spent, budget, perTurn)
	}
	for _, id := range []int{11, 12} {
		br := latest(t, s.w, id)
		if br.Turns == 0 || !strings.Contains(br.Error, "error_max_budget_usd") {
			t.Errorf("batch %d: %d turns, %q: want it stopped by its share of the budget", id, br.Turns, br.Error)
		}
	}
}
