package command

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"portwave/mage/audit"
	"portwave/mage/callgraph"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/prompt"
)

// graph loads the Go tree's call graph, cached under the workspace's git
// directory (.git/portwave/). It returns nil, and logs why, when the Go
// root is not there: the call checks are then skipped, not failed.
func (s *Session) graph(ctx context.Context) (*callgraph.Graph, error) {
	if _, err := os.Stat(s.Config.GoRoot); errors.Is(err, fs.ErrNotExist) {
		s.logf("note: no Go tree at %s; calls are not checked", s.Config.GoRoot)
		return nil, nil
	}
	g, err := callgraph.Load(ctx, s.Config.GoRoot, cacheDir(s.Config.Workspace))
	if err != nil {
		return nil, err
	}
	for _, f := range g.Skipped {
		s.logf("note: call graph: %s did not parse", f)
	}
	return g, nil
}

// cacheDir is portwave's folder in the workspace's git directory (in a
// linked worktree, the git directory its .git file names); empty when the
// workspace is not a git repository, which means no cache.
func cacheDir(workspace string) string {
	dot := filepath.Join(workspace, ".git")
	st, err := os.Stat(dot)
	switch {
	case err != nil:
		return ""
	case st.IsDir():
		return filepath.Join(dot, "portwave")
	}
	data, err := os.ReadFile(dot)
	if err != nil {
		return ""
	}
	dir, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
	if !ok {
		return ""
	}
	dir = strings.TrimSpace(dir)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(workspace, dir)
	}
	return filepath.Join(dir, "portwave")
}

// orderCalls reads the calls between the plan's features, gives the plan
// the dependencies they imply (unless order_by_calls is off) and, for the
// targets about the plan (validate, plan:show), warns about the calls the
// declared dependencies do not order, per batch.
func (s *Session) orderCalls(ctx context.Context, st *planState) {
	st.Edges, st.Calls = s.callOrder(ctx, st.Plan, st.Features.items())
	if s.showWarnings && st.Edges != nil {
		st.Diag.Warnings = append(st.Diag.Warnings, plan.CallWarnings(st.Plan, st.Features, st.Calls, s.Verbose)...)
	}
}

// callOrder gives p the dependencies the calls between items imply (see
// plan.ImplyDependencies) and returns the calls with those the declared
// dependencies do not order. The implied dependencies are the order every
// run follows, so the generated targets and the runs compute them the same
// way. A call graph that cannot be built is a note in the log: the plan
// then runs by its declared dependencies, and a generated target says its
// plan has another shape.
func (s *Session) callOrder(ctx context.Context, p *plan.Plan, items []port.Item) ([]callgraph.Edge, []plan.CallIssue) {
	g, err := s.graph(ctx)
	if err != nil {
		s.logf("note: calls are not read, the plan runs by its declared dependencies only: %v", err)
	}
	if g == nil {
		return nil, nil
	}
	edges := g.Edges(items)
	return edges, plan.ImplyDependencies(p, edges, s.Config.OrderByCalls)
}

// implyDeps is callOrder for the targets that read the batch files
// without validating them against porting.db (plan:targets, plan:import
// and the generated targets' shape check): porting.db is read only for its
// features, and without it there is no implied dependency.
func (s *Session) implyDeps(ctx context.Context, p *plan.Plan) error {
	if _, err := os.Stat(s.Config.DB); errors.Is(err, fs.ErrNotExist) || len(p.Cycles()) > 0 {
		return nil // no features to read the calls of; validate reports a cycle
	}
	db, err := s.OpenDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	items, err := db.Items(ctx, port.Feature)
	if err != nil {
		return err
	}
	s.callOrder(ctx, p, items)
	return nil
}

// items is the features in ID order.
func (f features) items() []port.Item {
	out := make([]port.Item, 0, len(f))
	for _, it := range f {
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b port.Item) int { return a.ID - b.ID })
	return out
}

// contextInput gathers what the prompt's context section is built from:
// the plan, porting.db, the call graph and the C# tree.
func (s *Session) contextInput(ctx context.Context, st *planState, b plan.Batch) (prompt.ContextInput, error) {
	g, err := s.graph(ctx)
	if err != nil {
		return prompt.ContextInput{}, err
	}
	tree, err := prompt.ReadCSharpTree(ctx, s.Config.CSharpRoot)
	if err != nil {
		return prompt.ContextInput{}, err
	}
	naming := audit.Naming{ClassMap: s.Config.ClassMap}
	return prompt.ContextInput{Plan: st.Plan, Batch: b, Items: st.Features, Target: naming.Target,
		ClassMap: s.Config.ClassMap, Graph: g, Tree: tree}, nil
}
