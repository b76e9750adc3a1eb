package command

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"portwave/mage/config"
	"portwave/mage/plan"
	"portwave/mage/run"
)

// ModeEnv says how batch:run, retry, the waves and all end a batch that
// passed its gate: "merge" (the default) merges and audits it here;
// "branch" stops there, ledger state gated, and leaves port/batch-NN for a
// merge job (`mage merge`), as the GitHub Actions matrix runs batches.
const ModeEnv = config.ModeEnv

// mode reads ModeEnv.
func (s *Session) mode() (run.Mode, error) {
	switch v := s.Getenv(ModeEnv); v {
	case "", "merge":
		return run.MergeMode, nil
	case "branch":
		return run.BranchMode, nil
	default:
		return 0, fmt.Errorf("%s=%s: want merge or branch", ModeEnv, v)
	}
}

// Matrix prints what the port workflow's plan job hands to its matrix, as
// lines for $GITHUB_OUTPUT:
//
//	matrix={"batch":[44,46]}   the batches of wave (a number, or all) still to do
//	jobs=3                     max-parallel: the configured jobs
//	count=2                    0 when there is nothing to do
//
// The batches are picked as a local run picks them: the plan from the
// batch files, validated against porting.db, and the ledger's Finished
// (done batches are left out unless PORTWAVE_FORCE). A wave whose
// batches depend on an earlier wave that is not done is refused: its
// batch jobs would start from a main branch without that work. "all"
// puts every batch not done in one matrix; the merge job then merges them
// in dependency order.
func (s *Session) Matrix(ctx context.Context, wave string) error {
	db, err := s.OpenDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := s.loadPlan(ctx, db)
	if err != nil {
		return err
	}
	ids, err := waveBatches(st.Plan, wave)
	if err != nil {
		return err
	}
	tmpl, err := s.template()
	if err != nil {
		return err
	}
	todo, err := run.Standing{Plan: st.Plan, DB: db, Template: tmpl}.ToRun(ctx, ids, s.Config.Force)
	if err != nil {
		return fmt.Errorf("wave %s cannot run yet: %w", wave, err)
	}
	data, err := json.Marshal(struct {
		Batch []int `json:"batch"`
	}{append([]int{}, todo...)})
	if err != nil {
		return err
	}
	s.logf("wave %s: %d of %d batches to run %v, %d at once", wave, len(todo), len(ids), todo, s.Config.Jobs)
	_, err = fmt.Fprintf(s.Out, "matrix=%s\njobs=%d\ncount=%d\n", data, s.Config.Jobs, len(todo))
	return err
}

// waveBatches is the batches of wave ("1".."N" or "all").
func waveBatches(p *plan.Plan, wave string) ([]int, error) {
	var numbers []string
	for _, w := range p.Waves() {
		numbers = append(numbers, strconv.Itoa(w.Number))
		if strconv.Itoa(w.Number) == wave {
			return w.Batches, nil
		}
	}
	if wave == "all" {
		var ids []int
		for _, b := range p.Batches {
			ids = append(ids, b.ID)
		}
		slices.Sort(ids)
		return ids, nil
	}
	return nil, fmt.Errorf("wave %q: want all or one of the plan's waves (%s)", wave, strings.Join(numbers, ", "))
}
