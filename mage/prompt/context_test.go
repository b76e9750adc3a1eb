package prompt_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/goldenfile"
	"portwave/mage/audit"
	"portwave/mage/callgraph"
	"portwave/mage/demo"
	"portwave/mage/inventory"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/prompt"
)

// exampleContext is the context input for one batch of the bundled
// example, read from its files.
func exampleContext(t *testing.T, batch int) prompt.ContextInput {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if err := demo.ExtractExample(dir); err != nil {
		t.Fatal(err)
	}
	decls, err := inventory.Scan(ctx, filepath.Join(dir, "go"), inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	items := map[int]port.Item{}
	for _, it := range inventory.Merge(nil, decls).Items {
		if it.Kind == port.Feature {
			items[it.ID] = it
		}
	}
	p, err := plan.ImportDocument(filepath.Join(dir, "plan.md"))
	if err != nil {
		t.Fatal(err)
	}
	// What the example's audit finds: everything the plan does not list is
	// ported.
	planned := map[int]bool{}
	for _, b := range p.Batches {
		for _, id := range b.AllIDs() {
			planned[id] = true
		}
	}
	for id, it := range items {
		if it.Status = port.Verified; planned[id] {
			it.Status = port.Deferred
		}
		items[id] = it
	}
	b, ok := p.Batch(batch)
	if !ok {
		t.Fatalf("no batch %d", batch)
	}
	g, err := callgraph.Build(ctx, filepath.Join(dir, "go"))
	if err != nil {
		t.Fatal(err)
	}
	tree, err := prompt.ReadCSharpTree(ctx, filepath.Join(dir, "dotnet", "src", "MiniBus"))
	if err != nil {
		t.Fatal(err)
	}
	classMap := map[string]string{"Server": "NatsServer", "client": "ClientConnection"}
	return prompt.ContextInput{Plan: p, Batch: *b, Items: items, Target: audit.Naming{ClassMap: classMap}.Target,
		ClassMap: classMap, Graph: g, Tree: tree, TokenBudget: 1 << 20}
}

// cutOrder is the documented order: least useful first.
var cutOrder = []string{"unmapped types", "type mappings", "callees in this batch", "per-feature lines",
	"callees not yet ported", "callees of earlier batches", "ported callees"}

func TestTheBudgetCutsTheLeastUsefulLinesFirstAndNeverOverspends(t *testing.T) {
	for _, batch := range []int{13, 14} {
		in := exampleContext(t, batch)
		full := prompt.BuildContext(in)
		if len(full.Cut) != 0 || full.Text == "" {
			t.Fatalf("batch %d with room for everything: cut %v, text %q", batch, full.Cut, full.Text)
		}
		if again := prompt.BuildContext(in); again.Text != full.Text {
			t.Fatalf("batch %d: two builds differ:\n%s\n---\n%s", batch, full.Text, again.Text)
		}
		seenCut := map[string]bool{}
		for budget := full.Tokens; budget >= 0; budget-- {
			in.TokenBudget = budget
			c := prompt.BuildContext(in)
			if c.Tokens > budget {
				t.Errorf("batch %d, budget %d: the context takes %d tokens", batch, budget, c.Tokens)
			}
			var order []string
			for i, cut := range c.Cut {
				order = append(order, cut.What)
				seenCut[cut.What] = true
				if i < len(c.Cut)-1 && cut.Lines != cut.Of {
					t.Errorf("batch %d, budget %d: %s cut partly (%d of %d) before the next kind", batch, budget, cut.What, cut.Lines, cut.Of)
				}
			}
			var want []string
			for _, what := range cutOrder {
				if slices.Contains(order, what) {
					want = append(want, what)
				}
			}
			if diff := cmp.Diff(want, order); diff != "" {
				t.Errorf("batch %d, budget %d: cut order (-documented +got):\n%s", batch, budget, diff)
			}
			if budget == full.Tokens-1 && len(c.Cut) == 0 {
				t.Errorf("batch %d: one token short cut nothing", batch)
			}
		}
		if in.TokenBudget = 0; prompt.BuildContext(in).Text != "" {
			t.Errorf("batch %d: a zero budget still wrote a context", batch)
		}
		t.Logf("batch %d: full context %d tokens; kinds cut on the way down: %v", batch, full.Tokens, seenCut)
	}
}

func TestTheContextOfTheMessageFlowBatchIsTheGoldenFile(t *testing.T) {
	c := prompt.BuildContext(exampleContext(t, 14))
	goldenfile.Compare(t, "context-14.md", []byte(c.Text+"\n"))
}
