package command_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/fixture"
	"portwave/internal/natsnetws"
	"portwave/mage/command"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// The seed's plan at full scale, on the default path: NatsNet's tracker,
// its six batches over a C# tree of hundreds of files, every setting at
// its default but the agent (a command that ports what its prompt lists).
// Run wave after wave through the generated wave targets, it ends at the
// plan's number, every batch merged on its first attempt, with the audit
// after every merge, and the workspace clean.
func TestTheSeedsPlanFinishesThroughItsWavesAtThePlansNumber(t *testing.T) {
	ws := natsnetws.New(t, natsnetws.Options{})
	t.Setenv("PORTWAVE_CONFIG", ws.Config)
	ctx := context.Background()
	graph := loadGraph(t, ws)
	for n := 1; n <= 4; n++ {
		if err := command.PlanWave(ctx, n, graph); err != nil {
			t.Fatalf("wave %d: %v", n, err)
		}
	}
	assertPlanFinished(t, ws, 1)
}

// The same plan as one dependency graph (`mage all`, three jobs), with one
// feature the agent leaves unported on its first attempt: the gate sends
// the batch back, the retry ports it, and the plan ends at its number.
func TestTheSeedsPlanFinishesAsOneGraphAndAGateRefusalIsRetried(t *testing.T) {
	const left = 2409 // MsgTrace, batch 42
	ws := natsnetws.New(t, natsnetws.Options{})
	t.Setenv("PORTWAVE_CONFIG", ws.Config)
	t.Setenv("PORTER_LEAVE", fmt.Sprint(left))
	ctx := context.Background()
	s, err := command.NewSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.All(ctx); err != nil {
		t.Fatal(err)
	}
	assertPlanFinished(t, ws, 2)
	runs := batchRuns(t, ws)[42]
	if len(runs) != 2 || runs[0].State != port.StateFailed || !strings.Contains(runs[0].Error, "batch audit") || runs[1].State != port.StateDone {
		t.Fatalf("batch 42's attempts: %+v", runs)
	}
	if !strings.Contains(runs[0].Feedback, fmt.Sprint(left)) {
		t.Errorf("the gate's findings do not name feature %d:\n%s", left, runs[0].Feedback)
	}
}

// loadGraph is the plan's shape as its generated targets carry it, the
// dependencies its calls imply included.
func loadGraph(t *testing.T, ws *natsnetws.Workspace) string {
	t.Helper()
	s, err := command.NewSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, graph, err := s.PlanGraph(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return graph
}

func batchRuns(t testing.TB, ws *natsnetws.Workspace) map[int][]port.BatchRun {
	t.Helper()
	db, err := portdb.OpenReadOnly(context.Background(), filepath.Join(ws.Dir, "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[int][]port.BatchRun{}
	for _, b := range ws.Plan.Batches {
		runs, err := db.BatchRuns(context.Background(), b.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[b.ID] = runs
	}
	return out
}

// assertPlanFinished holds a finished run of the seed's plan to what the
// plan promises: 3627/3673 features verified, 22 complete and 24 n/a left,
// every batch merged with at most attempts attempts and audited after its
// merge, the report's "Against the plan" equal to the plan's lines, and
// nothing left uncommitted.
func assertPlanFinished(t *testing.T, ws *natsnetws.Workspace, attempts int) {
	t.Helper()
	ctx := context.Background()
	db, err := portdb.OpenReadOnly(ctx, filepath.Join(ws.Dir, "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	pending := pendingByBatch(t, ws)
	counts, err := db.Counts(ctx, port.Feature)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[port.Status]int{port.Verified: 3627, port.Complete: 22, port.NA: 24}, counts); d != "" {
		t.Errorf("features in porting.db (-want +got):\n%s", d)
	}
	for id, runs := range batchRuns(t, ws) {
		last := runs[len(runs)-1]
		if last.State != port.StateDone || last.MergedCommit == "" {
			t.Errorf("batch %d ended %s at %s: %s", id, last.State, last.Stage, last.Error)
		}
		if attempts == 1 && len(runs) != 1 {
			t.Errorf("batch %d took %d attempts", id, len(runs))
		}
		trs, err := db.Transitions(ctx, last.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The audit after each merge credits that batch's work alone.
		want := fmt.Sprintf("audit: %d promoted, 0 regressions", pending[id])
		var audits []string
		for _, tr := range trs {
			if strings.HasPrefix(tr.Detail, "audit: ") {
				audits = append(audits, tr.Detail)
			}
		}
		if len(audits) != 1 || audits[0] != want {
			t.Errorf("batch %d's audits after its merge: %q, want %q", id, audits, want)
		}
	}
	db.Close()
	if out := gitIn(t, ws.Dir, "status", "--porcelain"); out != "" {
		t.Errorf("the workspace is not clean after the run:\n%s", out)
	}
	var out bytes.Buffer
	s, err := command.NewSessionEnv(ctx, func(k string) string {
		if k == "PORTWAVE_CONFIG" {
			return ws.Config
		}
		return ""
	}, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Report(ctx); err != nil {
		t.Fatal(err)
	}
	latest, err := os.ReadFile(filepath.Join(ws.Dir, "reports", "latest.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{
		"| Features: 3263 + 363 + 1 = 3627 verified (vs 3673 total = 98.7%) | Features: 3627/3673 verified = 98.7% |",
		"| Remaining: 22 complete, 24 n/a = stable | Remaining: 22 complete, 24 n/a |",
	} {
		if !strings.Contains(string(latest), row) {
			t.Errorf("the report's \"Against the plan\" lacks %q", row)
		}
	}
}

// pendingByBatch counts each batch's features the fixture holds as not
// done: what the audit after its merge promotes.
func pendingByBatch(t testing.TB, ws *natsnetws.Workspace) map[int]int {
	features, _ := fixture.Items(t)
	status := map[int]port.Status{}
	for _, it := range features {
		status[it.ID] = it.Status
	}
	out := map[int]int{}
	for _, b := range ws.Plan.Batches {
		for _, id := range b.AllIDs() {
			if !status[id].Done() {
				out[b.ID]++
			}
		}
	}
	return out
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// BenchmarkTheSeedsPlan times the whole orchestration of the seed's plan
// (`mage all` at three jobs: six batches, each through worktree, agent,
// gate with the default build and test commands, merge and the audit after
// it) with an agent that takes no time of its own: what portwave itself
// costs around the agents. The workspace is built outside the timer.
//
//	go test ./mage/command -run '^$' -bench SeedsPlan -benchtime 3x
func BenchmarkTheSeedsPlan(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		ws := natsnetws.New(b, natsnetws.Options{})
		b.Setenv("PORTWAVE_CONFIG", ws.Config)
		s, err := command.NewSessionEnv(ctx, func(k string) string {
			if k == "PORTWAVE_CONFIG" {
				return ws.Config
			}
			return ""
		}, io.Discard, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := s.All(ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		for id, runs := range batchRuns(b, ws) {
			if last := runs[len(runs)-1]; last.State != port.StateDone {
				b.Fatalf("batch %d ended %s at %s: %s", id, last.State, last.Stage, last.Error)
			}
		}
		b.StartTimer()
	}
}
