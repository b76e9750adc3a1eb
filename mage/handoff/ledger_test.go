package handoff_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"portwave/mage/handoff"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// testPlan is two batches; batch 44 depends on 42.
func testPlan() *plan.Plan {
	rng := func(lo, hi int) plan.Ranges { return plan.Ranges{{Lo: lo, Hi: hi}} }
	return &plan.Plan{Batches: []plan.Batch{
		{ID: 42, Name: "Foundation", Wave: 1, Targets: []plan.Target{{Path: "A.cs"}}, Features: []plan.Group{{Ranges: rng(1, 3)}}},
		{ID: 44, Name: "Events", Wave: 2, Targets: []plan.Target{{Path: "B.cs"}}, Features: []plan.Group{{Ranges: rng(4, 6)}},
			DependsOn: []plan.Dep{{ID: 42}}},
	}}
}

func newDB(t *testing.T) *portdb.DB {
	t.Helper()
	db, err := portdb.Create(context.Background(), filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// batchJob records what a branch-mode batch job of batch 44 leaves: a
// first attempt that failed the gate and a second that passed it, each
// with its log.
func batchJob(t *testing.T, p *plan.Plan) *portdb.DB {
	t.Helper()
	ctx := context.Background()
	db := newDB(t)
	runID, _ := db.StartRun(ctx, "batch:run 44")
	b, _ := p.Batch(44)
	logs := t.TempDir()
	for attempt, end := range []port.State{port.StateFailed, port.StateGated} {
		log := filepath.Join(logs, "batch-44-attempt-"+string(rune('1'+attempt))+".log")
		os.WriteFile(log, []byte("agent stream of attempt "+string(rune('1'+attempt))+"\n"), 0o644)
		exit := 0
		br := &port.BatchRun{RunID: runID, Batch: 44, Attempt: attempt + 1, Stage: port.StageAgent, State: port.StateRunning,
			Branch: "port/batch-44", Worktree: "/home/runner/worktrees/slot-1", BaseCommit: "abc123", SpecHash: b.SpecHash(),
			PromptHash: "p1", Agent: "claude", LogPath: log}
		for _, step := range []func(){
			func() {},
			func() {
				br.Stage, br.AgentExit, br.Turns, br.CostUSD, br.InputTokens = port.StageGate, &exit, 7, 0.25, 1200
				br.SessionCost, br.AgentDone, br.AgentPGID, br.AgentStart = 0.25*float64(attempt+1), true, 4242, 99
				if end == port.StateFailed {
					br.Feedback, br.AgentDone = "These members of the batch are not implemented yet:\n- feature 5 ...\n", false
				}
			},
			func() { br.Stage, br.State = port.StageMerge, end },
		} {
			step()
			if end == port.StateFailed && br.Stage == port.StageMerge {
				br.Stage, br.Error = port.StageGate, "gate: batch audit: 2 of 3 implemented"
			}
			if err := db.SaveBatchRun(ctx, br, "at "+string(br.Stage)); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.AddAgentEvents(ctx, br.ID, []portdb.AgentEvent{{Kind: portdb.EventDenial, Detail: "Write /etc/hosts"},
			{Kind: portdb.EventAPIRetry, Detail: "attempt 1/10: 529 overloaded_error"}}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func export(t *testing.T, db *portdb.DB, p *plan.Plan) string {
	t.Helper()
	f, err := handoff.Export(context.Background(), db, 44, handoff.Options{Plan: p, Workspace: "runner:/work/ws"})
	if err != nil {
		t.Fatal(err)
	}
	path, err := f.Save(filepath.Join(t.TempDir(), "ledger-44"))
	if err != nil {
		t.Fatal(err)
	}
	return path
}

type transitionView struct {
	Stage, State, Detail string
	At                   string
}

func transitions(t *testing.T, db *portdb.DB, runs []port.BatchRun) [][]transitionView {
	var out [][]transitionView
	for _, br := range runs {
		trs, err := db.Transitions(context.Background(), br.ID)
		if err != nil {
			t.Fatal(err)
		}
		var v []transitionView
		for _, tr := range trs {
			v = append(v, transitionView{string(tr.Stage), string(tr.State), tr.Detail, tr.At.Format(portdb.TimeFormat)})
		}
		out = append(out, v)
	}
	return out
}

func TestAnExportedLedgerImportsIntoAnotherPortingDBWithItsTransitionsAndLogs(t *testing.T) {
	ctx := context.Background()
	p := testPlan()
	src := batchJob(t, p)
	path := export(t, src, p)
	if filepath.Base(path) != "ledger-44.json" {
		t.Errorf("exported as %s", path)
	}
	dst := newDB(t)
	mergeRun, _ := dst.StartRun(ctx, "merge")
	res, err := handoff.Import(ctx, dst, path, p, mergeRun)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || res.Present != 0 || res.Latest.State != port.StateGated || res.Latest.Stage != port.StageMerge {
		t.Errorf("import = %+v", res)
	}
	want, _ := src.BatchRuns(ctx, 44)
	got, _ := dst.BatchRuns(ctx, 44)
	// The agent's process names a process of the machine it ran on.
	ignore := cmpopts.IgnoreFields(port.BatchRun{}, "ID", "RunID", "LogPath", "AgentPGID", "AgentStart")
	if d := cmp.Diff(want, got, ignore); d != "" {
		t.Errorf("imported rows (-exported +imported):\n%s", d)
	}
	for _, br := range got {
		if br.AgentPGID != 0 || br.AgentStart != 0 {
			t.Errorf("attempt %d imported another machine's agent process %d", br.Attempt, br.AgentPGID)
		}
	}
	wantEv, _ := src.AgentEvents(ctx, 44)
	gotEv, _ := dst.AgentEvents(ctx, 44)
	if d := cmp.Diff(wantEv, gotEv, cmpopts.IgnoreFields(portdb.AgentEvent{}, "BatchRunID")); d != "" || len(gotEv) != 4 {
		t.Errorf("imported agent events (-exported +imported):\n%s", d)
	}
	if d := cmp.Diff(transitions(t, src, want), transitions(t, dst, got)); d != "" {
		t.Errorf("imported transitions (-exported +imported):\n%s", d)
	}
	for _, br := range got {
		if br.RunID != mergeRun {
			t.Errorf("attempt %d recorded under run %d, want the importing run %d", br.Attempt, br.RunID, mergeRun)
		}
		log, err := os.ReadFile(br.LogPath)
		if err != nil || !strings.HasPrefix(string(log), "agent stream of attempt") || filepath.Dir(br.LogPath) != filepath.Dir(path) {
			t.Errorf("attempt %d's log %s: %q, %v", br.Attempt, br.LogPath, log, err)
		}
	}
	again, err := handoff.Import(ctx, dst, path, p, mergeRun)
	if err != nil || again.Added != 0 || again.Present != 2 {
		t.Errorf("a second import = %+v, %v; want nothing added", again, err)
	}
}

// rewrite changes one exported ledger as JSON.
func rewrite(t *testing.T, path string, change func(map[string]any)) {
	t.Helper()
	data, _ := os.ReadFile(path)
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	change(doc)
	data, _ = json.MarshalIndent(doc, "", "  ")
	os.WriteFile(path, data, 0o644)
}

func TestALedgerThatIsBadOrForeignIsRefusedNamingTheFileAndNothingIsImported(t *testing.T) {
	p := testPlan()
	src := batchJob(t, p)
	tests := []struct {
		name  string
		spoil func(t *testing.T, path string)
		plan  func() *plan.Plan
		want  string
	}{
		{"not JSON", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("{\n  \"format\": \"portwave-ledger\",\n  \"version\": 1,\n  \"plan\": oops\n}\n"), 0o644)
		}, testPlan, ":4:11: invalid character 'o' looking for beginning of value"},
		{"another file type", func(t *testing.T, path string) {
			rewrite(t, path, func(d map[string]any) { d["format"] = "coverage" })
		}, testPlan, `not a portwave ledger (format "coverage", want "portwave-ledger")`},
		{"a newer format version", func(t *testing.T, path string) {
			rewrite(t, path, func(d map[string]any) { d["version"] = 2 })
		}, testPlan, "ledger format version 2; this portwave reads version 1"},
		{"a field this version does not have", func(t *testing.T, path string) {
			rewrite(t, path, func(d map[string]any) { d["priority"] = "high" })
		}, testPlan, `unknown field "priority"`},
		{"a state no run can be in", func(t *testing.T, path string) {
			rewrite(t, path, func(d map[string]any) { d["runs"].([]any)[1].(map[string]any)["state"] = "merged-ish" })
		}, testPlan, `run 2: unknown state "merged-ish"`},
		{"another plan: a batch's spec changed", nil, func() *plan.Plan {
			q := testPlan()
			q.Batches[1].Targets = append(q.Batches[1].Targets, plan.Target{Path: "C.cs"})
			return q
		}, "the ledger comes from another plan (plan "},
		{"another plan: the batch is not in it", nil, func() *plan.Plan {
			q := testPlan()
			q.Batches = q.Batches[:1]
			return q
		}, "the ledger comes from another plan: batch 44 is not in the plan; its batches are 42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := export(t, src, p)
			if tt.spoil != nil {
				tt.spoil(t, path)
			}
			dst := newDB(t)
			_, err := handoff.Import(context.Background(), dst, path, tt.plan(), 0)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant one naming %s and saying %q", err, path, tt.want)
			}
			if runs, _ := dst.BatchRuns(context.Background(), 0); len(runs) != 0 {
				t.Errorf("%d runs were imported from a refused ledger", len(runs))
			}
		})
	}
}

func TestLoadDirListsEveryRefusedFileBeforeAnythingIsImported(t *testing.T) {
	p := testPlan()
	good := export(t, batchJob(t, p), p)
	dir := filepath.Dir(good)
	for _, name := range []string{"ledger-42.json", "notes.json"} {
		os.WriteFile(filepath.Join(dir, name), []byte(`{"format": "something else", "version": 1}`), 0o644)
	}
	files, err := handoff.LoadDir(dir, p)
	for _, name := range []string{"ledger-42.json", "notes.json"} {
		if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, name)) {
			t.Errorf("err = %v, want it to name %s", err, name)
		}
	}
	if len(files) != 1 || files[0].Path() != good {
		t.Errorf("loaded %d files", len(files))
	}
	if _, err := handoff.LoadDir(t.TempDir(), p); err == nil || !strings.Contains(err.Error(), "no ledger files") {
		t.Errorf("an empty folder: err = %v", err)
	}
}

func TestARunAJobLeftRunningIsImportedAsInterrupted(t *testing.T) {
	ctx := context.Background()
	p := testPlan()
	db := newDB(t)
	b, _ := p.Batch(42)
	br := &port.BatchRun{Batch: 42, Attempt: 1, Stage: port.StageAgent, State: port.StateRunning, SpecHash: b.SpecHash()}
	if err := db.SaveBatchRun(ctx, br, "agent started"); err != nil {
		t.Fatal(err)
	}
	f, err := handoff.Export(ctx, db, 42, handoff.Options{Plan: p})
	if err != nil {
		t.Fatal(err)
	}
	path, _ := f.Save(t.TempDir())
	dst := newDB(t)
	res, err := handoff.Import(ctx, dst, path, p, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Latest.State != port.StateInterrupted || res.Latest.Error != "its batch job stopped during the agent stage" || res.Latest.Finished.IsZero() {
		t.Errorf("imported as %+v", res.Latest)
	}
}

func TestThePlanHashChangesWithAnyBatchSpecAndNotWithItsName(t *testing.T) {
	base := handoff.PlanHash(testPlan())
	renamed := testPlan()
	renamed.Batches[0].Name = "Foundation helpers"
	if got := handoff.PlanHash(renamed); got != base {
		t.Errorf("renaming a batch changed the plan hash: %s -> %s", base, got)
	}
	moved := testPlan()
	moved.Batches[1].DependsOn = nil
	if got := handoff.PlanHash(moved); got == base {
		t.Errorf("dropping a dependency kept the plan hash %s", got)
	}
}
