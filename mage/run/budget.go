package run

import (
	"context"
	"fmt"
	"math"
	"strings"

	"portwave/mage/portdb"
)

// The budget (budget_usd) is the plan's, not a command's: what every
// command spent on agents is in the ledger, so three commands under a $1
// budget spend $1 between them, not $1 each. It is checked before every
// agent attempt (first attempts, gate retries, `retry`, `batch:run`), and a
// running attempt is capped at what is left with the agent's own per-run
// limit, so one attempt cannot overrun it by much.

// budgetLeft is what is left of the plan's budget; limited is false when
// there is no budget.
func (w *Orchestrator) budgetLeft(ctx context.Context) (left, spent float64, limited bool, err error) {
	if w.Config.BudgetUSD <= 0 {
		return 0, 0, false, nil
	}
	spent, err = w.DB.PlanCost(ctx)
	if err != nil {
		return 0, 0, true, err
	}
	return w.Config.BudgetUSD - spent, spent, true, nil
}

// budgetCap checks the budget before an attempt. It fails when nothing is
// left, and otherwise returns the cap for the attempt (0: none).
func (j *job) budgetCap(ctx context.Context) (float64, error) {
	left, spent, limited, err := j.w.budgetLeft(ctx)
	if err != nil || !limited {
		return 0, err
	}
	if left <= 0 {
		return 0, failed("budget: $%.2f of the plan's $%.2f is spent, nothing is left for attempt %d; "+
			"raise PORTWAVE_BUDGET_USD to go on", spent, j.w.Config.BudgetUSD, j.br.Attempt)
	}
	j.w.note(j.batch.ID, "batch %d attempt %d: $%.2f of the plan's $%.2f budget left; the attempt is capped at that",
		j.batch.ID, j.br.Attempt, left, j.w.Config.BudgetUSD)
	// Down to a hundredth of a cent: the cap never exceeds what is left.
	return math.Floor(left*1e4) / 1e4, nil
}

// CheckDeps refuses to run batch id alone while one of its dependencies is
// not merged: it would start from a main branch without their work.
// PORTWAVE_FORCE=1 overrides. In branch mode (the GitHub Actions matrix)
// every batch job starts from the same main by design and the merge job
// orders the merges, so there is nothing to check.
func (w *Orchestrator) CheckDeps(ctx context.Context, id int) error {
	b, ok := w.Plan.Batch(id)
	if !ok {
		return fmt.Errorf("batch %d is not in the plan", id)
	}
	if w.Config.Force || w.Mode == BranchMode || len(b.DepIDs()) == 0 {
		return nil
	}
	latest, err := w.DB.LatestBatchRuns(ctx)
	if err != nil {
		return err
	}
	var missing []string
	for _, d := range b.DepIDs() {
		prev, ok := latest[d]
		switch {
		case !ok:
			missing = append(missing, fmt.Sprintf("batch %d (never run)", d))
		case prev.State != portdb.StateDone:
			missing = append(missing, fmt.Sprintf("batch %d (%s at %s)", d, prev.State, prev.Stage))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("batch %d depends on work not merged yet: %s; run those first, or PORTWAVE_FORCE=1 to run it anyway",
		id, strings.Join(missing, ", "))
}
