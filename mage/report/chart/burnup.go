package chart

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// BurnUpSeries is the data of a burn-up chart: how many items were verified,
// and optionally how many there were in all, at points in time. A caller
// with a long history (status_history can hold hundreds of thousands of
// rows) aggregates it first, to one point per change or per hour; BurnUp
// copes with thousands of points and merges those that share a pixel.
type BurnUpSeries struct {
	Title  string // shown above the chart; a default when empty
	Points []Point
	// Bands are stretches of time drawn as shaded columns with their label
	// (the plan's waves, from the first start of a wave's batch to the
	// last end). The axis always covers them.
	Bands []Band
	// Target, when positive, is drawn as a labelled horizontal line: the
	// verified count the plan expects once all its batches are done.
	Target int
	// Axis says how time runs along the chart; AxisAuto picks.
	Axis Axis
}

// Band is one labelled stretch of time.
type Band struct {
	Label      string
	Start, End time.Time
}

// Axis is how a burn-up lays out time.
type Axis int

// The burn-up's axes. AxisAuto draws to scale (AxisTime) when the chart
// spans at least EventAxisBelow and every band takes at least a 25th of
// it (or there are more than MaxEvents events), and one equal step per
// event (AxisEvent) otherwise: a few minutes of
// runs on an hour-wide axis would be one vertical spike.
const (
	AxisAuto Axis = iota
	AxisTime
	AxisEvent
)

// EventAxisBelow is the span under which AxisAuto lays events out evenly.
const EventAxisBelow = time.Hour

// MaxEvents is the most events AxisAuto lays out evenly when the span is
// long: past it, one step per event says no more than the time axis.
const MaxEvents = 100

// Point is the state of the port at one instant.
type Point struct {
	T        time.Time
	Verified int // items verified at T
	Total    int // items in scope at T; zero everywhere hides the scope line
}

// DefaultBurnUpTitle is the title of a burn-up whose series has none.
const DefaultBurnUpTitle = "Verified items over time"

// The burn-up's fixed frame, in pixels.
const (
	burnUpWidth  = 800
	burnUpHeight = 360
	burnUpTop    = 64 // below the title and the legend
	burnUpBottom = 36 // room for the date labels
)

// LastVerifiedID is the id of the <text> element that labels the burn-up's
// last point, so that a test or a tool can read the value back.
const LastVerifiedID = "last-verified"

// BurnUp writes a burn-up chart of s to w as an SVG document: a stepped
// line of verified items, a dashed scope line when totals are given, the
// last point labelled with its count. With no points it writes a
// placeholder that says there is no history yet. Points need not be
// sorted; a negative count is an error.
func BurnUp(w io.Writer, s BurnUpSeries) error {
	pts, err := sortedPoints(s.Points)
	if err != nil {
		return fmt.Errorf("drawing burn-up: %w", err)
	}
	title := s.Title
	if title == "" {
		title = DefaultBurnUpTitle
	}
	c := newCanvas(burnUpWidth, burnUpHeight, title)
	c.text(16, 26, `font-size="16" font-weight="bold"`, title)
	if len(pts) == 0 {
		placeholder(c, burnUpTop, burnUpWidth, burnUpHeight, "no history yet")
		return c.writeTo(w)
	}
	newBurnUpPlot(pts, s).draw(c)
	return c.writeTo(w)
}

// sortedPoints checks the points and returns them in time order, copying
// only when the caller's slice is out of order.
func sortedPoints(pts []Point) ([]Point, error) {
	for i, p := range pts {
		if p.Verified < 0 || p.Total < 0 {
			return nil, fmt.Errorf("point %d at %s: negative count (verified %d, total %d)",
				i, p.T.UTC().Format(time.RFC3339), p.Verified, p.Total)
		}
	}
	if slices.IsSortedFunc(pts, comparePoints) {
		return pts, nil
	}
	sorted := slices.Clone(pts)
	slices.SortStableFunc(sorted, comparePoints)
	return sorted, nil
}

func comparePoints(a, b Point) int { return a.T.Compare(b.T) }

// placeholder fills the plot area of an empty chart with a dashed frame and
// a short note, so the report's link never shows a broken picture.
func placeholder(c *canvas, top, width, height int, note string) {
	x, y := 16.0, float64(top)
	w, h := float64(width)-32, float64(height)-y-16
	c.rect(x, y, w, h, `fill="none" stroke="`+colorGrid+`" stroke-dasharray="6 4"`)
	c.text(x+w/2, y+h/2+5, `text-anchor="middle" font-size="14" fill="`+colorMuted+`"`, note)
}
