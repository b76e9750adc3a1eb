package plan_test

import (
	"testing"

	"portwave/internal/gotree"
	"portwave/mage/callgraph"
	"portwave/mage/plan"
)

// natsnetCalls are the calls between NatsNet's features that nats-server
// v2.12.4 makes, as the fixture records them.
func natsnetCalls(t *testing.T) []callgraph.Edge {
	t.Helper()
	var edges []callgraph.Edge
	for _, c := range gotree.Load(t).Calls {
		edges = append(edges, callgraph.Edge{From: c.From, To: c.To, Pos: callgraph.Pos{File: "x.go", Line: c.Line, Col: c.Col}})
	}
	return edges
}

// On NatsNet's plan and calls, the suggestion leaves no call the declared
// dependencies do not order but those it accepts, says which those are
// and why, and run again on its own plan proposes nothing; its makespans
// are those of the plan it proposes.
func TestSuggestOnNatsNetConvergesAndRunAgainProposesNothing(t *testing.T) {
	p, err := plan.LoadBatches(committedBatches)
	if err != nil {
		t.Fatal(err)
	}
	inv := inventory{}
	for _, it := range fixtureFeatures(t) {
		inv[it.ID] = it
	}
	edges := natsnetCalls(t)
	s := plan.Suggest(p, inv, edges)
	if len(s.Issues) == 0 || s.Changes() == 0 {
		t.Fatalf("NatsNet's plan needs changes: %d calls unordered, %d changes", len(s.Issues), s.Changes())
	}
	if left := plan.CallIssues(s.Plan, inv, edges); len(left) != 0 {
		t.Errorf("the suggested plan leaves %d calls unordered, the first %+v", len(left), left[0])
	}
	if d := plan.Validate(s.Plan, inv, ""); d.Err() != nil {
		t.Errorf("the suggested plan does not validate: %v", d.Err())
	}
	weight := plan.PendingWeight(inv)
	if got := s.Plan.MakespansOf(weight); got != s.After {
		t.Errorf("makespans %v printed, %v of the suggested plan", s.After, got)
	}
	again := plan.Suggest(s.Plan, inv, edges)
	if again.Changes() != 0 || len(again.Issues) != 0 {
		t.Errorf("run again it proposes %d changes for %d calls: moves %+v, waves %+v, deps %+v, accepted %+v",
			again.Changes(), len(again.Issues), again.FeatureMoves, again.Moves, again.Deps, again.Accepted)
	}
	t.Logf("moves %d, dropped %v, waves %+v, deps %d, accepted %+v, makespans %v -> %v", len(s.FeatureMoves), s.Dropped, s.Moves, len(s.Deps), s.Accepted, s.Before, s.After)
}
