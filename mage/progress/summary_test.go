package progress_test

import (
	"strings"
	"testing"

	"portwave/mage/port"
	"portwave/mage/progress"
)

func TestSummaryTableOfAScriptedRunMatchesGolden(t *testing.T) {
	var s progress.Summary
	for _, e := range scriptedRun() {
		s.Send(e)
	}
	var out strings.Builder
	if err := s.WriteSummary(&out); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.golden", out.String())
}

func TestSummaryListsOnlyBatchesThatFailedOrConflicted(t *testing.T) {
	tests := []struct {
		state  port.State
		listed bool
	}{
		{"done", false},
		{"failed", true},
		{"conflict", true},
		{"skipped", false},
		{"interrupted", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.state), func(t *testing.T) {
			var s progress.Summary
			s.Send(progress.Event{Time: at(0), Kind: progress.StageStarted, Batch: 9, Stage: "merge"})
			s.Send(progress.Event{Time: at(5), Kind: progress.BatchFinished, Batch: 9, Stage: "merge",
				State: tt.state, LogPath: "/logs/9.log"})
			var out strings.Builder
			if err := s.WriteSummary(&out); err != nil {
				t.Fatal(err)
			}
			_, failed, _ := strings.Cut(out.String(), "failed batches:\n")
			if got := strings.Contains(failed, "log: /logs/9.log"); got != tt.listed {
				t.Errorf("listed under failed batches = %v, want %v; summary:\n%s", got, tt.listed, out.String())
			}
		})
	}
}

func TestSummaryOfAnEmptyRunSaysSo(t *testing.T) {
	var s progress.Summary
	s.Send(progress.Event{Kind: progress.RunFinished, Message: "nothing to do: batches 42, 43 already merged"})
	var out strings.Builder
	if err := s.WriteSummary(&out); err != nil {
		t.Fatal(err)
	}
	if want := "no batches ran\n\nnothing to do: batches 42, 43 already merged\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}
