package report_test

import (
	"path/filepath"
	"testing"

	"portwave/mage/report"
)

func TestTheChartsRenderAndTheBurnUpEndsAtTheVerifiedCount(t *testing.T) {
	s := natsnet(t)
	dir := filepath.Join(t.TempDir(), "reports")
	stages := []struct {
		name string
		then func(*scenario)
	}{
		{"before the plan", nil},
		{"after wave 1", (*scenario).wave1},
		{"after all batches", (*scenario).theRest},
	}
	for i, st := range stages {
		t.Run(st.name, func(t *testing.T) {
			if st.then != nil {
				st.then(s)
			}
			r, err := report.Build(s.ctx, s.db, s.plan, report.Options{Now: day(1+i*2, 20, 0)})
			if err != nil {
				t.Fatal(err)
			}
			files, err := report.Write(dir, r, r.Generated)
			if err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{files.BurnUp, files.Gantt} {
				svg := read(t, path)
				checkSVG(t, svg)
				renderPNG(t, svg)
			}
			last := r.BurnUp[len(r.BurnUp)-1]
			if last.Verified != r.Summary.All.Verified || last.Total != r.Summary.All.Total {
				t.Errorf("the burn-up ends at %d/%d, the summary says %d verified of %d", last.Verified, last.Total, r.Summary.All.Verified, r.Summary.All.Total)
			}
			if got, want := lastVerifiedLabel(t, read(t, files.BurnUp)), thousands(r.Summary.All.Verified); got != want {
				t.Errorf("the burn-up's last point is labelled %q, the summary says %s verified", got, want)
			}
		})
	}
}

func TestTheGanttShowsEveryAttemptOfEveryRunWithItsStages(t *testing.T) {
	s := natsnet(t)
	s.wave1()
	s.theRest()
	r, err := report.Build(s.ctx, s.db, nil, report.Options{Now: day(4, 9, 0)})
	if err != nil {
		t.Fatal(err)
	}
	tl := r.Timeline
	if tl == nil || len(tl.Runs) != 2 || tl.Runs[1].Command != "mage all" {
		t.Fatalf("timeline = %+v, want runs 1 and 2 (mage all)", tl)
	}
	var got []string
	for _, a := range tl.Attempts {
		if a.Batch != 43 {
			continue
		}
		row := ""
		for _, st := range a.Stages {
			row += string(st.Stage) + " " + st.End.Sub(st.Start).String() + "; "
		}
		got = append(got, row)
	}
	// Batch 43's second attempt: 1, 39, 6, 2 and 3 minutes.
	if want := "worktree 1m0s; agent 39m0s; gate 6m0s; merge 2m0s; audit 3m0s; "; len(got) != 2 || got[1] != want {
		t.Errorf("batch 43's attempts = %q, want the second to be %q", got, want)
	}
	rows, err := s.db.BatchRuns(s.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Attempts) != len(rows) {
		t.Errorf("%d attempts on the timeline, the ledger has %d rows", len(tl.Attempts), len(rows))
	}
}

func TestAFailedStageEndsWhenTheFailureIsRecorded(t *testing.T) {
	s := natsnet(t)
	s.wave1()
	r, err := report.Build(s.ctx, s.db, nil, report.Options{Now: day(2, 18, 0)})
	if err != nil {
		t.Fatal(err)
	}
	var b report.AttemptTimeline
	for _, a := range r.Timeline.Attempts {
		if a.Batch == 43 {
			b = a
		}
	}
	last := b.Stages[len(b.Stages)-1]
	if last.Stage != "gate" || !last.Failed || last.End == nil || last.End.Sub(last.Start).Minutes() != 7 {
		t.Errorf("batch 43's last stage = %+v in %+v, want a failed 7-minute gate", last, b)
	}
}
