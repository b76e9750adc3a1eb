package plan_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/plan"
	"portwave/mage/port"
)

func sharedSummary(t *testing.T) (plan.Summary, *plan.Plan) {
	t.Helper()
	inv := fixtureInventory(t)
	p, err := plan.LoadBatches(committedBatches)
	if err != nil {
		t.Fatal(err)
	}
	return plan.Summarize(p, inv, inv.counts()), p
}

// batchRow is the part of a BatchSummary the acceptance figures speak of.
type batchRow struct {
	Wave, ID, Listed, Added, Pending, Done, Declared int
	AddedIDs                                         string
}

func TestSummaryOfTheSharedPlanMatchesThePlansFigures(t *testing.T) {
	s, p := sharedSummary(t)
	var rows []batchRow
	for _, w := range s.Waves {
		for _, b := range w.Batches {
			var added []string
			for _, a := range b.AddedIDs {
				added = append(added, a.IDs)
			}
			rows = append(rows, batchRow{w.Wave, b.ID, b.Listed, b.Added, b.Pending, b.Done, b.Declared, strings.Join(added, ",")})
		}
	}
	want := []batchRow{
		{1, 42, 54, 1, 55, 0, 54, "2962"},
		{1, 43, 37, 0, 37, 0, 37, ""},
		{2, 44, 46, 0, 46, 0, 46, ""},
		{2, 46, 45, 0, 45, 0, 45, ""},
		{3, 45, 42, 0, 42, 0, 42, ""},
		{4, 47, 152, 0, 139, 13, 139, ""},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("batches (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{42, 44, 45, 47}, s.CriticalPath); diff != "" {
		t.Errorf("critical path (-want +got):\n%s", diff)
	}
	// The outcome, recomputed from porting.db, reads as the plan's own line.
	if s.Outcome.FeaturesLine != p.ExpectedOutcome[0] {
		t.Errorf("features line = %q, the plan says %q", s.Outcome.FeaturesLine, p.ExpectedOutcome[0])
	}
	if !strings.HasPrefix(p.ExpectedOutcome[1], s.Outcome.RemainingLine+" ") {
		t.Errorf("remaining line = %q, the plan says %q", s.Outcome.RemainingLine, p.ExpectedOutcome[1])
	}
	if s.Outcome.Verified != 3627 || s.Outcome.Total != 3673 || s.Outcome.Percent != 98.7 {
		t.Errorf("outcome = %d/%d = %v%%, want 3627/3673 = 98.7%%", s.Outcome.Verified, s.Outcome.Total, s.Outcome.Percent)
	}
}

func TestSummaryTextOfTheSharedPlan(t *testing.T) {
	s, _ := sharedSummary(t)
	var buf bytes.Buffer
	if err := plan.WriteText(&buf, s); err != nil {
		t.Fatal(err)
	}
	golden := "testdata/shared-plan-summary.txt"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("%s is out of date; rerun with -update (-want +got):\n%s", golden, diff)
	}
}

func TestSummaryJSONReadsBackTheSame(t *testing.T) {
	p, err := plan.ImportDocument("testdata/docs/already-done.md")
	if err != nil {
		t.Fatal(err)
	}
	inv := smallInventory()
	s := plan.Summarize(p, inv, inv.counts())
	var buf bytes.Buffer
	if err := plan.WriteJSON(&buf, s); err != nil {
		t.Fatal(err)
	}
	var back plan.Summary
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, back); diff != "" {
		t.Errorf("(-wrote +read):\n%s", diff)
	}
	for _, key := range []string{`"critical_path"`, `"features_line"`, `"pending"`, `"remaining_path"`} {
		if !bytes.Contains(buf.Bytes(), []byte(key)) {
			t.Errorf("JSON lacks %s:\n%s", key, buf.String())
		}
	}
}

// TestOutcomeCountsEachPendingStatusOnce uses a small plan that lists a stub,
// an unknown feature and one ID twice, over a database with work the plan
// leaves out.
func TestOutcomeCountsEachPendingStatusOnce(t *testing.T) {
	p, err := plan.ImportDocument("testdata/docs/valid.md")
	if err != nil {
		t.Fatal(err)
	}
	inv := smallInventory()
	for _, id := range []int{3, 4} {
		it := inv[id]
		it.Status = port.Unknown
		inv[id] = it
	}
	b2, _ := p.Batch(2)
	b2.Added = []plan.Group{{Label: "Stub", Ranges: plan.Ranges{{Lo: 161, Hi: 161}, {Lo: 10, Hi: 10}}}}
	got := plan.Summarize(p, inv, inv.counts()).Outcome
	// features 1-10: 8 deferred + 2 unknown; 161 a stub; 10 counted once.
	want := plan.Outcome{
		VerifiedNow: 5, PlannedDeferred: 8, PlannedStub: 1, PlannedUnknown: 2,
		Verified: 16, Total: 200, Percent: 8,
		Remaining: []plan.StatusCount{
			{Status: port.Complete, Count: 1}, {Status: port.NA, Count: 1}, {Status: port.Deferred, Count: 182},
		},
		FeaturesLine:  "Features: 5 + 8 + 1 + 2 = 16 verified (vs 200 total = 8.0%)",
		RemainingLine: "Remaining: 1 complete, 1 n/a, 182 deferred",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSummaryTextOfASmallPlanHasNoTrailingSpace(t *testing.T) {
	p, err := plan.ImportDocument("testdata/docs/valid.md")
	if err != nil {
		t.Fatal(err)
	}
	inv := smallInventory()
	var buf bytes.Buffer
	if err := plan.WriteText(&buf, plan.Summarize(p, inv, inv.counts())); err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(buf.String(), "\n") {
		if strings.TrimRight(line, " ") != line {
			t.Errorf("line %d ends in spaces: %q", i+1, line)
		}
	}
	for _, want := range []string{"Critical path: 1 -> 2 (10 pending features)", "\n2      Lexer.cs\n", "Features: 5 + 10 + 0 = 15 verified (vs 200 total = 7.5%)"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, buf.String())
		}
	}
}

// A plan whose batches are done says it is finished instead of showing a
// critical path; on the way there, the path counts only what is pending.
func TestAFinishedPlanSaysSoAndThePathCountsOnlyPendingFeatures(t *testing.T) {
	inv := fixtureInventory(t)
	p, err := plan.LoadBatches(committedBatches)
	if err != nil {
		t.Fatal(err)
	}
	finish := func(ids ...int) {
		for _, id := range ids {
			b, _ := p.Batch(id)
			for _, f := range b.AllIDs() {
				it := inv[f]
				it.Status = port.Verified
				inv[f] = it
			}
		}
	}
	finish(42, 43, 44, 46)
	s := plan.Summarize(p, inv, inv.counts())
	if s.Finished || s.CriticalPending != 42+139 {
		t.Errorf("with 45 and 47 left: finished %v, %v pending on %v; want 181 (45's 42 and 47's 139)", s.Finished, s.CriticalPending, s.CriticalPath)
	}
	finish(45, 47)
	s = plan.Summarize(p, inv, inv.counts())
	var text bytes.Buffer
	if err := plan.WriteText(&text, s); err != nil {
		t.Fatal(err)
	}
	if !s.Finished || len(s.CriticalPath) != 0 || !strings.Contains(text.String(), "Finished: every feature of the plan's batches is done") || strings.Contains(text.String(), "Critical path") {
		t.Errorf("a finished plan: finished %v, path %v:\n%s", s.Finished, s.CriticalPath, text.String())
	}
}
