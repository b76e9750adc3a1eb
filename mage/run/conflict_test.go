package run_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/gitx"
	"portwave/mage/port"
	"portwave/mage/run"
)

// conflicted leaves batch 12 in conflict at its merge: its branch ported
// Shutdown one way, main another. It returns the worktree, with main
// merged into it and the conflict in NatsServer.cs left to resolve.
func conflicted(t *testing.T) (*testws.Workspace, *run.Orchestrator, string) {
	t.Helper()
	ws := testws.New(t, nil)
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
	w := reopen(t, ws)
	w.Mode = run.BranchMode
	ctx := context.Background()
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ws.Dir, serverCS)
	data, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(data), "public void Shutdown()"+stub, "public void Shutdown()\n        {\n            Environment.Exit(0);\n        }", 1)), 0o644)
	if _, err := (gitx.Repo{Dir: ws.Dir}).CommitAll(ctx, "port Shutdown by hand"); err != nil {
		t.Fatal(err)
	}
	w.Mode = run.MergeMode
	var be *run.BatchError
	if err := w.RunBatch(ctx, 12); !errors.As(err, &be) || be.State != port.StateConflict {
		t.Fatalf("err = %v, want a conflict", err)
	}
	wt := latest(t, w, 12).Worktree
	if _, err := (gitx.Repo{Dir: wt}).Run(ctx, "merge", "main"); err == nil {
		t.Fatal("merging main into the worktree by hand did not conflict")
	}
	return ws, w, wt
}

func TestAHandResolutionThatCommitsConflictMarkersNeverReachesMain(t *testing.T) {
	ws, w, wt := conflicted(t)
	ctx := context.Background()
	// The "resolution" keeps the markers and is committed.
	gitOut(t, wt, "commit", "-q", "-am", "resolved (not really)")
	if data, _ := os.ReadFile(filepath.Join(wt, serverCS)); !strings.Contains(string(data), "<<<<<<<") {
		t.Fatal("the setup left no conflict markers")
	}
	before := mainHead(t, ws)
	err := w.RunBatch(ctx, 12) // mage retry 12
	var be *run.BatchError
	if !errors.As(err, &be) || be.State != port.StateFailed || !strings.Contains(err.Error(), "conflict marker") {
		t.Fatalf("err = %v, want the gate failed on conflict markers", err)
	}
	if mainHead(t, ws) != before {
		t.Error("main moved")
	}
	if data, _ := os.ReadFile(filepath.Join(ws.Dir, serverCS)); strings.Contains(string(data), "<<<<<<<") {
		t.Error("the conflict markers are in main's checkout")
	}
	if log := gitOut(t, ws.Dir, "log", "--format=%s", "-S<<<<<<<", "main"); log != "" {
		t.Errorf("a commit with conflict markers is on main: %s", log)
	}
	for _, id := range []int{12, 14, 16, 19} {
		if st := status(t, w, id); st == port.Verified {
			t.Errorf("feature %d was promoted to verified", id)
		}
	}
	if br := latest(t, w, 12); br.MergedCommit != "" || br.State != port.StateFailed {
		t.Errorf("ledger: %s merged %q", br.State, br.MergedCommit)
	}
}

func TestAHandResolutionWithoutMarkersPassesTheGateAndMerges(t *testing.T) {
	ws, w, wt := conflicted(t)
	ctx := context.Background()
	// Keep the batch's port of Shutdown.
	gitOut(t, wt, "checkout", "--ours", "--", serverCS)
	gitOut(t, wt, "commit", "-q", "-am", "resolve: keep the batch's Shutdown")
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	br := latest(t, w, 12)
	if br.State != port.StateDone || br.MergedCommit == "" {
		t.Fatalf("ledger: %+v", br)
	}
	trs, _ := w.DB.Transitions(ctx, br.ID)
	gated := false
	for _, tr := range trs {
		gated = gated || strings.Contains(tr.Detail, "gate passed on")
	}
	if !gated {
		t.Error("the resolution reached main without the gate")
	}
	if log := gitOut(t, ws.Dir, "log", "--format=%s", "-1", "--skip=1"); !strings.Contains(log, "resolve: keep the batch's Shutdown") {
		t.Errorf("main's history: %q", log)
	}
	for _, id := range []int{12, 14, 16, 19} {
		if st := status(t, w, id); st != port.Verified {
			t.Errorf("feature %d is %s", id, st)
		}
	}
}

func TestAnUnfinishedHandMergeIsNotFastForwarded(t *testing.T) {
	ws, w, wt := conflicted(t)
	before := mainHead(t, ws)
	err := w.RunBatch(context.Background(), 12)
	if err == nil || !strings.Contains(err.Error(), "uncommitted changes") {
		t.Fatalf("err = %v, want the merge refused until the resolution is committed", err)
	}
	if mainHead(t, ws) != before {
		t.Error("main moved")
	}
	// The hand merge is the person's to finish: still in progress.
	if _, err := (gitx.Repo{Dir: wt}).RevParse(context.Background(), "MERGE_HEAD"); err != nil {
		t.Error("the hand merge in the worktree was aborted")
	}
}
