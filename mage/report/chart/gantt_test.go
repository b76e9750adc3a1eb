package chart_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/report/chart"
)

// tooltips lists the <title> texts of the chart's bars, in order.
func tooltips(t *testing.T, svg []byte) []string {
	t.Helper()
	var doc struct {
		Rects []struct {
			Title string `xml:"title"`
		} `xml:"rect"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range doc.Rects {
		if r.Title != "" {
			out = append(out, r.Title)
		}
	}
	return out
}

func TestGanttDrawsARunningStageUpToNowOrTheLatestEnd(t *testing.T) {
	rows := []chart.Row{
		{Label: "Batch 44", Stages: []chart.Span{span("agent", 5, -1, false)}},
		{Label: "Batch 45", Stages: []chart.Span{span("gate", 2, 12, true)}},
	}
	tests := []struct {
		name string
		now  time.Time
		want []string
	}{
		{"without Now", time.Time{}, []string{"Batch 44: agent, 7m, running", "Batch 45: gate, 10m, failed"}},
		{"with Now", t0.Add(65 * time.Minute), []string{"Batch 44: agent, 1h, running", "Batch 45: gate, 10m, failed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := chart.Gantt(&out, chart.Timeline{Now: tt.now, Rows: rows}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, tooltips(t, out.Bytes())); diff != "" {
				t.Errorf("bar tooltips (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGanttRejectsASpanWithoutAStartOrEndingBeforeItStarts(t *testing.T) {
	tests := []struct {
		name string
		span chart.Span
		want string
	}{
		{"no start", chart.Span{Stage: "gate", End: t0}, "drawing timeline: Batch 44, stage gate: no start time"},
		{"end before start", chart.Span{Stage: "merge", Start: t0, End: t0.Add(-time.Second)},
			"drawing timeline: Batch 44, stage merge: ends at 2026-03-01T08:59:59Z, before it starts at 2026-03-01T09:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := chart.Timeline{Rows: []chart.Row{{Label: "Batch 44", Stages: []chart.Span{tt.span}}}}
			err := chart.Gantt(io.Discard, g)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestGanttGrowsARowPerBatch(t *testing.T) {
	var small, large bytes.Buffer
	if err := chart.Gantt(&small, chart.Timeline{Rows: manyRows(5)}); err != nil {
		t.Fatal(err)
	}
	if err := chart.Gantt(&large, chart.Timeline{Rows: manyRows(50)}); err != nil {
		t.Fatal(err)
	}
	checkSVG(t, large.Bytes())
	renderPNG(t, large.Bytes())
	if h5, h50 := height(t, small.Bytes()), height(t, large.Bytes()); h50-h5 != 45*24 {
		t.Errorf("5 rows are %dpx tall and 50 rows %dpx, want 24px more per row", h5, h50)
	}
	if n := strings.Count(large.String(), "<title>Batch "); n != 50*5 {
		t.Errorf("50 batches of 5 stages drew %d bars", n)
	}
}

func height(t *testing.T, svg []byte) int {
	t.Helper()
	var root struct {
		Height int `xml:"height,attr"`
	}
	if err := xml.Unmarshal(svg, &root); err != nil {
		t.Fatal(err)
	}
	return root.Height
}
