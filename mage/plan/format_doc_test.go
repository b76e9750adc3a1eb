package plan_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/plan"
)

// The example in docs/plan-format.md is a plan the importer reads without
// a single error, and it says what the text says it does.
func TestThePlanFormatGuidesExampleImports(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "plan-format.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "```markdown\n")
	example, _, closed := strings.Cut(rest, "\n```\n")
	if !ok || !closed {
		t.Fatal("docs/plan-format.md has no ```markdown example")
	}
	p, err := plan.ParseDocument("plan.md", []byte(example))
	if err != nil {
		t.Fatalf("the example does not import:\n%v", err)
	}
	if p.Title != "Shop Port Plan" || len(p.Batches) != 2 {
		t.Fatalf("read %q with %d batches", p.Title, len(p.Batches))
	}
	b1, b2 := p.Batches[0], p.Batches[1]
	if b1.Wave != 1 || b2.Wave != 2 || len(b2.DependsOn) != 1 || b2.DependsOn[0].ID != 1 || len(b1.IDs()) != 3 || len(b2.IDs()) != 2 {
		t.Errorf("batches read as %+v and %+v", b1, b2)
	}
	dir := t.TempDir()
	if err := plan.WriteBatches(dir, p); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"01-cart-basics.yaml", "02-prices.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("the guide names %s: %v", name, err)
		}
	}
}
