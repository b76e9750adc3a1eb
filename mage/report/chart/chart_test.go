package chart_test

import (
	"bytes"
	"testing"
	"time"

	"portwave/mage/report/chart"
)

func TestBurnUpWritesTheGoldenSVGs(t *testing.T) {
	tests := []struct {
		golden string
		series chart.BurnUpSeries
	}{
		{"burnup-empty.svg", chart.BurnUpSeries{}},
		{"burnup-one-point.svg", chart.BurnUpSeries{Title: "First report", Points: []chart.Point{{T: t0, Verified: 5694, Total: 6942}}}},
		{"burnup-review.svg", chart.BurnUpSeries{Title: "NatsNet port: verified items", Points: reviewHistory()}},
		{"burnup-verified-only.svg", chart.BurnUpSeries{Points: []chart.Point{
			{T: t0, Verified: 3}, {T: t0.Add(40 * time.Minute), Verified: 3}, {T: t0.Add(2 * time.Hour), Verified: 11},
			{T: t0.Add(5 * time.Hour), Verified: 7}, {T: t0.Add(6 * time.Hour), Verified: 12}}}},
		{"burnup-many-points.svg", chart.BurnUpSeries{Title: "5,000 points", Points: longHistory(5000)}},
		{"burnup-a-year-with-markup-in-the-title.svg", chart.BurnUpSeries{Title: `Port <"status"> & 'scope'`, Points: []chart.Point{
			{T: t0, Verified: 900_000, Total: 1_000_000}, {T: t0.AddDate(0, 4, 0), Verified: 950_000, Total: 1_000_000},
			{T: t0.AddDate(1, 0, 0), Verified: 999_999, Total: 1_000_000}}}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var out bytes.Buffer
			if err := chart.BurnUp(&out, tt.series); err != nil {
				t.Fatal(err)
			}
			checkSVG(t, out.Bytes())
			renderPNG(t, out.Bytes())
			golden(t, tt.golden, out.Bytes())
		})
	}
}

func TestGanttWritesTheGoldenSVGs(t *testing.T) {
	tests := []struct {
		golden   string
		timeline chart.Timeline
	}{
		{"gantt-empty.svg", chart.Timeline{}},
		{"gantt-one-running-batch.svg", chart.Timeline{Title: "Run 3", Rows: []chart.Row{
			{Label: "Batch 44", State: "running", Stages: []chart.Span{span("worktree", 0, 0.5, false), span("agent", 0.5, -1, false)}}}}},
		{"gantt-six-batches.svg", chart.Timeline{Title: "Run 7: wave 2", Start: t0, Rows: sixBatches()}},
		{"gantt-odd-stages-and-labels.svg", chart.Timeline{
			Title: "Run <8> & a half", Start: t0.Add(-30 * time.Second), Now: t0.Add(3 * time.Hour),
			Rows: []chart.Row{
				{Label: "Batch 48 with a label far too long to fit in the label column of the chart", State: "interrupted after a very long time",
					Stages: []chart.Span{span("worktree", 0, 1, false), span("rebase", 1, 4, false), span("agent", 4, -1, false)}},
				{Label: "", State: "", Stages: nil},
				{Label: "Batch 49", State: "failed", Stages: []chart.Span{span("worktree", 2, 2, true)}},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var out bytes.Buffer
			if err := chart.Gantt(&out, tt.timeline); err != nil {
				t.Fatal(err)
			}
			checkSVG(t, out.Bytes())
			renderPNG(t, out.Bytes())
			golden(t, tt.golden, out.Bytes())
		})
	}
}
