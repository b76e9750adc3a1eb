package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/plan"
)

// listed weighs a batch by the IDs it lists, so expectations can be read off
// testdata/docs/diamond.md: Core 3, Left 10, Right 4, Top 2, Side 12.
func listed(b plan.Batch) float64 { return float64(len(b.AllIDs())) }

func diamond(t *testing.T) *plan.Plan {
	t.Helper()
	p, err := plan.ImportDocument("testdata/docs/diamond.md")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTheGraphKnowsDependenciesBothWays(t *testing.T) {
	p := diamond(t)
	got := map[string][]int{}
	for _, b := range p.Batches {
		got["deps of "+b.Name] = p.Deps(b.ID)
		got["dependents of "+b.Name] = p.Dependents(b.ID)
	}
	want := map[string][]int{
		"deps of Core": nil, "dependents of Core": {2, 3},
		"deps of Left": {1}, "dependents of Left": {4},
		"deps of Right": {1}, "dependents of Right": {4},
		"deps of Top": {2, 3}, "dependents of Top": nil,
		"deps of Side": nil, "dependents of Side": nil,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestOrderPutsEachBatchAfterItsDependenciesAndThenByWave(t *testing.T) {
	order, err := diamond(t).Order()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{1, 5, 2, 3, 4}, order); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestOrderNamesACycle(t *testing.T) {
	p, err := plan.ImportDocument("testdata/docs/cycle.md")
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Order()
	if err == nil || err.Error() != "ordering batches: dependency cycle: 2 -> 3 -> 2" {
		t.Errorf("err = %v", err)
	}
	if diff := cmp.Diff([][]int{{2, 3, 2}}, p.Cycles()); diff != "" {
		t.Errorf("cycles (-want +got):\n%s", diff)
	}
	// The path functions still end on a cyclic plan; each batch counts once.
	if path, weight := p.CriticalPath(listed); len(path) != 3 || weight != 6 {
		t.Errorf("critical path of a cyclic plan = %v weighing %v, want 3 batches weighing 6", path, weight)
	}
}

func TestRemainingPathIsTheHeaviestChainToTheEnd(t *testing.T) {
	got := diamond(t).RemainingPath(listed)
	// Top 2; Left 10+2; Right 4+2; Core 3+max(12, 6); Side 12 alone.
	want := map[int]float64{4: 2, 2: 12, 3: 6, 1: 15, 5: 12}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCriticalPathFollowsTheHeaviestChain(t *testing.T) {
	p := diamond(t)
	path, weight := p.CriticalPath(listed)
	if diff := cmp.Diff([]int{1, 2, 4}, path); diff != "" || weight != 15 {
		t.Errorf("critical path %v weighing %v, want [1 2 4] weighing 15 (-want +got):\n%s", path, weight, diff)
	}
	// Make the side batch heavier than the whole diamond: it alone is critical.
	heavySide := func(b plan.Batch) float64 {
		if b.ID == 5 {
			return 100
		}
		return listed(b)
	}
	path, weight = p.CriticalPath(heavySide)
	if diff := cmp.Diff([]int{5}, path); diff != "" || weight != 100 {
		t.Errorf("critical path %v weighing %v, want [5] weighing 100", path, weight)
	}
}

func TestCriticalPathOfTheSharedPlanRunsThroughTheMQTTBatch(t *testing.T) {
	inv := fixtureInventory(t)
	p, err := plan.LoadBatches(committedBatches)
	if err != nil {
		t.Fatal(err)
	}
	path, weight := p.CriticalPath(plan.PendingWeight(inv))
	// 42 has 54 + 1 added pending, 44 has 46, 45 has 42, 47 has 139 of 152.
	if diff := cmp.Diff([]int{42, 44, 45, 47}, path); diff != "" || weight != 55+46+42+139 {
		t.Errorf("critical path %v weighing %v (-want +got):\n%s", path, weight, diff)
	}
}

func TestWavesGroupBatchesWithTheirNotes(t *testing.T) {
	want := []plan.Wave{
		{Number: 1, Note: "parallel", Batches: []int{1, 5}},
		{Number: 2, Note: "parallel, after Wave 1", Batches: []int{2, 3}},
		{Number: 3, Batches: []int{4}},
	}
	if diff := cmp.Diff(want, diamond(t).Waves()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestTheSpecHashChangesWithTheWorkNotWithTheWords(t *testing.T) {
	p := diamond(t)
	b := p.Batches[0]
	renamed := b
	renamed.Name, renamed.Summary = "Renamed", "other words"
	if renamed.SpecHash() != b.SpecHash() {
		t.Error("renaming a batch changed its spec hash")
	}
	moreWork := b
	moreWork.Features = append(append([]plan.Group(nil), b.Features...), plan.Group{Ranges: p.Batches[1].Features[0].Ranges})
	retargeted := b
	retargeted.Targets = append(append([]plan.Target(nil), b.Targets...), plan.Target{Path: "Other.cs"})
	if moreWork.SpecHash() == b.SpecHash() || retargeted.SpecHash() == b.SpecHash() {
		t.Error("adding features or a target left the spec hash unchanged")
	}
}
