package plan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"portwave/mage/plan"
)

// A plan document: numbered batches with their feature IDs and
// dependencies, and the waves they run in.
const smallPlan = `# Parser Port Plan

## Batch Structure

### Batch 1: Lexer (3 features)

Tokens.

**Target files**:

- ` + "`Lexer.cs`" + ` (new)

**Feature IDs**: 1-3

**Dependencies**: None

### Batch 2: Parser (2 features)

The grammar.

**Target files**:

- ` + "`Parser.cs`" + ` (new)

**Feature IDs**: 4, 5

**Dependencies**: Batch 1 (reads its tokens)

### Batch 3: Printer (1 feature)

Formatting.

**Target files**:

- ` + "`Printer.cs`" + ` (new)

**Feature IDs**: 6

**Dependencies**: None

## Execution Plan

### Wave 1

- **Batch 1** (Lexer, 3 features)
- **Batch 3** (Printer, 1 feature)

### Wave 2 (after Wave 1)

- **Batch 2** (Parser, 2 features)
`

// ParseDocument reads a plan document; the plan gives its waves, the
// order the batches run in and the heaviest chain of them.
func ExampleParseDocument() {
	p, err := plan.ParseDocument("plan.md", []byte(smallPlan))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range p.Waves() {
		fmt.Printf("wave %d: batches %v", w.Number, w.Batches)
		if w.Note != "" {
			fmt.Printf(" (%s)", w.Note)
		}
		fmt.Println()
	}
	order, _ := p.Order()
	fmt.Println("order:", order)
	path, features := p.CriticalPath(func(b plan.Batch) float64 { return float64(len(b.AllIDs())) })
	fmt.Println("critical path:", path, features, "features")
	// Output:
	// wave 1: batches [1 3]
	// wave 2: batches [2] (after Wave 1)
	// order: [1 3 2]
	// critical path: [1 2] 5 features
}

// An error in the document names file:line:col and what was expected,
// then shows the line with a caret under the column.
func ExampleParseDocument_error() {
	doc := strings.Replace(smallPlan, "**Feature IDs**: 1-3", "**Feature IDs**: 1-3, x4", 1)
	_, err := plan.ParseDocument("plan.md", []byte(doc))
	fmt.Println(err)
	// Output:
	// plan.md:13:23: "x4" is not an ID or a range; want a number like 2420 or a range like 2406-2413
	//    13 | **Feature IDs**: 1-3, x4
	//       |                       ^
}

// LoadBatches reads the batch files plan:import writes, one per batch;
// Order runs each batch after its dependencies, then by wave and ID.
func ExampleLoadBatches() {
	dir, _ := os.MkdirTemp("", "batches")
	defer os.RemoveAll(dir)
	files := map[string]string{
		"01-lexer.yaml":   "id: 1\nname: Lexer\nwave: 1\ntargets:\n  - path: Lexer.cs\nfeatures:\n  - ids: 1-3\n",
		"02-parser.yaml":  "id: 2\nname: Parser\nwave: 2\ndepends_on: [1]\ntargets:\n  - path: Parser.cs\nfeatures:\n  - ids: 4, 5\n",
		"03-printer.yaml": "id: 3\nname: Printer\nwave: 1\ntargets:\n  - path: Printer.cs\nfeatures:\n  - ids: 6\n",
	}
	for name, text := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	p, err := plan.LoadBatches(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	order, _ := p.Order()
	for _, id := range order {
		b, _ := p.Batch(id)
		fmt.Printf("batch %d %-7s wave %d, after %v, features %v\n", b.ID, b.Name, b.Wave, p.Deps(id), b.AllIDs())
	}
	// Output:
	// batch 1 Lexer   wave 1, after [], features [1 2 3]
	// batch 3 Printer wave 1, after [], features [6]
	// batch 2 Parser  wave 2, after [1], features [4 5]
}
