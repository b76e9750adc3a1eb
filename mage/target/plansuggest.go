package target

import (
	"context"
	"fmt"
	"path"
	"strings"

	"portwave/mage/audit"
	"portwave/mage/callgraph"
	"portwave/mage/config"
	"portwave/mage/plan"
	"portwave/mage/portdb"
	"portwave/mage/prompt"
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
	b, ok := st.Plan.Batch(id)
	if !ok {
		return fmt.Errorf("batch %d is not in the plan (%s)", id, s.Config.Batches)
	}
	tree, err := prompt.ReadCSharpTree(ctx, s.Config.CSharpRoot)
	if err != nil {
		return err
	}
	naming := audit.Naming{ClassMap: s.Config.ClassMap}
	r, err := plan.Split(st.Plan, id, s.Config.Jobs, st.Features, edges, func(it portdb.Item) string {
		return targetFile(*b, tree, naming, it)
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

// targetFile is the batch target an item's C# member lives in: its mapped
// file, else where the C# tree declares the member, else the one target
// file named after its class ("NatsServer.cs", or one partial such as
// "NatsServer.Stats.cs"); "" when none of these tells.
func targetFile(b plan.Batch, tree *prompt.CSharpTree, naming audit.Naming, it portdb.Item) string {
	if it.DotnetFile != "" {
		return it.DotnetFile
	}
	class, member := naming.Target(it)
	if sig, ok := tree.Signature(class, member); ok {
		return sig.File
	}
	var named []string
	for _, t := range b.Targets {
		stem := strings.TrimSuffix(path.Base(t.Path), ".cs")
		if stem == class {
			return t.Path
		}
		if strings.HasPrefix(stem, class+".") {
			named = append(named, t.Path)
		}
	}
	if len(named) == 1 {
		return named[0]
	}
	return ""
}
