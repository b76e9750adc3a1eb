package plan_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/callgraph"
	"portwave/mage/plan"
	"portwave/mage/port"
)

// threeWaves is batches 1, 2 and 3 in waves 1, 2 and 3, features 1-2, 3-4
// and 5-6, all pending.
func threeWaves() (*plan.Plan, inventory) {
	inv := inventory{}
	for id := 1; id <= 6; id++ {
		inv[id] = port.Item{ID: id, Kind: port.Feature, GoName: "f", Status: port.Deferred}
	}
	group := func(lo, hi int) []plan.Group { return []plan.Group{{Ranges: plan.Ranges{{Lo: lo, Hi: hi}}}} }
	p := &plan.Plan{Batches: []plan.Batch{
		{ID: 1, Wave: 1, Features: group(1, 2)},
		{ID: 2, Wave: 2, Features: group(3, 4)},
		{ID: 3, Wave: 3, Features: group(5, 6)},
	}}
	return p, inv
}

func edge(from, to int) callgraph.Edge {
	return callgraph.Edge{From: from, To: to, Pos: callgraph.Pos{File: "x.go", Line: from, Col: to}}
}

func TestMakespanRunsTheWavesOneAfterAnotherLongestBatchFirst(t *testing.T) {
	p, inv := threeWaves()
	p.Batches[2].Wave = 1 // batches 1 and 3 in wave 1, 2 features each
	inv[7] = port.Item{ID: 7, Status: port.Deferred}
	p.Batches[2].Features[0].Ranges[0].Hi = 7 // batch 3 has 3 features
	got := p.MakespansOf(plan.PendingWeight(inv))
	want := plan.Makespans{2 + 3 + 2, 3 + 2, 3 + 2}
	if got != want {
		t.Errorf("makespans %v, want %v", got, want)
	}
}

func TestSuggestMovesTheCalleeEarlierWhenThatIsAsSmallAndShorter(t *testing.T) {
	p, inv := threeWaves()
	// Batch 2 (wave 2) calls batch 3 (wave 3): moving 2 to wave 4 or 3 to
	// wave 1 is one move each; the second runs 1 and 3 side by side.
	s := plan.Suggest(p, inv, []callgraph.Edge{edge(3, 5)})
	if diff := cmp.Diff([]plan.Move{{Batch: 3, From: 3, To: 1}}, s.Moves); diff != "" {
		t.Errorf("moves (-want +got):\n%s", diff)
	}
	if len(s.Deps) != 1 || s.Deps[0].Batch != 2 || s.Deps[0].On != 3 {
		t.Errorf("deps = %+v, want batch 2 on 3", s.Deps)
	}
	if s.Before != (plan.Makespans{6, 6, 6}) || s.After != (plan.Makespans{6, 4, 4}) {
		t.Errorf("makespans before %v after %v", s.Before, s.After)
	}
	if issues := plan.CallIssues(s.Plan, inv, []callgraph.Edge{edge(3, 5)}); len(issues) != 0 {
		t.Errorf("the suggested plan still has %v", issues)
	}
	if p.Batches[2].Wave != 3 {
		t.Error("Suggest changed the plan it was given")
	}
}

func TestSuggestBreaksACycleBetweenBatchesByMovingTheFeatureThatCanMove(t *testing.T) {
	p, inv := threeWaves()
	p.Batches[1].DependsOn = []plan.Dep{{ID: 1}}
	p.Batches[2].DependsOn = []plan.Dep{{ID: 2}}
	// Batch 1 calls batch 2, which depends on 1: a cycle. The caller,
	// feature 1, cannot leave batch 1 (feature 2 calls it); the callee,
	// feature 3, calls nothing pending, so it joins batch 1.
	s := plan.Suggest(p, inv, []callgraph.Edge{edge(1, 3), edge(2, 1)})
	if len(s.Accepted) != 0 || len(s.FeatureMoves) != 1 || s.FeatureMoves[0].ID != 3 || s.FeatureMoves[0].To != 1 {
		t.Fatalf("accepted %v, feature moves %+v; want feature 3 moved to batch 1", s.Accepted, s.FeatureMoves)
	}
	if issues := plan.CallIssues(s.Plan, inv, []callgraph.Edge{edge(1, 3), edge(2, 1)}); len(issues) != 0 {
		t.Errorf("the suggested plan still has %v", issues)
	}
}

func TestSuggestReportsCallsIntoNoBatchAndFeaturesDoneAreFine(t *testing.T) {
	p, inv := threeWaves()
	inv[8] = port.Item{ID: 8, Status: port.Unknown}
	inv[9] = port.Item{ID: 9, Status: port.Verified}
	s := plan.Suggest(p, inv, []callgraph.Edge{edge(1, 8), edge(1, 9), edge(5, 1)})
	if len(s.Unplanned) != 1 || s.Unplanned[0].Edge.To != 8 || len(s.Moves) != 0 {
		t.Errorf("unplanned %+v, moves %+v", s.Unplanned, s.Moves)
	}
	if len(s.Deps) != 1 || s.Deps[0].Batch != 3 || s.Deps[0].On != 1 {
		t.Errorf("deps %+v, want batch 3 on 1 (its call into wave 1 is declared nowhere)", s.Deps)
	}
}

func TestCallIssuesLeaveOutCallsFromAFeatureAlreadyPortedAndIntoOneDone(t *testing.T) {
	p, inv := threeWaves()
	edges := []callgraph.Edge{edge(1, 3), edge(2, 5), edge(4, 6)}
	if got := plan.CallIssues(p, inv, edges); len(got) != 3 {
		t.Fatalf("%d issues, want 3, all into later waves: %+v", len(got), got)
	}
	done := func(id int) { it := inv[id]; it.Status = port.Verified; inv[id] = it }
	done(1) // a caller already ported is not ported again
	done(5) // a callee already ported is there to call
	got := plan.CallIssues(p, inv, edges)
	if len(got) != 1 || got[0].Edge != edge(4, 6) || got[0].Order != plan.CallLater || got[0].Callee != 3 {
		t.Errorf("issues %+v, want only 4 -> 6, later, batch 3", got)
	}
}

// A batch whose pending features all call one another is not split, and
// the refusal says why, with the longest chain of calls; a batch with
// nothing pending says that.
func TestSplitRefusesOneConnectedPartAndSaysWhy(t *testing.T) {
	p, inv := threeWaves()
	p.Batches[0].Features[0].Ranges[0].Hi = 4 // batch 1: features 1-4
	p.Batches[0].Targets = []plan.Target{{Path: "A.cs"}, {Path: "B.cs"}}
	p.Batches[1].Features[0].Ranges = plan.Ranges{{Lo: 5, Hi: 6}}
	p.Batches[2].Features[0].Ranges = plan.Ranges{{Lo: 7, Hi: 7}}
	file := func(it port.Item) string { return map[bool]string{true: "A.cs", false: "B.cs"}[it.ID%2 == 1] }
	r, err := plan.Split(p, 1, 2, inv, []callgraph.Edge{edge(1, 2), edge(2, 3), edge(4, 3)}, file)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Parts) != 0 || r.Reason != "its 4 pending features form one connected part: each calls or is called by another of them" ||
		fmt.Sprint(r.Chain) != "[1 2 3]" {
		t.Errorf("parts %d, reason %q, chain %v", len(r.Parts), r.Reason, r.Chain)
	}
	for id := 1; id <= 4; id++ {
		it := inv[id]
		it.Status = port.Verified
		inv[id] = it
	}
	r, _ = plan.Split(p, 1, 2, inv, nil, file)
	if r.Reason != "it has no pending feature" || r.Listed != 4 || r.Pending != 0 {
		t.Errorf("with nothing pending: %+v", r)
	}
}
