package report_test

import (
	"fmt"
	"os"
	"portwave/internal/goldenfile"
	"portwave/internal/svgtest"
	"strings"
	"testing"

	"portwave/mage/report/chart"
)

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) { goldenfile.Compare(t, name, got) }

func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func checkSVG(t *testing.T, data []byte) { svgtest.Check(t, data) }

func renderPNG(t *testing.T, data []byte) { svgtest.Render(t, data) }

// lastVerifiedLabel reads the label of the burn-up's last point.
func lastVerifiedLabel(t *testing.T, svg []byte) string {
	return svgtest.TextByID(t, svg, chart.LastVerifiedID)
}

// thousands writes n with commas, as the chart labels counts.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
