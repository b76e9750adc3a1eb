package run

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/prompt"
)

// Standing is where the plan's batches stand by porting.db's ledger. It
// takes no lock and writes nothing, so the GitHub Actions plan job asks it
// which batches to start while the orchestrator's own runs ask it the same
// question through Orchestrator.Finished: both decide alike.
type Standing struct {
	Plan     *plan.Plan
	DB       *portdb.DB
	Template *prompt.Template // nil: a changed prompt does not count
}

// Finish is whether a batch is done with the current spec and prompt
// template and, when it is not, why it would run.
type Finish struct {
	Done bool
	Why  string
}

// All reads the ledger once and tells, for every batch of the plan,
// whether it is finished.
func (s Standing) All(ctx context.Context) (map[int]Finish, error) {
	latest, err := s.DB.LatestBatchRuns(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int]Finish, len(s.Plan.Batches))
	for _, b := range s.Plan.Batches {
		prev, ok := latest[b.ID]
		switch {
		case !ok:
			out[b.ID] = Finish{Why: "never run"}
		case prev.State != port.StateDone:
			out[b.ID] = Finish{Why: fmt.Sprintf("last run %s at %s", prev.State, prev.Stage)}
		case prev.SpecHash != b.SpecHash():
			out[b.ID] = Finish{Why: "its batch spec changed since it ran"}
		case s.Template != nil && prev.PromptHash != s.Template.Hash:
			out[b.ID] = Finish{Why: "the prompt template changed since it ran"}
		default:
			out[b.ID] = Finish{Done: true, Why: "done"}
		}
	}
	return out, nil
}

// Finished reports whether batch id is done with the current spec and
// prompt template, and if not why it would run.
func (s Standing) Finished(ctx context.Context, id int) (bool, string, error) {
	if _, err := s.Plan.Find(id); err != nil {
		return false, "", err
	}
	all, err := s.All(ctx)
	if err != nil {
		return false, "", err
	}
	return all[id].Done, all[id].Why, nil
}

// ToRun is what a run of ids would start, ascending: the batches not done
// (with force, all of them). Like the scheduler, it refuses when one of
// them depends on a batch outside ids that is not done, naming both: the
// batch would start from a main branch that lacks its dependency.
func (s Standing) ToRun(ctx context.Context, ids []int, force bool) ([]int, error) {
	var blocked []string
	var out, waitFor []int
	finish, err := s.All(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		b, err := s.Plan.Find(id)
		if err != nil {
			return nil, err
		}
		if finish[id].Done && !force {
			continue
		}
		out = append(out, id)
		for _, dep := range b.RunDeps() {
			if slices.Contains(ids, dep) {
				continue
			}
			if f, known := finish[dep]; !f.Done {
				why := f.Why
				if !known {
					why = "not in the plan"
				}
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
