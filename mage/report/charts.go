package report

import (
	"fmt"
	"io"

	"portwave/mage/report/chart"
)

// WriteBurnUp draws the report's burn-up of verified items, with the number
// of tracked items as the scope line.
func WriteBurnUp(w io.Writer, r *Report) error {
	s := chart.BurnUpSeries{Title: "Verified features and tests over time", Points: make([]chart.Point, len(r.BurnUp))}
	for i, p := range r.BurnUp {
		s.Points[i] = chart.Point{T: p.T, Verified: p.Verified, Total: p.Total}
	}
	return chart.BurnUp(w, s)
}

// WriteGantt draws the last run's batches and their stages; with no run it
// draws the chart's placeholder.
func WriteGantt(w io.Writer, r *Report) error {
	var tl chart.Timeline
	if lr := r.LastRun; lr != nil {
		tl.Title = "Batches of the last run"
		if lr.Run > 0 {
			tl.Title = fmt.Sprintf("Batches of run %d", lr.Run)
		}
		if lr.Command != "" {
			tl.Title += ": " + lr.Command
		}
		tl.Start = lr.Started
		attempts := map[int]int{}
		for _, b := range lr.Batches {
			attempts[b.Batch]++
		}
		for _, b := range lr.Batches {
			row := chart.Row{Label: fmt.Sprintf("Batch %d", b.Batch), State: string(b.State)}
			if attempts[b.Batch] > 1 {
				row.Label += fmt.Sprintf(" #%d", b.Attempt)
			}
			for _, s := range b.Stages {
				span := chart.Span{Stage: string(s.Stage), Start: s.Start, Failed: s.Failed}
				if s.End != nil {
					span.End = *s.End
				}
				row.Stages = append(row.Stages, span)
			}
			tl.Rows = append(tl.Rows, row)
		}
	}
	return chart.Gantt(w, tl)
}
