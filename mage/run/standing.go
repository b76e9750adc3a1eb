package run

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"portwave/mage/plan"
	"portwave/mage/portdb"
	"portwave/mage/prompt"
)

// Standing is where the plan's batches stand by porting.db's ledger. It
// takes no lock and writes nothing, so the GitHub Actions plan job asks it
// which batches to start while the orchestrator's own runs ask it the same
// question through Workspace.Finished: both decide alike.
type Standing struct {
	Plan     *plan.Plan
	DB       *portdb.DB
	Template *prompt.Template // nil: a changed prompt does not count
}

// Finished reports whether batch id is done with the current spec and
// prompt template, and if not why it would run.
func (s Standing) Finished(ctx context.Context, id int) (bool, string, error) {
	b, ok := s.Plan.Batch(id)
	if !ok {
		return false, "", fmt.Errorf("batch %d is not in the plan", id)
	}
	latest, err := s.DB.LatestBatchRuns(ctx)
	if err != nil {
		return false, "", err
	}
	prev, ok := latest[id]
	switch {
	case !ok:
		return false, "never run", nil
	case prev.State != portdb.StateDone:
		return false, fmt.Sprintf("last run %s at %s", prev.State, prev.Stage), nil
	case prev.SpecHash != SpecHash(*b):
		return false, "its batch spec changed since it ran", nil
	case s.Template != nil && prev.PromptHash != s.Template.Hash:
		return false, "the prompt template changed since it ran", nil
	}
	return true, "done", nil
}

// ToRun is what a run of ids would start, ascending: the batches not done
// (with force, all of them). Like the scheduler, it refuses when one of
// them depends on a batch outside ids that is not done, naming both: the
// batch would start from a main branch that lacks its dependency.
func (s Standing) ToRun(ctx context.Context, ids []int, force bool) ([]int, error) {
	var blocked []string
	var out, waitFor []int
	for _, id := range ids {
		b, ok := s.Plan.Batch(id)
		if !ok {
			return nil, fmt.Errorf("batch %d is not in the plan", id)
		}
		done, _, err := s.Finished(ctx, id)
		if err != nil {
			return nil, err
		}
		if done && !force {
			continue
		}
		out = append(out, id)
		for _, dep := range b.DepIDs() {
			if slices.Contains(ids, dep) {
				continue
			}
			depDone, why, err := s.Finished(ctx, dep)
			if err != nil {
				return nil, err
			}
			if !depDone {
				blocked = append(blocked, fmt.Sprintf("batch %d needs batch %d, which is not done (%s)", id, dep, why))
				waitFor = append(waitFor, dep)
			}
		}
	}
	if len(blocked) > 0 {
		slices.Sort(waitFor)
		waitFor = slices.Compact(waitFor)
		noun := "batch"
		if len(waitFor) > 1 {
			noun = "batches"
		}
		return nil, fmt.Errorf("%s: run %s %s first", strings.Join(blocked, "; "), noun, joinInts(waitFor))
	}
	slices.Sort(out)
	return out, nil
}
