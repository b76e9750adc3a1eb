package command_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/fixture"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/prompt"
	"portwave/scripts"
)

// markDone records batches as merged in porting.db, as a merge job would.
func markDone(t *testing.T, dbPath string, ids ...int) {
	t.Helper()
	ctx := context.Background()
	p, err := plan.LoadBatches(fixture.BatchesPath())
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := prompt.Parse(scripts.PromptName, scripts.Prompt)
	if err != nil {
		t.Fatal(err)
	}
	db, err := portdb.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range ids {
		b, _ := p.Batch(id)
		br := &port.BatchRun{Batch: id, Attempt: 1, Stage: port.StageDone, State: port.StateDone,
			SpecHash: b.SpecHash(), PromptHash: tmpl.Hash}
		if err := db.SaveBatchRun(ctx, br, "merged by an earlier dispatch"); err != nil {
			t.Fatal(err)
		}
	}
}

func matrix(t *testing.T, e env, wave string) (string, error) {
	t.Helper()
	s, out, _ := session(t, e)
	err := s.Matrix(context.Background(), wave)
	return out.String(), err
}

// The committed batches/ are the NatsNet plan: waves {42, 43}, {44, 46},
// {45} and {47}. Each dispatch of a wave, after the waves before it
// merged, gets exactly that wave; then nothing; PORTWAVE_FORCE gets the
// wave again.
func TestTheMatrixOfEachWaveOfTheCommittedPlanIsItsBatchesAfterTheWavesBeforeIt(t *testing.T) {
	e, db := natsnet(t, nil)
	waves := []struct {
		wave, want string
		batches    []int
	}{
		{"1", "matrix={\"batch\":[42,43]}\njobs=3\ncount=2\n", []int{42, 43}},
		{"2", "matrix={\"batch\":[44,46]}\njobs=3\ncount=2\n", []int{44, 46}},
		{"3", "matrix={\"batch\":[45]}\njobs=3\ncount=1\n", []int{45}},
		{"4", "matrix={\"batch\":[47]}\njobs=3\ncount=1\n", []int{47}},
	}
	for _, w := range waves {
		got, err := matrix(t, e, w.wave)
		if err != nil {
			t.Fatalf("wave %s: %v", w.wave, err)
		}
		if d := cmp.Diff(w.want, got); d != "" {
			t.Errorf("wave %s (-want +got):\n%s", w.wave, d)
		}
		markDone(t, db, w.batches...)
	}
	for _, w := range waves {
		if got, _ := matrix(t, e, w.wave); got != "matrix={\"batch\":[]}\njobs=3\ncount=0\n" {
			t.Errorf("wave %s after it merged: %q", w.wave, got)
		}
	}
	e["PORTWAVE_FORCE"], e["PORTWAVE_JOBS"] = "1", "2"
	if got, _ := matrix(t, e, "2"); got != "matrix={\"batch\":[44,46]}\njobs=2\ncount=2\n" {
		t.Errorf("wave 2 forced: %q", got)
	}
}

func TestAMatrixThatCannotRunYetIsRefusedNamingWhatItWaitsFor(t *testing.T) {
	e, _ := natsnet(t, nil)
	tests := []struct{ wave, want string }{
		{"2", "wave 2 cannot run yet: batch 44 needs batch 42, which is not done (never run); batch 46 needs batch 42, which is not done (never run): run batch 42 first"},
		{"4", "batch 47 needs batch 44, which is not done (never run); batch 47 needs batch 45, which is not done (never run): run batches 44, 45 first"},
		{"5", `wave "5": want all or one of the plan's waves (1, 2, 3, 4)`},
		{"last", `wave "last": want all or one of the plan's waves (1, 2, 3, 4)`},
	}
	for _, tt := range tests {
		out, err := matrix(t, e, tt.wave)
		if err == nil || !strings.Contains(err.Error(), tt.want) || out != "" {
			t.Errorf("wave %s: out %q, err %v\nwant an error saying %q", tt.wave, out, err, tt.want)
		}
	}
	// all takes every batch not done: the merge job merges them in order.
	if got, err := matrix(t, e, "all"); err != nil || got != "matrix={\"batch\":[42,43,44,45,46,47]}\njobs=3\ncount=6\n" {
		t.Errorf("all: %q, %v", got, err)
	}
}

func TestABadModeIsRefusedBeforeAnythingRuns(t *testing.T) {
	e, _ := natsnet(t, env{"PORTWAVE_MODE": "pushed"})
	s, _, _ := session(t, e)
	err := s.BatchRun(context.Background(), 42)
	if err == nil || err.Error() != "PORTWAVE_MODE=pushed: want merge or branch" {
		t.Errorf("err = %v", err)
	}
}
