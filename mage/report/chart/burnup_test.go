package chart_test

import (
	"bytes"
	"errors"
	"io"
	"portwave/internal/svgtest"
	"strconv"
	"strings"
	"testing"
	"time"

	"portwave/mage/report/chart"
)

// lastVerifiedLabel reads back the text of the element that labels the
// burn-up's last point.
func lastVerifiedLabel(t *testing.T, svg []byte) string {
	return svgtest.TextByID(t, svg, chart.LastVerifiedID)
}

func TestBurnUpLabelsTheLastPointWithItsVerifiedCount(t *testing.T) {
	tests := []struct {
		name   string
		points []chart.Point
	}{
		{"a single point", []chart.Point{{T: t0, Verified: 5694, Total: 6942}}},
		{"a climbing history", reviewHistory()},
		{"a history that ends in a regression", append(reviewHistory(), chart.Point{T: t0.AddDate(0, 1, 0), Verified: 12, Total: 6942})},
		{"a last point sharing its pixel with higher ones", append(longHistory(5000), chart.Point{T: t0.Add(4999*time.Minute + time.Second), Verified: 3})},
		{"points given out of order", []chart.Point{{T: t0.Add(time.Hour), Verified: 3627}, {T: t0, Verified: 5000}}},
		{"a million items", []chart.Point{{T: t0, Verified: 0, Total: 1_000_000}, {T: t0.Add(time.Hour), Verified: 1_000_000, Total: 1_000_000}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			latest := tt.points[0]
			for _, p := range tt.points {
				if !p.T.Before(latest.T) {
					latest = p
				}
			}
			var out bytes.Buffer
			if err := chart.BurnUp(&out, chart.BurnUpSeries{Points: tt.points}); err != nil {
				t.Fatal(err)
			}
			label := lastVerifiedLabel(t, out.Bytes())
			got, err := strconv.Atoi(strings.ReplaceAll(label, ",", ""))
			if err != nil || got != latest.Verified {
				t.Errorf("last point labelled %q, want %d", label, latest.Verified)
			}
		})
	}
}

func TestBurnUpOutputStaysSmallHoweverLongTheHistory(t *testing.T) {
	// One pixel column holds at most a few path commands, so the size is
	// bounded by the chart's width, not by the number of points.
	const limit = 48 << 10
	for _, n := range []int{5_000, 50_000} {
		var out bytes.Buffer
		if err := chart.BurnUp(&out, chart.BurnUpSeries{Points: longHistory(n)}); err != nil {
			t.Fatal(err)
		}
		if out.Len() > limit {
			t.Errorf("%d points gave %d bytes of SVG, want at most %d", n, out.Len(), limit)
		}
		checkSVG(t, out.Bytes())
	}
}

func TestBurnUpRejectsANegativeCount(t *testing.T) {
	pts := []chart.Point{{T: t0, Verified: 1}, {T: t0.Add(time.Hour), Verified: 2, Total: -1}}
	err := chart.BurnUp(io.Discard, chart.BurnUpSeries{Points: pts})
	if err == nil || !strings.Contains(err.Error(), "point 1 at 2026-03-01T10:00:00Z: negative count") {
		t.Errorf("got error %v, want one naming point 1 and its negative count", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestChartsReturnTheWritersError(t *testing.T) {
	for name, draw := range map[string]func(io.Writer) error{
		"burn-up": func(w io.Writer) error { return chart.BurnUp(w, chart.BurnUpSeries{Points: reviewHistory()}) },
		"gantt":   func(w io.Writer) error { return chart.Gantt(w, chart.Timeline{Rows: sixBatches()}) },
	} {
		if err := draw(failingWriter{}); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: got error %v, want the writer's", name, err)
		}
	}
}
