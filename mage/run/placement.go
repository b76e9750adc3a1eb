package run

import (
	"context"
	"path"
	"path/filepath"

	"portwave/mage/audit"
	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/msbuild"
	"portwave/mage/placement"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/prompt"
)

// Place places batch b's features in the C# tree as commit of the
// workspace has it (package placement): the files its prompt names and its
// gate lets through. A tree that cannot be read places every feature by
// its targets and mapping alone, and says why.
func Place(ctx context.Context, c *config.Config, commit string, b plan.Batch, items map[int]port.Item) (placement.Placement, error) {
	all, err := PlaceAll(ctx, c, commit, []plan.Batch{b}, items)
	return all[b.ID], err
}

// PlaceAll is Place for several batches, the tree read once: what each of
// them would change if it started from commit.
func PlaceAll(ctx context.Context, c *config.Config, commit string, batches []plan.Batch, items map[int]port.Item) (map[int]placement.Placement, error) {
	naming := audit.Naming{ClassMap: c.ClassMap}
	tree, err := readTree(ctx, c, commit)
	out := make(map[int]placement.Placement, len(batches))
	for _, b := range batches {
		out[b.ID] = placement.Of(b, placement.FeaturesOf(b, items, naming.Target), tree)
	}
	return out, err
}

// readTree reads the C# tree of commit with the audit's #if symbols: the
// port's projects, or csharp_symbols.
func readTree(ctx context.Context, c *config.Config, commit string) (*placement.Tree, error) {
	projects, err := msbuild.Find(c.AuditRoot)
	if err != nil {
		return nil, err
	}
	sym, err := audit.LoadSymbols(projects, c.CSharpConfiguration, c.CSharpSymbols)
	if err != nil {
		return nil, err
	}
	return placement.ReadCommit(ctx, gitx.Repo{Dir: c.Workspace}, commit, csharpRel(c), audit.Options{StubMarker: c.StubMarker}, sym)
}

// PromptData is what the prompt template gets for batch b, its features
// placed by placed; the attempt, its findings and the call-graph context
// are the caller's.
func PromptData(c *config.Config, b plan.Batch, items map[int]port.Item, placed placement.Placement) prompt.Data {
	naming := audit.Naming{ClassMap: c.ClassMap}
	return prompt.Data{Batch: b, Features: prompt.Features(b, items, naming.Target, c.GoRoot, placed),
		CSharpRoot: csharpRel(c), Build: c.Build, StubMarker: c.StubMarker}
}

// csharpRel is the C# root, slash-separated and relative to the workspace.
func csharpRel(c *config.Config) string {
	r, err := filepath.Rel(c.Workspace, c.CSharpRoot)
	if err != nil {
		return filepath.ToSlash(c.CSharpRoot)
	}
	return filepath.ToSlash(r)
}

// placed is the batch's placement in the tree it started from, computed
// once per job: the prompt of every attempt and every gate use the same.
func (j *job) placed(ctx context.Context) (placement.Placement, error) {
	if j.placement == nil {
		base := j.br.BaseCommit
		if base == "" {
			base = j.w.Config.MainBranch // a ledger from before base commits were kept
		}
		p, err := Place(ctx, j.w.Config, base, j.batch, j.items)
		if err != nil {
			return p, err
		}
		j.placement = &p
	}
	return *j.placement, nil
}

// writable are the files the batch may change, relative to the worktree.
func (j *job) writable(ctx context.Context) ([]string, error) {
	p, err := j.placed(ctx)
	if err != nil {
		return nil, err
	}
	root := filepath.ToSlash(j.w.csharpRel())
	var out []string
	for _, f := range p.Files() {
		out = append(out, path.Join(root, f))
	}
	return out, nil
}
