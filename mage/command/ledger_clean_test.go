package command_test

import (
	"os"
	"strings"
	"testing"
)

// A run ends by committing its ledger: nothing is left for `git stash`
// to take away.
func TestAFinishedRunLeavesGitStatusClean(t *testing.T) {
	f := newFaultWS(t, faultTemplate(t))
	out, code := f.run([]string{"PORTWAVE_AGENT=replay"}, "batch:run", "11")
	if code != 0 {
		t.Fatalf("batch:run 11: exit %d\n%s", code, out)
	}
	if st := f.gitQuiet("status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Errorf("git status after the run:\n%s", st)
	}
	if msg := f.git("log", "-1", "--format=%s"); !strings.HasPrefix(msg, "portwave: ledger of run ") {
		t.Errorf("the last commit is %q, want the ledger's", msg)
	}
	// The committed porting.db holds the finished run: status reads it.
	out, code = f.run(nil, "status")
	if code != 0 || !strings.Contains(out, "11     done") {
		t.Errorf("status: exit %d\n%s", code, out)
	}
	// And the next run passes preflight: porting.db equals HEAD.
	if out, code := f.run([]string{"PORTWAVE_AGENT=replay"}, "preflight"); code != 0 {
		t.Errorf("preflight after a run: exit %d\n%s", code, out)
	}
}

// A failed batch's worktree deleted by hand is pruned from git's records
// at the next run, and the retry checks the branch out again.
func TestAFailedBatchWhoseWorktreeWasDeletedByHandIsRetried(t *testing.T) {
	f := newFaultWS(t, faultTemplate(t))
	out, code := f.run([]string{"PORTWAVE_AGENT_COMMAND=false", "PORTWAVE_ATTEMPTS=1"}, "batch:run", "12")
	if code == 0 {
		t.Fatalf("the failing agent passed:\n%s", out)
	}
	var slot string
	for _, l := range strings.Split(f.git("worktree", "list", "--porcelain"), "\n") {
		if p, ok := strings.CutPrefix(l, "worktree "); ok && strings.Contains(p, "slot-") {
			slot = p
		}
	}
	if slot == "" {
		t.Fatal("the failed batch left no worktree")
	}
	if err := os.RemoveAll(slot); err != nil {
		t.Fatal(err)
	}
	out, code = f.run([]string{"PORTWAVE_AGENT=replay"}, "retry", "12")
	if code != 0 {
		t.Fatalf("retry 12 after its worktree was deleted: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "working directory") {
		t.Errorf("the retry tried the deleted worktree:\n%s", out)
	}
	if wts := f.git("worktree", "list", "--porcelain"); strings.Contains(wts, "prunable") {
		t.Errorf("a worktree git reports as gone is left:\n%s", wts)
	}
	if st := f.gitQuiet("status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Errorf("git status after the retry:\n%s", st)
	}
}

// The fault table's proof that no agent started is the marker its command
// agent would leave, and an unchanged ledger: both must show a run that
// does start.
func TestTheFaultTablesMarkerAndLedgerShowARunThatStarts(t *testing.T) {
	f := newFaultWS(t, faultTemplate(t))
	before := ledgerSummary(f.db())
	out, _ := f.run([]string{"PORTWAVE_ATTEMPTS=1"}, "batch:run", "11")
	if _, err := os.Stat(f.Marker); err != nil {
		t.Errorf("the command agent left no marker:\n%s", out)
	}
	if after := ledgerSummary(f.db()); after == before || strings.Contains(after, "batch_runs=0") {
		t.Errorf("ledger before %s, after %s: the run is not recorded", before, after)
	}
}
