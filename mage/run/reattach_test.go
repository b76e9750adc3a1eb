package run_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/gitx"
	"portwave/mage/port"
	"portwave/mage/run"
)

// A gated batch resumed at the merge in a checkout that lacks its recorded
// worktree (the ledger came from a batch job on another machine, or the
// worktree was removed) takes its branch into a free slot; without the
// branch it fails at the merge, saying to fetch it, and touches nothing.
func TestAGatedBatchWhoseWorktreeIsNotHereMergesFromAFreshSlotOnceItsBranchIs(t *testing.T) {
	ws := testws.New(t, nil)
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
	w := reopen(t, ws)
	ctx := context.Background()
	w.Mode = run.BranchMode
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	gated := latest(t, w, 12)
	repo := gitx.Repo{Dir: ws.Dir}
	if _, err := repo.Run(ctx, "worktree", "remove", gated.Worktree); err != nil {
		t.Fatal(err)
	}
	// What a merge job sees before it fetches the branch.
	if _, err := repo.Run(ctx, "branch", "-m", "port/batch-12", "elsewhere"); err != nil {
		t.Fatal(err)
	}
	before := mainHead(t, ws)
	w.Mode = run.MergeMode
	err := w.RunBatch(ctx, 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageMerge || !strings.Contains(err.Error(), "fetch the branch (`git fetch origin port/batch-12:port/batch-12`)") {
		t.Fatalf("err = %v, want a failed merge asking to fetch port/batch-12", err)
	}
	if mainHead(t, ws) != before {
		t.Error("main moved")
	}

	if _, err := repo.Run(ctx, "branch", "-m", "elsewhere", "port/batch-12"); err != nil {
		t.Fatal(err)
	}
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatalf("the merge after the fetch: %v", err)
	}
	done := latest(t, w, 12)
	if done.State != port.StateDone || done.Turns != 0 {
		t.Errorf("the resumed batch ended %s with %d turns, want done without the agent", done.State, done.Turns)
	}
	if status(t, w, 12) != port.Verified {
		t.Errorf("feature 12 is %s after the merge", status(t, w, 12))
	}
	trs, _ := w.DB.Transitions(ctx, done.ID)
	attached := false
	for _, tr := range trs {
		attached = attached || strings.HasPrefix(tr.Detail, "attached port/batch-12 in "+done.Worktree)
	}
	if !attached {
		t.Errorf("the ledger does not say where the branch was attached: %+v", trs)
	}
	if wt, ok, _ := repo.WorktreeAt(ctx, done.Worktree); !ok || wt.Branch != "" {
		t.Errorf("the batch's slot %s is not free after the merge: %+v", done.Worktree, wt)
	}
}
