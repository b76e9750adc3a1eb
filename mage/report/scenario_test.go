package report_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"portwave/internal/fixture"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// sharedPlan is the NatsNet plan document, the project's test data.
var sharedPlan = fixture.PlanPath()

// t0 is when the NatsNet inventory is imported: the day before wave 1.
var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// regressed is a verified feature outside the plan that an audit demotes
// in wave 1 and promotes again in the next run.
const regressed = 2975 // server/server.go validateAndNormalizeCompressionOption

// scenario is a porting.db loaded from the NatsNet fixture, with a clock
// the test moves by hand so that every time in the report is pinned.
type scenario struct {
	t    *testing.T
	ctx  context.Context
	db   *portdb.DB
	plan *plan.Plan
	now  time.Time
}

// natsnet imports the fixture at t0 and loads the plan.
func natsnet(t *testing.T) *scenario {
	t.Helper()
	dir := fixture.Dir(t)
	s := &scenario{t: t, ctx: context.Background(), now: t0}
	var err error
	if s.db, err = portdb.Create(s.ctx, filepath.Join(t.TempDir(), "porting.db")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.db.Close() })
	s.db.SetClock(func() time.Time { return s.now })
	for _, f := range []string{"features.tsv", "tests.tsv"} {
		if _, err := s.db.ImportTSV(s.ctx, filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	if s.plan, err = plan.ImportDocument(sharedPlan); err != nil {
		t.Fatal(err)
	}
	return s
}

// attempt is one scripted attempt at a batch: minutes spent in each stage
// (worktree, agent, gate, merge, audit) and the stage it fails at, if any.
type attempt struct {
	batch, attempt int
	start          time.Time
	minutes        [5]int
	failAt         port.Stage
	err            string
	turns          int
	cost           float64
}

// record writes an attempt to the ledger the way the runner does, one
// stage transition at a time; an attempt that gets through its audit
// promotes its batch's features to verified.
func (s *scenario) record(run int64, a attempt) {
	s.t.Helper()
	s.now = a.start
	br := &port.BatchRun{RunID: run, Batch: a.batch, Attempt: a.attempt, Stage: port.StageWorktree, State: port.StateRunning,
		Branch: fmt.Sprintf("port/batch-%d", a.batch), Agent: "claude", LogPath: fmt.Sprintf("logs/batch-%d-%d.log", a.batch, a.attempt)}
	s.save(br, "worktree added")
	for i, stage := range port.Stages[:5] {
		if i > 0 {
			br.Stage = stage
			s.save(br, string(stage)+" started")
		}
		s.now = s.now.Add(time.Duration(a.minutes[i]) * time.Minute)
		if stage == port.StageAgent {
			br.Turns, br.InputTokens, br.OutputTokens, br.CostUSD = a.turns, int64(a.turns)*41000, int64(a.turns)*2300, a.cost
		}
		if stage == a.failAt {
			br.State, br.Error = port.StateFailed, a.err
			s.save(br, a.err)
			return
		}
		if stage == port.StageAudit {
			s.promote(run, a.batch)
		}
	}
	br.Stage, br.State = port.StageDone, port.StateDone
	s.save(br, "merged and audited")
}

func (s *scenario) save(br *port.BatchRun, detail string) {
	s.t.Helper()
	if err := s.db.SaveBatchRun(s.ctx, br, detail); err != nil {
		s.t.Fatal(err)
	}
}

// promote marks every feature of a batch that is not done yet verified, as
// the audit after a merge does.
func (s *scenario) promote(run int64, batch int) {
	s.t.Helper()
	b, ok := s.plan.Batch(batch)
	if !ok {
		s.t.Fatalf("no batch %d in the plan", batch)
	}
	items, err := s.db.FeaturesByID(s.ctx, b.AllIDs())
	if err != nil {
		s.t.Fatal(err)
	}
	var changes []portdb.Change
	for _, id := range b.AllIDs() {
		if it := items[id]; !it.Status.Done() {
			changes = append(changes, portdb.Change{Kind: port.Feature, ID: id, From: it.Status, To: port.Verified,
				Reason: fmt.Sprintf("audit after batch %d: implemented", batch)})
		}
	}
	s.apply(run, changes...)
}

func (s *scenario) apply(run int64, changes ...portdb.Change) {
	s.t.Helper()
	if err := s.db.ApplyChanges(s.ctx, changes, run); err != nil {
		s.t.Fatal(err)
	}
}

func (s *scenario) startRun(at time.Time, command string) int64 {
	s.t.Helper()
	s.now = at
	id, err := s.db.StartRun(s.ctx, command)
	if err != nil {
		s.t.Fatal(err)
	}
	return id
}

func (s *scenario) finishRun(at time.Time, id int64, state port.State) {
	s.t.Helper()
	s.now = at
	if err := s.db.FinishRun(s.ctx, id, state); err != nil {
		s.t.Fatal(err)
	}
}

func day(d, hour, minute int) time.Time { return time.Date(2026, 3, d, hour, minute, 0, 0, time.UTC) }

// wave1 runs batches 42 and 43 side by side on 2 March: 42 merges, 43
// fails its gate, and the audit after 42 demotes an unrelated feature.
func (s *scenario) wave1() {
	run := s.startRun(day(2, 9, 0), "mage wave1")
	s.record(run, attempt{batch: 42, attempt: 1, start: day(2, 9, 0), minutes: [5]int{1, 47, 6, 2, 4}, turns: 38, cost: 4.12})
	s.now = day(2, 10, 0)
	s.apply(run, portdb.Change{Kind: port.Feature, ID: regressed, From: port.Verified, To: port.Stub,
		Reason: "audit: body throws NotImplementedException"})
	s.record(run, attempt{batch: 43, attempt: 1, start: day(2, 9, 0), minutes: [5]int{1, 52, 7}, failAt: port.StageGate,
		err: "dotnet build: 2 errors in Accounts/AccountResolver.cs", turns: 44, cost: 5.31})
	s.finishRun(day(2, 10, 5), run, port.StateFailed)
}

// theRest runs every other batch on 3 March: 43 again, then waves 2 to 4,
// and puts the regressed feature right.
func (s *scenario) theRest() {
	run := s.startRun(day(3, 9, 0), "mage all")
	s.record(run, attempt{batch: 43, attempt: 2, start: day(3, 9, 0), minutes: [5]int{1, 39, 6, 2, 3}, turns: 29, cost: 3.48})
	s.record(run, attempt{batch: 44, attempt: 1, start: day(3, 9, 52), minutes: [5]int{1, 55, 7, 3, 4}, turns: 51, cost: 6.02})
	s.record(run, attempt{batch: 46, attempt: 1, start: day(3, 9, 52), minutes: [5]int{1, 50, 6, 4, 3}, turns: 47, cost: 5.77})
	s.now = day(3, 11, 0)
	s.apply(run, portdb.Change{Kind: port.Feature, ID: regressed, From: port.Stub, To: port.Verified,
		Reason: "audit: implementation found"})
	s.record(run, attempt{batch: 45, attempt: 1, start: day(3, 11, 2), minutes: [5]int{1, 49, 6, 2, 3}, turns: 42, cost: 5.05})
	s.record(run, attempt{batch: 47, attempt: 1, start: day(3, 12, 5), minutes: [5]int{2, 131, 9, 5, 6}, turns: 97, cost: 14.86})
	s.finishRun(day(3, 14, 40), run, port.StateDone)
}
