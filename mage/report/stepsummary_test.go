package report_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portwave/mage/port"
	"portwave/mage/report"
)

func TestTheStepSummaryAfterWave1MatchesTheGoldenFile(t *testing.T) {
	s := natsnet(t)
	s.wave1()
	prev := &report.Previous{Generated: day(1, 12, 0), File: "2026-03-01-report.md"}
	r, err := report.Build(s.ctx, s.db, s.plan, report.Options{Title: "NatsNet port", Now: day(2, 18, 0), Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "step_summary.md")
	if err := os.WriteFile(path, []byte("## Earlier step\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteStepSummary(path, r); err != nil {
		t.Fatal(err)
	}
	got := read(t, path)
	if !bytes.HasPrefix(got, []byte("## Earlier step\n\n\n### NatsNet port")) {
		t.Errorf("the summary did not append to what earlier steps wrote:\n%.200s", got)
	}
	golden(t, "step-summary-after-wave-1.md", got)
}

// hugeReport has far more batches and regressions than a step summary can
// show, as a report over a giant plan would.
func hugeReport() *report.Report {
	r := &report.Report{Title: "Giant port", Generated: t0, Plan: &report.PlanProgress{
		Expected: []string{"Features: all of them"}, Measured: []string{"Features: some of them"}}}
	var batches []report.BatchProgress
	for i := range 20000 {
		batches = append(batches, report.BatchProgress{ID: i + 1, Name: fmt.Sprintf("Batch with a fairly long name number %d", i+1)})
	}
	r.Plan.Waves = []report.WaveProgress{{Wave: 1, Batches: batches}}
	r.Regressions.Total = 50000
	for i := range 100 {
		r.Regressions.Entries = append(r.Regressions.Entries, report.ItemChange{Kind: port.Feature, ID: i, Name: "F",
			From: port.Verified, To: port.Stub, At: t0, Reason: "audit"})
	}
	return r
}

func TestTheStepSummaryStaysUnderItsCap(t *testing.T) {
	tests := []struct {
		name     string
		existing int   // bytes earlier steps wrote
		max      int64 // the most the file may hold afterwards
	}{
		{"an empty summary file", 0, report.StepSummaryLimit},
		{"a file earlier steps filled to 100 KiB", 100 << 10, 100<<10 + report.StepSummaryLimit},
		{"a file earlier steps filled close to GitHub's 1 MiB", 1<<20 - 10<<10, 1 << 20},
		{"a file already at GitHub's limit", 1 << 20, 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "summary.md")
			before := bytes.Repeat([]byte("x\n"), tt.existing/2)
			if err := os.WriteFile(path, before, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := report.WriteStepSummary(path, hugeReport()); err != nil {
				t.Fatal(err)
			}
			got := read(t, path)
			if int64(len(got)) > tt.max {
				t.Errorf("the file holds %d bytes, more than %d", len(got), tt.max)
			}
			if !bytes.HasPrefix(got, before) {
				t.Error("what earlier steps wrote was changed")
			}
			added := string(got[len(before):])
			if added != "" && !strings.HasSuffix(added, "the full report is in the reports directory._\n") {
				t.Errorf("a cut summary does not say so; it ends %q", added[max(0, len(added)-80):])
			}
			if added != "" && !strings.HasPrefix(strings.TrimLeft(added, "\n"), "### Giant port") {
				t.Errorf("the summary starts %.40q", added)
			}
		})
	}
}

func TestAnEmptyStepSummaryPathWritesNothing(t *testing.T) {
	if err := report.WriteStepSummary("", &report.Report{Generated: time.Now()}); err != nil {
		t.Fatal(err)
	}
}
