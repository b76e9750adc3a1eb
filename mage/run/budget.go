package run

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"portwave/mage/port"
)

// The budget (budget_usd) is the plan's, not a command's: what every
// command spent on agents is in the ledger, so three commands under a $1
// budget spend $1 between them, not $1 each. It is checked before every
// agent attempt (first attempts, gate retries, `retry`, `batch:run`), and a
// running attempt is capped with the agent's own per-run limit. Attempts
// running at once share what is left: each is capped at its share, and
// what the others hold is not handed out again, so the plan overruns its
// budget by at most one turn per running attempt (the agent checks its
// cap before each turn).

// shares is what the attempts running at once hold of the budget.
type shares struct {
	mu      sync.Mutex
	slots   int // attempts that may run at once; 0 means 1
	holding map[*job]share
}

// share is one running attempt's cap, and its cost when it started.
type share struct {
	cap, startCost float64
}

// setSlots says how many attempts may run at once from now on.
func (s *shares) setSlots(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slots = n
}

// take caps a starting attempt at its share of left: what the running
// attempts hold and have not spent yet is theirs, and the rest is divided
// among the attempts that may still start, this one included. held is what
// the others hold.
func (s *shares) take(j *job, left float64) (capUSD, held float64, others int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for other, sh := range s.holding {
		other.live.Lock()
		spent := other.br.CostUSD - sh.startCost
		other.live.Unlock()
		held += max(sh.cap-spent, 0)
	}
	others = len(s.holding)
	free := max(max(s.slots, 1)-others, 1)
	capUSD = max(left-held, 0) / float64(free)
	if capUSD > 0 {
		if s.holding == nil {
			s.holding = map[*job]share{}
		}
		s.holding[j] = share{cap: capUSD, startCost: j.br.CostUSD}
	}
	return capUSD, held, others
}

// release gives back what a finished attempt held: what it spent is in
// the ledger now.
func (s *shares) release(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.holding, j)
}

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
	capUSD, held, others := j.w.shares.take(j, left)
	// Down to a hundredth of a cent: the cap never exceeds the share.
	capUSD = math.Floor(capUSD*1e4) / 1e4
	if capUSD <= 0 {
		j.w.shares.release(j)
		return 0, failed("budget: the $%.2f left of the plan's $%.2f is held by the %d attempt(s) running, nothing is left for attempt %d; "+
			"raise PORTWAVE_BUDGET_USD to go on", left, j.w.Config.BudgetUSD, others, j.br.Attempt)
	}
	if others == 0 && capUSD >= left {
		j.w.note(j.batch.ID, "batch %d attempt %d: $%.2f of the plan's $%.2f budget left; the attempt is capped at that",
			j.batch.ID, j.br.Attempt, left, j.w.Config.BudgetUSD)
	} else {
		j.w.note(j.batch.ID, "batch %d attempt %d: $%.2f of the plan's $%.2f budget left, $%.2f of it held by %d running attempt(s); the attempt is capped at its share, $%.2f",
			j.batch.ID, j.br.Attempt, left, j.w.Config.BudgetUSD, held, others, capUSD)
	}
	return capUSD, nil
}

// CheckDeps refuses to run batch id alone while one of its dependencies is
// not merged: it would start from a main branch without their work.
// PORTWAVE_FORCE=1 overrides. In branch mode (the GitHub Actions matrix)
// every batch job starts from the same main by design and the merge job
// orders the merges, so there is nothing to check.
func (w *Orchestrator) CheckDeps(ctx context.Context, id int) error {
	b, err := w.Plan.Find(id)
	if err != nil {
		return err
	}
	if w.Config.Force || w.Mode == BranchMode || len(b.RunDeps()) == 0 {
		return nil
	}
	latest, err := w.DB.LatestBatchRuns(ctx)
	if err != nil {
		return err
	}
	var missing []string
	for _, d := range b.RunDeps() {
		prev, ok := latest[d]
		why := ""
		if slices.Contains(b.ImpliedIDs(), d) {
			why = "; its features call into it"
		}
		switch {
		case !ok:
			missing = append(missing, fmt.Sprintf("batch %d (never run%s)", d, why))
		case prev.State != port.StateDone:
			missing = append(missing, fmt.Sprintf("batch %d (%s at %s%s)", d, prev.State, prev.Stage, why))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("batch %d depends on work not merged yet: %s; run those first, or PORTWAVE_FORCE=1 to run it anyway",
		id, strings.Join(missing, ", "))
}
