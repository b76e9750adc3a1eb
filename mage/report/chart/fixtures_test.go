package chart_test

import (
	"strconv"
	"time"

	"portwave/mage/report/chart"
)

// t0 is the start of every fixture: the morning the plan's first wave ran.
var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// reviewHistory is three weeks of a port: verified items climbing from the
// 5,694 the plan starts at, the scope growing once, one regression put
// right the next day.
func reviewHistory() []chart.Point {
	var pts []chart.Point
	verified, total := 5694, 6942
	for day := range 21 {
		switch {
		case day == 9:
			verified -= 40 // an audit demoted a batch's features
		case day == 12:
			total += 120 // the inventory found new tests
			verified += 90
		default:
			verified += 13 * (day % 4)
		}
		pts = append(pts, chart.Point{T: t0.Add(time.Duration(day)*24*time.Hour + time.Duration(day%5)*time.Hour), Verified: verified, Total: total})
	}
	return pts
}

// longHistory is n points a minute apart that climb, stall and dip in a
// fixed pattern, the shape an aggregated status_history takes.
func longHistory(n int) []chart.Point {
	pts := make([]chart.Point, n)
	verified := 100
	for i := range pts {
		switch {
		case i%97 == 0:
			verified -= 7
		case i%3 != 0:
			verified += i % 5
		}
		pts[i] = chart.Point{T: t0.Add(time.Duration(i) * time.Minute), Verified: verified, Total: 100 + 2*n + i/10}
	}
	return pts
}

// span is a stage of a batch from minute a to minute b after t0; b < 0 means
// it is still running.
func span(stage string, a, b float64, failed bool) chart.Span {
	s := chart.Span{Stage: stage, Start: t0.Add(time.Duration(a * float64(time.Minute))), Failed: failed}
	if b >= 0 {
		s.End = t0.Add(time.Duration(b * float64(time.Minute)))
	}
	return s
}

// sixBatches is a run of the plan's batches 42..47, three at a time: one
// fails its gate, one hits a merge conflict, one is still in its agent.
func sixBatches() []chart.Row {
	return []chart.Row{
		{Label: "Batch 42", State: "done", Stages: []chart.Span{
			span("worktree", 0, 0.2, false), span("agent", 0.2, 24, false), span("gate", 24, 31, false),
			span("merge", 31, 32.5, false), span("audit", 32.5, 34, false)}},
		{Label: "Batch 43", State: "failed", Stages: []chart.Span{
			span("worktree", 0, 0.3, false), span("agent", 0.3, 18, false), span("gate", 18, 22.5, true)}},
		{Label: "Batch 44", State: "done", Stages: []chart.Span{
			span("worktree", 0, 0.2, false), span("agent", 0.2, 29, false), span("gate", 29, 36, false),
			span("merge", 36, 37, false), span("audit", 37, 38.2, false)}},
		{Label: "Batch 45", State: "conflict", Stages: []chart.Span{
			span("worktree", 22.5, 22.7, false), span("agent", 22.7, 40, false), span("gate", 40, 46, false),
			span("merge", 46, 46.5, true)}},
		{Label: "Batch 46", State: "done", Stages: []chart.Span{
			span("worktree", 34, 34.1, false), span("agent", 34.1, 51, false), span("gate", 51, 57, false),
			span("merge", 57, 58, false), span("audit", 58, 59, false)}},
		{Label: "Batch 47", State: "running", Stages: []chart.Span{
			span("worktree", 38.2, 38.4, false), span("agent", 38.4, -1, false)}},
	}
}

// manyRows is n batches in waves of three, each through the whole pipeline.
func manyRows(n int) []chart.Row {
	rows := make([]chart.Row, n)
	for i := range rows {
		at := float64(i/3) * 40
		agent := 10 + float64(i%7)*3
		failed := i%11 == 5
		state := "done"
		if failed {
			state = "failed"
		}
		rows[i] = chart.Row{Label: "Batch " + strconv.Itoa(42+i), State: state, Stages: []chart.Span{
			span("worktree", at, at+0.2, false), span("agent", at+0.2, at+agent, false),
			span("gate", at+agent, at+agent+6, failed), span("merge", at+agent+6, at+agent+7, false),
			span("audit", at+agent+7, at+agent+8, false)}}
	}
	return rows
}
