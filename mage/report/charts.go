package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"portwave/mage/report/chart"
)

// WriteBurnUp draws the report's burn-up of verified items, with the number
// of tracked items as the scope line, the plan's waves as bands and its
// target as a line.
func WriteBurnUp(w io.Writer, r *Report) error {
	s := chart.BurnUpSeries{Title: "Verified features and tests over time", Points: make([]chart.Point, len(r.BurnUp)),
		Target: r.BurnUpTarget}
	for i, p := range r.BurnUp {
		s.Points[i] = chart.Point{T: p.T, Verified: p.Verified, Total: p.Total}
	}
	for _, b := range r.BurnUpBands {
		s.Bands = append(s.Bands, chart.Band{Label: b.Label, Start: b.Start, End: b.End})
	}
	return chart.BurnUp(w, s)
}

// WriteGantt draws every attempt of every run: one lane per worktree slot,
// each attempt a segment labelled with its batch, attempt, duration and
// cost, its stages in colour; the pauses between runs are cut out. With no
// run it draws the chart's placeholder.
func WriteGantt(w io.Writer, r *Report) error {
	var tl chart.Timeline
	if pt := r.Timeline; pt != nil {
		runs := map[int64]bool{}
		for _, a := range pt.Attempts {
			runs[a.Run] = true
		}
		tl.Title = fmt.Sprintf("Every attempt of %d %s, by worktree slot", len(runs), plural(len(runs), "run", "runs"))
		tl.Start = pt.Started
		// Attempts of one slot never overlap; those that overlap anyway
		// (rows that name no worktree) go to a lane of their own below.
		lanes := map[string][]int{} // slot -> its rows in tl.Rows
		ends := map[int]time.Time{} // row -> where its last segment ends
		var spans [][2]time.Time
		for _, name := range pt.Lanes {
			lanes[name] = []int{len(tl.Rows)}
			tl.Rows = append(tl.Rows, chart.Row{Label: name})
		}
		for _, a := range pt.Attempts {
			sg := chart.Segment{Label: fmt.Sprintf("%d #%d %s %s", a.Batch, a.Attempt, shortDuration(a.Seconds), money(a.CostUSD))}
			var first, last time.Time
			for _, s := range a.Stages {
				span := chart.Span{Stage: string(s.Stage), Start: s.Start, Failed: s.Failed}
				if s.End != nil {
					span.End = *s.End
				}
				sg.Stages = append(sg.Stages, span)
				end := later(s.Start, span.End)
				spans = append(spans, [2]time.Time{s.Start, end})
				if first.IsZero() || s.Start.Before(first) {
					first = s.Start
				}
				last = later(last, end)
			}
			row := -1
			for _, r := range lanes[a.Lane] {
				if !ends[r].After(first) {
					row = r
					break
				}
			}
			if row < 0 {
				row = len(tl.Rows)
				lanes[a.Lane] = append(lanes[a.Lane], row)
				tl.Rows = append(tl.Rows, chart.Row{Label: fmt.Sprintf("%s (%d)", a.Lane, len(lanes[a.Lane]))})
			}
			ends[row] = later(ends[row], last)
			tl.Rows[row].Segments = append(tl.Rows[row].Segments, sg)
			tl.Rows[row].State = string(a.State)
		}
		tl.Breaks = pauses(spans)
	}
	return chart.Gantt(w, tl)
}

// pauses are the stretches no attempt covers that are long enough to cut
// out of the Gantt's axis: over a minute, and over a tenth of the time
// the attempts cover.
func pauses(spans [][2]time.Time) []chart.Break {
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b [2]time.Time) int { return a[0].Compare(b[0]) })
	var busy time.Duration
	var gaps [][2]time.Time
	cur := spans[0]
	for _, s := range spans[1:] {
		if s[0].After(cur[1]) {
			gaps = append(gaps, [2]time.Time{cur[1], s[0]})
			busy += cur[1].Sub(cur[0])
			cur = s
			continue
		}
		cur[1] = later(cur[1], s[1])
	}
	busy += cur[1].Sub(cur[0])
	var out []chart.Break
	for _, g := range gaps {
		if d := g[1].Sub(g[0]); d > time.Minute && d > busy/10 {
			out = append(out, chart.Break{Start: g[0], End: g[1], Label: "pause " + Duration(d.Seconds())})
		}
	}
	return out
}

// shortDuration is duration with tenths of a second below ten seconds,
// for attempts that take less than one.
func shortDuration(seconds float64) string {
	if seconds < 9.95 {
		return strconv.FormatFloat(math.Round(seconds*10)/10, 'f', -1, 64) + "s"
	}
	return Duration(seconds)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// WriteCostChart draws the agents' spend, batch by batch in the order
// they first started, with the running total and the budget when one is
// set.
func WriteCostChart(w io.Writer, r *Report) error {
	s := chart.CostSeries{Title: "Agent cost by batch, cumulative", BudgetUSD: r.Cost.BudgetUSD}
	ls := slices.Clone(r.Ledger)
	slices.SortStableFunc(ls, func(a, b BatchLedger) int { return a.Started.Compare(b.Started) })
	for _, l := range ls {
		s.Bars = append(s.Bars, chart.CostBar{Label: fmt.Sprint(l.Batch), USD: l.CostUSD})
	}
	return chart.Cost(w, s)
}
