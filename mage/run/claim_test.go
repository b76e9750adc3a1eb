package run_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/gitx"
	"portwave/mage/port"
)

// A run killed while it claims a slot leaves the ledger's claim, and maybe
// the branch: at main, in the slot or in no worktree at all. Each of these
// is the batch's own, and the rerun finishes the batch from it.
func TestAClaimCutShortByAKillIsTakenBackByTheRerun(t *testing.T) {
	for _, left := range []string{"claim only", "branch in the slot", "branch in no worktree"} {
		t.Run(left, func(t *testing.T) {
			ws := testws.New(t, nil)
			t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
			ctx := context.Background()
			repo := gitx.Repo{Dir: ws.Dir}
			main := mainHead(t, ws)
			slot := filepath.Join(ws.Config.Worktrees, "slot-1")
			if _, err := repo.Run(ctx, "worktree", "add", "-q", "--detach", slot, main); err != nil {
				t.Fatal(err)
			}
			switch left {
			case "branch in the slot":
				if _, err := (gitx.Repo{Dir: slot}).Run(ctx, "checkout", "-q", "-b", "port/batch-12", main); err != nil {
					t.Fatal(err)
				}
			case "branch in no worktree":
				if _, err := repo.Run(ctx, "branch", "port/batch-12", main); err != nil {
					t.Fatal(err)
				}
			}
			w := reopen(t, ws)
			// What the killed run wrote before it died.
			claim := &port.BatchRun{RunID: w.RunID, Batch: 12, Attempt: 1, Stage: port.StageWorktree,
				State: port.StateInterrupted, Branch: "port/batch-12", Worktree: slot, BaseCommit: main}
			if err := w.DB.SaveBatchRun(ctx, claim, "claiming "+slot); err != nil {
				t.Fatal(err)
			}
			if err := w.RunBatch(ctx, 12); err != nil {
				t.Fatalf("the rerun: %v", err)
			}
			if br := latest(t, w, 12); br.State != port.StateDone {
				t.Errorf("the rerun ended %s at %s: %s", br.State, br.Stage, br.Error)
			}
			if st := status(t, w, 12); st != port.Verified {
				t.Errorf("feature 12 is %s", st)
			}
			if repo.BranchExists(ctx, "port/batch-12") {
				t.Error("the merged branch is still there")
			}
			log, _ := repo.Run(ctx, "log", "--format=%s", main+"..")
			if n := strings.Count(log, "agent changes"); n != 1 {
				t.Errorf("main holds the agent's work %d times:\n%s", n, log)
			}
			wts, _ := repo.Worktrees(ctx)
			for _, wt := range wts {
				if wt.Branch != "" && wt.Path != ws.Dir {
					t.Errorf("worktree %s still holds %s", wt.Path, wt.Branch)
				}
			}
		})
	}
}
