package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"portwave/mage/report"
)

// review is one report of the review sequence: when it is made, what the
// port looks like by then, and what it must say.
type review struct {
	golden   string
	at       time.Time
	before   func(*scenario)
	previous string // the report it must count from; empty for the first
	says     []string
	check    func(*testing.T, *report.Report)
}

// reviews are three reports over the NatsNet port: before the plan, after
// wave 1 (one batch failed, one feature regressed) and after all six
// batches.
var reviews = []review{
	{
		golden: "1-before-the-plan.md", at: day(1, 12, 0),
		says: []string{"**5694/6942 = 82.0%**", "First report, no previous one.", "| 1 | 42 | Foundation Helpers | 55 | 55 | 0 | not run |",
			"| Features: 3263 + 363 + 1 = 3627 verified (vs 3673 total = 98.7%) | Features: 3263/3673 verified = 88.8% |"},
		check: func(t *testing.T, r *report.Report) {
			if r.Summary.All.Done != 5694 || r.Summary.All.Total != 6942 || r.Summary.All.Percent != 82.0 {
				t.Errorf("summary = %d/%d = %v%%, want 5694/6942 = 82.0%%", r.Summary.All.Done, r.Summary.All.Total, r.Summary.All.Percent)
			}
			if r.Plan.Projected != r.Plan.Expected[0] {
				t.Errorf("projected outcome %q differs from the plan's %q", r.Plan.Projected, r.Plan.Expected[0])
			}
		},
	},
	{
		golden: "2-after-wave-1.md", at: day(2, 18, 0), before: (*scenario).wave1, previous: "2026-03-01-report.md",
		says: []string{"**5748/6942 = 82.8%**", "failed at gate", "+54 verified", "1 change went back since the previous report",
			"`validateAndNormalizeCompressionOption` | `server/server.go` | verified → stub | stub |"},
		check: func(t *testing.T, r *report.Report) {
			if r.Regressions.Total != 1 || r.Regressions.Entries[0].ID != regressed {
				t.Errorf("regressions = %+v, want feature %d", r.Regressions, regressed)
			}
			if r.Cost.Attempts != 2 || r.Cost.TotalUSD != 4.12+5.31 {
				t.Errorf("cost = %+v, want 2 attempts and $9.43", r.Cost)
			}
		},
	},
	{
		golden: "3-all-batches-done.md", at: day(4, 9, 0), before: (*scenario).theRest, previous: "2026-03-02-report.md",
		says: []string{"Features: 3627/3673 verified = 98.7%", "6 of 6 batches have nothing pending.", "| done | 2 |", "## Failures and retries", "### Batch 43: done, attempt 2",
			"None since the previous report", "**6058/6942 = 87.3%**"},
		check: func(t *testing.T, r *report.Report) {
			if f := r.Summary.Features; f.Verified != 3627 || f.Total != 3673 {
				t.Errorf("features verified = %d/%d, want 3627/3673", f.Verified, f.Total)
			}
			if r.Plan.Total.Pending != 0 || r.Plan.BatchesDone != 6 {
				t.Errorf("plan total = %+v, %d batches done; want nothing pending in 6 batches", r.Plan.Total, r.Plan.BatchesDone)
			}
		},
	},
}

func TestTheReviewReportsOfTheNatsNetPortMatchTheGoldenFiles(t *testing.T) {
	s := natsnet(t)
	dir := filepath.Join(t.TempDir(), "reports")
	for _, rv := range reviews {
		if rv.before != nil {
			rv.before(s)
		}
		prev, err := report.FindPrevious(dir, rv.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := fileOf(prev); got != rv.previous {
			t.Fatalf("%s: previous report = %q, want %q", rv.golden, got, rv.previous)
		}
		r, err := report.Build(s.ctx, s.db, s.plan, report.Options{Title: "NatsNet port", Now: rv.at, Previous: prev, JSON: true})
		if err != nil {
			t.Fatal(err)
		}
		files, err := report.Write(dir, r, rv.at)
		if err != nil {
			t.Fatal(err)
		}
		md := read(t, files.Markdown)
		if !bytes.Equal(md, read(t, files.Latest)) {
			t.Errorf("%s: latest.md differs from %s", rv.golden, files.Markdown)
		}
		for _, want := range rv.says {
			if !bytes.Contains(md, []byte(want)) {
				t.Errorf("%s does not say %q", rv.golden, want)
			}
		}
		rv.check(t, r)
		golden(t, rv.golden, md)
	}
}

func fileOf(p *report.Previous) string {
	if p == nil {
		return ""
	}
	return p.File
}

func TestTheJSONTwinHoldsTheWholeReport(t *testing.T) {
	s := natsnet(t)
	s.wave1()
	prev := &report.Previous{Generated: day(1, 12, 0), File: "2026-03-01-report.md"}
	r, err := report.Build(s.ctx, s.db, s.plan, report.Options{Now: day(2, 18, 0), Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var back report.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, &back, cmpopts.IgnoreUnexported(report.Report{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("the JSON twin does not decode to the report (-built +decoded):\n%s", diff)
	}
	for _, key := range []string{`"version": 2`, `"line": "5748/6942 = 82.8%"`, `"state": "failed"`, `"regressions": {`} {
		if !strings.Contains(buf.String(), key) {
			t.Errorf("the JSON twin lacks %s", key)
		}
	}
}

func TestWriteLeavesNoTemporaryFilesAndWritesTheTwinOnlyWhenAsked(t *testing.T) {
	s := natsnet(t)
	for _, asked := range []bool{false, true} {
		dir := t.TempDir()
		r, err := report.Build(s.ctx, s.db, nil, report.Options{Now: day(1, 12, 0), JSON: asked})
		if err != nil {
			t.Fatal(err)
		}
		files, err := report.Write(dir, r, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"2026-03-01-burnup.svg", "2026-03-01-cost.svg", "2026-03-01-gantt.svg", "2026-03-01-report.md", "latest.md"}
		if asked {
			want = []string{"2026-03-01-burnup.svg", "2026-03-01-cost.svg", "2026-03-01-gantt.svg", "2026-03-01-report.json", "2026-03-01-report.md", "latest.json", "latest.md"}
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("JSON asked %v: files (-want +got):\n%s", asked, diff)
		}
		if (files.JSON != "") != asked {
			t.Errorf("JSON asked %v, but Files.JSON = %q", asked, files.JSON)
		}
		md := string(read(t, files.Markdown))
		for _, link := range []string{"](2026-03-01-burnup.svg)", "](2026-03-01-gantt.svg)", "](2026-03-01-cost.svg)"} {
			if !strings.Contains(md, link) {
				t.Errorf("the report does not link %s", link)
			}
		}
	}
}
