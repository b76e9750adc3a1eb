package plan_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/callgraph"
	"portwave/mage/plan"
)

// orderOf is each call's order, "from->to: order", and each batch's
// implied dependencies.
func orderOf(p *plan.Plan, issues []plan.CallIssue) (calls []string, implied map[int][]int) {
	names := map[plan.CallOrder]string{plan.CallImplied: "implied", plan.CallAccepted: "accepted", plan.CallUnordered: "unordered",
		plan.CallParallel: "parallel", plan.CallLater: "later", plan.CallUnplanned: "unplanned"}
	for _, is := range issues {
		calls = append(calls, fmt.Sprintf("%d->%d: %s", is.Edge.From, is.Edge.To, names[is.Order]))
	}
	implied = map[int][]int{}
	for _, b := range p.Batches {
		if ids := b.ImpliedIDs(); len(ids) > 0 {
			implied[b.ID] = ids
		}
	}
	return calls, implied
}

// Batches 1 and 4 in wave 1, 2 and 5 in wave 2, 3 in wave 3; 3 depends on
// 2, which depends on 1.
func fiveBatches() *plan.Plan {
	group := func(lo, hi int) []plan.Group { return []plan.Group{{Ranges: plan.Ranges{{Lo: lo, Hi: hi}}}} }
	return &plan.Plan{Batches: []plan.Batch{
		{ID: 1, Wave: 1, Features: group(1, 2)},
		{ID: 2, Wave: 2, Features: group(3, 4), DependsOn: []plan.Dep{{ID: 1}}},
		{ID: 3, Wave: 3, Features: group(5, 6), DependsOn: []plan.Dep{{ID: 2}}},
		{ID: 4, Wave: 1, Features: group(7, 8)},
		{ID: 5, Wave: 2, Features: group(9, 12)},
	}}
}

func TestImplyDependenciesOrdersEveryCallThatCanBeOrdered(t *testing.T) {
	edges := []callgraph.Edge{
		edge(5, 1),   // 3 -> 1: declared, through 2
		edge(5, 7),   // 3 -> 4, an earlier wave: implied
		edge(3, 9),   // 2 -> 5, same wave, 2 calls: implied
		edge(4, 10),  // 2 -> 5
		edge(11, 3),  // 5 -> 2, same wave, 1 call: 2 waits for 5 already
		edge(1, 5),   // 1 -> 3, a later wave
		edge(12, 99), // into no batch
		edge(6, 6),   // within a batch
	}
	p := fiveBatches()
	calls, implied := orderOf(p, plan.ImplyDependencies(p, edges, true))
	want := []string{"1->5: later", "3->9: implied", "4->10: implied", "5->7: implied", "11->3: parallel", "12->99: unplanned"}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[int][]int{2: {5}, 3: {4}}, implied); diff != "" {
		t.Errorf("implied dependencies (-want +got):\n%s", diff)
	}
	// Every run follows them: the order, the critical path, the hash.
	order, err := p.Order()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{1, 4, 5, 2, 3}, order); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if !p.RunsAfter(3, 5) || p.RunsAfter(5, 2) {
		t.Errorf("RunsAfter(3, 5) = %v, RunsAfter(5, 2) = %v; want true, false", p.RunsAfter(3, 5), p.RunsAfter(5, 2))
	}
	declaredOnly := fiveBatches()
	if p.GraphHash() == declaredOnly.GraphHash() {
		t.Error("the implied dependencies do not change the plan's graph hash")
	}

	// Off, nothing is implied and the calls are unordered.
	p = fiveBatches()
	calls, implied = orderOf(p, plan.ImplyDependencies(p, edges, false))
	want = []string{"1->5: later", "3->9: unordered", "4->10: unordered", "5->7: unordered", "11->3: unordered", "12->99: unplanned"}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("order_by_calls off: calls (-want +got):\n%s", diff)
	}
	if len(implied) > 0 {
		t.Errorf("order_by_calls off: implied %v", implied)
	}
}

func TestAcceptedCallsImplyNothing(t *testing.T) {
	edges := []callgraph.Edge{edge(5, 7), edge(6, 8), edge(3, 9), edge(4, 10)}
	p := fiveBatches()
	p.Batches[2].Accepted = []plan.AcceptedCall{{Batch: 4}}       // every call of 3 into 4
	p.Batches[1].Accepted = []plan.AcceptedCall{{From: 3, To: 9}} // one call of 2 into 5
	calls, implied := orderOf(p, plan.ImplyDependencies(p, edges, true))
	want := []string{"3->9: accepted", "4->10: implied", "5->7: accepted", "6->8: accepted"}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[int][]int{2: {5}}, implied); diff != "" {
		t.Errorf("implied dependencies (-want +got):\n%s", diff)
	}
}

// The accepted calls of a plan document survive the batch files, with the
// lines of the document that messages point at.
func TestAcceptedCallsAndTheDocumentsLinesSurviveTheBatchFiles(t *testing.T) {
	p, err := plan.ParseDocument("docs/plan.md", []byte(acceptedDoc))
	p.NameDocument(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := plan.WriteBatches(dir, p); err != nil {
		t.Fatal(err)
	}
	loaded, err := plan.LoadBatches(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := loaded.Batch(2)
	if got := fmt.Sprint(b.Accepted[0], ", ", b.Accepted[1], " (", b.AcceptedNote, ")"); got != "Batch 1, 6 -> 1 (stubs until then)" {
		t.Errorf("accepted calls read back as %q", got)
	}
	for _, c := range []struct {
		at   plan.Pos
		line int
	}{{b.Pos, 21}, {b.DependsOn[0].Pos, 31}, {b.Accepted[1].Pos, 33}, {b.Targets[0].Pos, 27}, {b.Features[0].Ranges[0].Pos, 29}, {b.WavePos, 43}} {
		got, ok := loaded.DocumentPos(c.at)
		if want := (plan.Pos{File: "docs/plan.md", Line: c.line}); !ok || got != want {
			t.Errorf("%s is from %v (%v), want %v", c.at, got, ok, want)
		}
	}
}

const acceptedDoc = `# Accepted

## Batch Structure

### Batch 1: Parser (5 features)

Parse things.

**Target files**:

- ` + "`Parser.cs`" + `

**Feature IDs**: 1-5

**Dependencies**: None

**Accepted calls**: Batch 2

## More

### Batch 2: Lexer (5 features)

Scan things.

**Target files**:

- ` + "`Lexer.cs`" + `

**Feature IDs**: 6-10

**Dependencies**: Batch 1

**Accepted calls**: Batch 1, 6 -> 1 (stubs until then)

## Execution Plan

### Wave 1

- **Batch 1**

### Wave 2

- **Batch 2**
`
