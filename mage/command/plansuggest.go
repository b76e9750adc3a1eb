package command

import (
	"context"
	"fmt"

	"portwave/mage/callgraph"
	"portwave/mage/config"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/run"
)

// planCalls loads the plan and the calls between its features.
func (s *Session) planCalls(ctx context.Context) (*planState, []callgraph.Edge, error) {
	st, err := s.readPlan(ctx)
	if err != nil {
		return nil, nil, err
	}
	g, err := s.graph(ctx)
	if err != nil {
		return nil, nil, err
	}
	if g == nil {
		return nil, nil, fmt.Errorf("plan: no Go tree at %s to read the calls from", s.Config.GoRoot)
	}
	return st, g.Edges(st.Features.items()), nil
}

// PlanSuggest prints the smallest change found to the plan's waves and
// dependencies that makes every call land on a feature ported first, with
// the makespan at 1, 2 and 3 agents before and after.
func (s *Session) PlanSuggest(ctx context.Context) error {
	st, edges, err := s.planCalls(ctx)
	if err != nil {
		return err
	}
	sug := plan.Suggest(st.Plan, st.Features, edges)
	if err := plan.WriteSuggestion(s.Out, sug, st.Features); err != nil {
		return err
	}
	return s.writeProposal(sug.Plan, sug.Changes())
}

// PlanSplit proposes sub-batches of batch id, as many as the jobs setting
// runs at once, and writes their batch files when PORTWAVE_WRITE=1.
func (s *Session) PlanSplit(ctx context.Context, id int) error {
	st, edges, err := s.planCalls(ctx)
	if err != nil {
		return err
	}
	b, err := s.findBatch(st.Plan, id)
	if err != nil {
		return err
	}
	// Placed in main as committed, as the prompt and the gate place them.
	placed, err := run.Place(ctx, s.Config, s.Config.MainBranch, *b, st.Features)
	if err != nil {
		s.logf("note: the C# tree of %s is not read (%v): features are placed by their targets and mappings", s.Config.MainBranch, err)
	}
	r, err := plan.Split(st.Plan, id, s.Config.Jobs, st.Features, edges, func(it port.Item) string {
		pl, _ := placed.Place(it.ID)
		return pl.File
	})
	if err != nil {
		return err
	}
	if err := plan.WriteSplit(s.Out, r); err != nil {
		return err
	}
	return s.writeProposal(r.Plan, len(r.Parts))
}

// writeProposal writes a proposed plan's batch files when PORTWAVE_WRITE=1,
// or says how to. The plan's targets are left to plan:targets: validate
// says they are stale until then.
func (s *Session) writeProposal(p *plan.Plan, changes int) error {
	switch {
	case changes == 0:
		return nil
	case !s.Config.Write:
		fmt.Fprintf(s.Out, "\nBatch files not written: run with %s=1 to write them to %s.\n", config.WriteEnv, relTo(s.Config.Dir, s.Config.Batches))
		return nil
	}
	if err := plan.WriteBatches(s.Config.Batches, p); err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "\nWrote the batch files to %s; `mage plan:targets` writes the plan's targets for them, and `mage plan:import` of the plan document would undo the change.\n", relTo(s.Config.Dir, s.Config.Batches))
	return nil
}
