package command_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"portwave/internal/goldenfile"
	"portwave/mage/plan"
)

func TestPlanSuggestOnTheExampleMovesTheFeatureThatMakesTwoBatchesCallEachOther(t *testing.T) {
	e, ws := exampleSession(t, nil)
	s, out, _ := session(t, e)
	if err := s.PlanSuggest(context.Background()); err != nil {
		t.Fatal(err)
	}
	goldenfile.Compare(t, "plan-suggest-example.txt", out.Bytes())
	// The graph is cached in the workspace's git directory.
	if _, err := os.Stat(filepath.Join(ws, ".git", "portwave", "callgraph.gob")); err != nil {
		t.Errorf("no call graph cache: %v", err)
	}
}

func TestPlanSuggestOnCrossWaveCallsMovesWavesAndAddsDependencies(t *testing.T) {
	e := lintWorkspace(t)
	s, out, _ := session(t, e)
	if err := s.PlanSuggest(context.Background()); err != nil {
		t.Fatal(err)
	}
	goldenfile.Compare(t, "plan-suggest-calls.txt", out.Bytes())
}

func TestPlanSplitProposesSubBatchesByTargetFileAndWritesThemOnlyWhenAsked(t *testing.T) {
	ctx := context.Background()
	e, ws := exampleSession(t, env{"PORTWAVE_JOBS": "2"})
	s, out, _ := session(t, e)
	if err := s.PlanSplit(ctx, 11); err != nil {
		t.Fatal(err)
	}
	goldenfile.Compare(t, "plan-split-11.txt", out.Bytes())
	before, _ := filepath.Glob(filepath.Join(ws, "batches", "*.yaml"))

	s, out, _ = session(t, e)
	if err := s.PlanSplit(ctx, 12); err != nil {
		t.Fatal(err)
	}
	goldenfile.Compare(t, "plan-split-12.txt", out.Bytes())
	if after, _ := filepath.Glob(filepath.Join(ws, "batches", "*.yaml")); !slices.Equal(before, after) {
		t.Fatalf("batch files changed without %s: %v -> %v", "PORTWAVE_WRITE", before, after)
	}

	e["PORTWAVE_WRITE"] = "1"
	s, out, _ = session(t, e)
	if err := s.PlanSplit(ctx, 11); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Wrote the batch files to batches") {
		t.Errorf("output: %s", out)
	}
	p, err := plan.LoadBatches(filepath.Join(ws, "batches"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range p.Batches {
		got = append(got, fmt.Sprint(b.FileName(), " ", b.IDs()))
	}
	want := []string{"11-subject-stats-helpers-1-of-2.yaml [22 24 25]", "12-server-lifecycle.yaml [12 14 16 19]",
		"13-client-subscriptions.yaml [1 2 6]", "14-message-flow.yaml [3 4 15]", "15-subject-stats-helpers-2-of-2.yaml [23 29]"}
	if !slices.Equal(want, got) {
		t.Errorf("batches after the split:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := os.Stat(filepath.Join(ws, "batches", "11-subject-stats-helpers.yaml")); !os.IsNotExist(err) {
		t.Errorf("the unsplit batch file is still there: %v", err)
	}
	// Outside portwave's clone: its magefile_plan.go holds the example's
	// targets as they were before the split.
	t.Chdir(t.TempDir())
	s, out, _ = session(t, e)
	if err := s.Validate(ctx); err != nil {
		t.Fatalf("the split plan does not validate: %v", err)
	}
	if !strings.Contains(out.String(), "5 batches") {
		t.Errorf("validate: %s", out)
	}
}
