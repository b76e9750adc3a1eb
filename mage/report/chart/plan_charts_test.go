package chart_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"portwave/mage/report/chart"
)

// sec is t0 plus s seconds: the demo's runs take seconds, not hours.
func sec(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

func secSpan(stage string, a, b float64, failed bool) chart.Span {
	return chart.Span{Stage: stage, Start: sec(a), End: sec(b), Failed: failed}
}

// demoLanes is a demo-like plan: wave 1 in two slots at once, batch 13's
// gate retry in slot 1, batch 14 after a pause of an hour.
func demoLanes() chart.Timeline {
	return chart.Timeline{Title: "Every attempt of 3 runs, by worktree slot", Start: t0,
		Rows: []chart.Row{
			{Label: "slot-1", State: "done", Segments: []chart.Segment{
				{Label: "11 #1 4s $0.23", Stages: []chart.Span{secSpan("worktree", 0, 0.3, false), secSpan("agent", 0.3, 2.5, false),
					secSpan("gate", 2.5, 3, false), secSpan("merge", 3, 3.5, false), secSpan("audit", 3.5, 4, false)}},
				{Label: "13 #1 2s $0.10", Stages: []chart.Span{secSpan("worktree", 5, 5.2, false), secSpan("agent", 5.2, 6.5, false),
					secSpan("gate", 6.5, 7, true)}},
				{Label: "13 #2 2s $0.11", Stages: []chart.Span{secSpan("agent", 7, 8.5, false), secSpan("gate", 8.5, 9, false),
					secSpan("merge", 9, 9.4, false), secSpan("audit", 9.4, 10, false)}},
				{Label: "14 #1 3s $0.18", Stages: []chart.Span{secSpan("worktree", 3610, 3610.5, false), secSpan("agent", 3610.5, 3612, false),
					secSpan("gate", 3612, 3612.5, false), secSpan("merge", 3612.5, 3613, false)}},
			}},
			{Label: "slot-2", State: "done", Segments: []chart.Segment{
				{Label: "12 #1 4s $0.15", Stages: []chart.Span{secSpan("worktree", 0, 0.4, false), secSpan("agent", 0.4, 3, false),
					secSpan("gate", 3, 3.5, false), secSpan("merge", 4, 4.5, false), secSpan("audit", 4.5, 5, false)}},
			}},
		},
		Breaks: []chart.Break{{Start: sec(10), End: sec(3610), Label: "pause 1h 00m"}}}
}

func TestTheNewChartsWriteTheirGoldenSVGs(t *testing.T) {
	demoHistory := []chart.Point{{T: sec(-60), Verified: 0, Total: 33}, {T: sec(4), Verified: 6, Total: 33},
		{T: sec(5), Verified: 10, Total: 33}, {T: sec(10), Verified: 12, Total: 33}, {T: sec(3613), Verified: 15, Total: 33}}
	waves := []chart.Band{{Label: "wave 1", Start: sec(0), End: sec(5)}, {Label: "wave 2", Start: sec(5), End: sec(10)},
		{Label: "wave 3", Start: sec(3610), End: sec(3613)}}
	tests := []struct {
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"gantt-lanes-attempts-and-a-pause.svg", func(b *bytes.Buffer) error { return chart.Gantt(b, demoLanes()) }},
		{"burnup-waves-by-event.svg", func(b *bytes.Buffer) error {
			return chart.BurnUp(b, chart.BurnUpSeries{Title: "Demo", Points: demoHistory[:4], Bands: waves[:2], Target: 30})
		}},
		{"burnup-short-waves-far-apart.svg", func(b *bytes.Buffer) error {
			return chart.BurnUp(b, chart.BurnUpSeries{Title: "Short waves an hour apart", Points: demoHistory, Bands: waves, Target: 30})
		}},
		{"burnup-long-waves-by-time.svg", func(b *bytes.Buffer) error {
			h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }
			return chart.BurnUp(b, chart.BurnUpSeries{Title: "Waves of hours, to scale",
				Points: []chart.Point{{T: h(0), Verified: 5694, Total: 6942}, {T: h(3), Verified: 5748, Total: 6942},
					{T: h(5), Verified: 5800, Total: 6942}, {T: h(20), Verified: 5900, Total: 6960}, {T: h(26), Verified: 6058, Total: 6960}},
				Bands:  []chart.Band{{Label: "wave 1", Start: h(0.5), End: h(5)}, {Label: "wave 2", Start: h(18), End: h(26)}},
				Target: 6100})
		}},
		{"cost-with-budget.svg", func(b *bytes.Buffer) error {
			return chart.Cost(b, chart.CostSeries{Bars: []chart.CostBar{{"11", 0.23}, {"12", 0.15}, {"13", 0.21}, {"14", 0.18}}, BudgetUSD: 1})
		}},
		{"cost-empty.svg", func(b *bytes.Buffer) error { return chart.Cost(b, chart.CostSeries{}) }},
		{"cost-sixty-batches.svg", func(b *bytes.Buffer) error {
			var bars []chart.CostBar
			for i := range 60 {
				bars = append(bars, chart.CostBar{Label: fmt.Sprint(i + 1), USD: 1 + float64(i%7)})
			}
			return chart.Cost(b, chart.CostSeries{Title: "Sixty batches", Bars: bars})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var out bytes.Buffer
			if err := tt.write(&out); err != nil {
				t.Fatal(err)
			}
			checkSVG(t, out.Bytes())
			renderPNG(t, out.Bytes())
			golden(t, tt.golden, out.Bytes())
		})
	}
}

func TestTheGanttLabelsEveryAttemptWithItsDurationAndCost(t *testing.T) {
	var out bytes.Buffer
	if err := chart.Gantt(&out, demoLanes()); err != nil {
		t.Fatal(err)
	}
	svg := out.String()
	for _, want := range []string{">11 #1 4s $0.23<", ">12 #1 4s $0.15<", ">13 #1 2s $0.10<", ">13 #2 2s $0.11<", ">14 #1 3s $0.18<",
		">pause 1h 00m<", ">slot-1<", ">slot-2<", "s seconds, m minutes"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the Gantt does not show %q", want)
		}
	}
	// The axis leaves the hour's pause out: it spans the 13s worked, in
	// seconds, with several ticks.
	if strings.Contains(svg, ">1h<") || !strings.Contains(svg, ">10s<") {
		t.Errorf("the axis does not run over the worked seconds only:\n%s", svg)
	}
}

func TestAShortBurnUpStepsByEventAndShowsEachWave(t *testing.T) {
	pts := []chart.Point{{T: sec(0), Verified: 0, Total: 33}, {T: sec(4), Verified: 6, Total: 33}, {T: sec(9), Verified: 12, Total: 33}}
	bands := []chart.Band{{Label: "wave 1", Start: sec(1), End: sec(4)}, {Label: "wave 2", Start: sec(5), End: sec(9)}}
	var out bytes.Buffer
	if err := chart.BurnUp(&out, chart.BurnUpSeries{Points: pts, Bands: bands, Target: 30}); err != nil {
		t.Fatal(err)
	}
	svg := out.String()
	for _, want := range []string{">wave 1<", ">wave 2<", ">plan target 30<", ">total 33<", "one step each (not to scale)"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the burn-up does not show %q", want)
		}
	}
	// Each wave gets a band of its own width: on an hour-wide axis the two
	// would be a sliver each.
	widths := rectWidths(t, out.Bytes(), "#ddf4ff", "#fff8c5")
	if len(widths) != 2 {
		t.Errorf("%d wave bands, want 2", len(widths))
	}
	for _, w := range widths {
		if w < 100 {
			t.Errorf("a wave band is %.0fpx wide, want it readable", w)
		}
	}
}

// rectWidths lists the widths of the plot's <rect> elements filled with
// one of fills, the legend's small samples left out.
func rectWidths(t *testing.T, svg []byte, fills ...string) []float64 {
	t.Helper()
	var doc struct {
		Rects []struct {
			Fill   string  `xml:"fill,attr"`
			Width  float64 `xml:"width,attr"`
			Height float64 `xml:"height,attr"`
		} `xml:"rect"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatal(err)
	}
	var out []float64
	for _, r := range doc.Rects {
		for _, f := range fills {
			if r.Fill == f && r.Height > 20 {
				out = append(out, r.Width)
			}
		}
	}
	return out
}
