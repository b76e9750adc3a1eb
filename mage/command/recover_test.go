package command_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// replayEnv runs batches with the replay agent and portwave's own C#
// check, in the workspace ws.
func replayEnv(ws *testws.Workspace, more env) env {
	e := env{"PORTWAVE_CONFIG": ws.Config.Source, "PORTWAVE_AGENT": "replay", "PORTWAVE_BUILD": "portwave:csharp-check",
		"PORTWAVE_TEST": " ", "PORTWAVE_WORKTREES": ws.Config.Worktrees, "PORTWAVE_MIN_FREE_MB": "1"}
	for k, v := range more {
		e[k] = v
	}
	return e
}

// A run killed during the fast-forward of main leaves main's checkout
// holding the batch branch's files (git had written them, not moved main)
// and porting.db holding a ledger it did not commit. The next run undoes
// the half fast-forward and commits that ledger itself, before its
// preflight: the retry merges the batch, and no commit is asked of the
// user.
func TestTheRerunUndoesAFastForwardAKilledRunLeftHalfDoneAndCommitsItsLedger(t *testing.T) {
	ws := testws.New(t, nil)
	ctx := context.Background()
	s, _, _ := session(t, replayEnv(ws, env{"PORTWAVE_MODE": "branch"}))
	if err := s.BatchRun(ctx, 12); err != nil {
		t.Fatalf("batch 12 up to its gate: %v", err)
	}
	before := gitIn(t, ws.Dir, "rev-parse", "main")
	commits := before

	// What `kill -9` during the merge stage leaves: a run and the batch's
	// row still running at the merge stage, in a porting.db not committed,
	// and the branch's files in main's index and worktree, main unmoved.
	db, err := portdb.Open(ctx, ws.Config.DB)
	if err != nil {
		t.Fatal(err)
	}
	runID, err := db.StartRun(ctx, "retry 12")
	if err != nil {
		t.Fatal(err)
	}
	br := latestRun(t, db, 12)
	br.ID, br.RunID, br.State, br.Stage = 0, runID, port.StateRunning, port.StageMerge
	if err := db.SaveBatchRun(ctx, &br, "merging"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// The merge stage brings main into the branch first, then
	// fast-forwards main, which `git read-tree -m -u` does up to the
	// point where git is killed: files written, main not moved.
	gitIn(t, br.Worktree, "merge", "-q", "--no-edit", "main")
	gitIn(t, ws.Dir, "read-tree", "-m", "-u", "port/batch-12")
	if st := gitIn(t, ws.Dir, "status", "--porcelain"); !strings.Contains(st, "porting.db") || !strings.Contains(st, ".cs") {
		t.Fatalf("the killed run's state is not set up:\n%s", st)
	}

	s, _, log := session(t, replayEnv(ws, nil))
	if err := s.Retry(ctx, 12); err != nil {
		t.Fatalf("the retry after the kill: %v\n%s", err, log)
	}
	for _, want := range []string{"batch 12: undid the fast-forward of main to port/batch-12", "committed porting.db"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the retry did not say %q:\n%s", want, log)
		}
	}
	if st := gitIn(t, ws.Dir, "status", "--porcelain"); st != "" {
		t.Errorf("the workspace is not clean after the retry:\n%s", st)
	}
	if gitIn(t, ws.Dir, "rev-parse", "main") == before {
		t.Error("main did not move")
	}
	// Every commit on main since is portwave's: the batch's own, its
	// merge's and the ledger commits; none was made from the leftovers.
	for _, subject := range strings.Split(gitIn(t, ws.Dir, "log", "--format=%s", commits+"..main"), "\n") {
		if subject != "" && !strings.HasPrefix(subject, "portwave") && !strings.Contains(subject, "batch 12") && !strings.HasPrefix(subject, "Merge") {
			t.Errorf("main has a commit portwave did not make: %q", subject)
		}
	}
	db, err = portdb.Open(ctx, ws.Config.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs, err := db.BatchRuns(ctx, 12)
	if err != nil {
		t.Fatal(err)
	}
	if last := runs[len(runs)-1]; last.State != port.StateDone {
		t.Errorf("batch 12 is %s after the retry", last.State)
	}
	for _, r := range runs {
		if r.RunID == runID && r.State != port.StateInterrupted {
			t.Errorf("the killed run's row is %s, want interrupted", r.State)
		}
	}
}

func latestRun(t *testing.T, db *portdb.DB, batch int) port.BatchRun {
	t.Helper()
	latest, err := db.LatestBatchRuns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	br, ok := latest[batch]
	if !ok {
		t.Fatalf("batch %d has no run", batch)
	}
	return br
}

// portwave's own writes never block a run: a hand-run audit and db:map
// commit porting.db as a run does, a report and an export into the
// workspace are passed over while they hold what portwave wrote, and the
// next batch runs. An exported file someone edits is theirs, and blocks.
func TestPortwavesOwnWritesNeverBlockTheNextRun(t *testing.T) {
	ws := testws.New(t, nil)
	ctx := context.Background()
	e := replayEnv(ws, env{"PORTWAVE_REPORTS": filepath.Join(ws.Dir, "review")})
	s, _, log := session(t, e)
	mapping := filepath.Join(t.TempDir(), "map.tsv")
	if err := os.WriteFile(mapping, []byte("id\tdotnet_member\n1\tIsValidSubject\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func() error{
		"db:map":    func() error { return s.DBMap(ctx, mapping) },
		"audit":     func() error { return s.AuditRun(ctx) },
		"report":    func() error { return s.Report(ctx) },
		"db:export": func() error { return s.DBExport(ctx, filepath.Join(ws.Dir, "tracker-out")) },
	} {
		if err := write(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if !strings.Contains(log.String(), "committed porting.db: portwave: db:map map.tsv") {
		t.Errorf("db:map did not commit porting.db:\n%s", log)
	}
	if st := gitIn(t, ws.Dir, "status", "--porcelain", "--untracked-files=all"); strings.Contains(st, "porting.db") || !strings.Contains(st, "tracker-out/features.tsv") || !strings.Contains(st, "review/latest.md") {
		t.Errorf("after the hand-run targets git status is:\n%s", st)
	}
	if err := s.Preflight(ctx); err != nil {
		t.Errorf("preflight after portwave's own writes: %v", err)
	}
	if err := s.BatchRun(ctx, 12); err != nil {
		t.Errorf("a batch after portwave's own writes: %v", err)
	}

	// Edited, the export is someone's work: preflight names it.
	if err := os.WriteFile(filepath.Join(ws.Dir, "tracker-out", "features.tsv"), []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Preflight(ctx); err == nil || !strings.Contains(err.Error(), "tracker-out/features.tsv") || strings.Contains(err.Error(), "tracker-out/tests.tsv") {
		t.Errorf("preflight with an edited export: %v", err)
	}
}

// porting.db changed by hand is named as such by preflight, not taken for
// a run's ledger.
func TestPreflightNamesAHandEditOfPortingDB(t *testing.T) {
	ws := testws.New(t, nil)
	ctx := context.Background()
	db, err := portdb.Open(ctx, ws.Config.DB)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.StartRun(ctx, "not a run: an edit"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	gitIn(t, ws.Dir, "commit", "-q", "-m", "an edit with a run row", "--", "porting.db")
	mapping := filepath.Join(t.TempDir(), "map.tsv")
	os.WriteFile(mapping, []byte("id\tdotnet_member\n1\tHandEdited\n"), 0o644)
	db, err = portdb.Open(ctx, ws.Config.DB)
	if err != nil {
		t.Fatal(err)
	}
	maps, _ := portdb.ReadMappingsTSV(mapping)
	if _, err := db.SetMappings(ctx, maps, 0); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, _, _ := session(t, replayEnv(ws, nil))
	err = s.Preflight(ctx)
	if err == nil || !strings.Contains(err.Error(), "porting.db differs from HEAD, and not by a portwave run") || !strings.Contains(err.Error(), "edited by hand or by another tool") {
		t.Errorf("preflight after a hand edit of porting.db: %v", err)
	}
}
