package chart_test

import (
	"portwave/internal/goldenfile"
	"portwave/internal/svgtest"
	"testing"
)

// golden, checkSVG and renderPNG are the shared test helpers, under the
// names this package's tests use.
func golden(t *testing.T, name string, got []byte) { goldenfile.Compare(t, name, got) }

func checkSVG(t *testing.T, data []byte) { svgtest.Check(t, data) }

func renderPNG(t *testing.T, data []byte) string { return svgtest.Render(t, data) }
