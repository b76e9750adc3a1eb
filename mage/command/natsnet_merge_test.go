package command_test

import (
	"context"
	"strings"
	"testing"

	"portwave/internal/natsnetws"
	"portwave/internal/testws"
	"portwave/mage/command"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// The seed's plan as one graph at three jobs, with an agent that ports
// each feature as agents often do: its stub removed and its
// implementation written before the closing brace of its class's home
// file (ClientConnection.cs, NatsServer.cs). Batches that run at once
// (42 and 43, 44 and 46) add members to the same classes, so
// merging main into a batch's branch is a conflict for git's line merge;
// portwave's merge driver settles it by members, the merge commit is
// gated before main moves, and the plan ends at its number with no
// conflict stop.
func TestTheSeedsPlanWithAnAgentThatAppendsMergesByMembersWithoutAConflict(t *testing.T) {
	testws.Slow(t)
	// The home file is outside most batches' target files: scope csharp.
	// The plan runs as its document declares it, 44 beside 46 as in the
	// run that found the conflict: with order_by_calls, the calls between
	// the batches order them and their merges no longer meet.
	ws := natsnetws.New(t, natsnetws.Options{Settings: []string{"scope: csharp", "order_by_calls: false"}})
	t.Setenv("PORTWAVE_CONFIG", ws.Config)
	t.Setenv("PORTER_APPEND", "1")
	ctx := context.Background()
	s, err := command.NewSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Config.Jobs != 3 {
		t.Fatalf("jobs = %d, want the default 3", s.Config.Jobs)
	}
	if err := s.All(ctx); err != nil {
		t.Fatal(err)
	}
	assertPlanFinished(t, ws, 1)
	db, err := portdb.OpenReadOnly(ctx, ws.Dir+"/porting.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	byMembers := 0
	for id, runs := range batchRuns(t, ws) {
		for _, r := range runs {
			if r.State == port.StateConflict {
				t.Errorf("batch %d attempt %d ended in conflict: %s", id, r.Attempt, r.Error)
			}
		}
		trs, err := db.Transitions(ctx, runs[len(runs)-1].ID)
		if err != nil {
			t.Fatal(err)
		}
		merged := false
		for _, tr := range trs {
			if strings.Contains(tr.Detail, " merged by members: the batch's ") {
				merged = true
				byMembers++
				t.Logf("batch %d: %.200s", id, tr.Detail)
			}
			if merged && strings.Contains(tr.Detail, "gate passed on") {
				merged = false // gated after its merge by members
			}
		}
		if merged {
			t.Errorf("batch %d reached main without the gate after its merge by members", id)
		}
	}
	if byMembers == 0 {
		t.Error("no merge was settled by members: the plan's parallel batches did not meet in one class")
	}
}
