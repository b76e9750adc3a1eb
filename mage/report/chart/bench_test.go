package chart_test

import (
	"bytes"
	"testing"

	"portwave/mage/report/chart"
)

func BenchmarkBurnUp5000Points(b *testing.B) {
	s := chart.BurnUpSeries{Points: longHistory(5000)}
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := chart.BurnUp(&out, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.Len()), "svg-bytes")
}

func BenchmarkGantt50Rows(b *testing.B) {
	g := chart.Timeline{Rows: manyRows(50)}
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := chart.Gantt(&out, g); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.Len()), "svg-bytes")
}
