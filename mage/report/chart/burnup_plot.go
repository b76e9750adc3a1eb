package chart

import (
	"slices"
	"strconv"
	"time"
)

// burnUpPlot is the layout of a burn-up with at least one point: the plot
// area's edges in pixels and the scales that map time and counts into it.
type burnUpPlot struct {
	pts                      []Point
	from, to                 time.Time
	left, right, top, bottom float64
	yMax, yStep              int
	hasTotal                 bool
	bands                    []Band
	target                   int
	events                   []time.Time // the event axis's instants; nil on a time axis
}

func newBurnUpPlot(pts []Point, s BurnUpSeries) *burnUpPlot {
	p := &burnUpPlot{pts: pts, top: burnUpTop, bottom: burnUpHeight - burnUpBottom, target: max(s.Target, 0)}
	for _, b := range s.Bands {
		if !b.Start.IsZero() && !b.End.Before(b.Start) {
			p.bands = append(p.bands, b)
		}
	}
	most := p.target
	for _, pt := range pts {
		most = max(most, pt.Verified, pt.Total)
		p.hasTotal = p.hasTotal || pt.Total > 0
	}
	p.yStep = countStep(most, int(p.bottom-p.top)/40)
	p.yMax = max(p.yStep, (most+p.yStep-1)/p.yStep*p.yStep)

	last := pts[len(pts)-1]
	p.left = max(48, textWidth(formatCount(p.yMax), fontSize)+16)
	p.right = burnUpWidth - max(40, textWidth(formatCount(max(last.Verified, last.Total)), fontSize)+20)

	// A single instant, or a burst of points minutes apart, gets an hour of
	// axis around it so that the ticks have room to say when it was.
	p.from, p.to = pts[0].T, last.T
	for _, b := range p.bands {
		p.from, p.to = earlier(p.from, b.Start), later(p.to, b.End)
	}
	axis := s.Axis
	if axis == AxisAuto {
		axis = AxisTime
		if span := p.to.Sub(p.from); span < EventAxisBelow || (p.narrowBand(span) && len(p.eventTimes()) <= MaxEvents) {
			axis = AxisEvent
		}
	}
	if axis == AxisEvent {
		p.events = p.eventTimes()
		return p
	}
	if span := p.to.Sub(p.from); span < time.Hour {
		mid := p.from.Add(span / 2)
		p.from, p.to = mid.Add(-30*time.Minute), mid.Add(30*time.Minute)
	}
	return p
}

// narrowBand reports whether a band would take less than a 25th of a
// time axis of the given span: short runs far apart, each a sliver.
func (p *burnUpPlot) narrowBand(span time.Duration) bool {
	for _, b := range p.bands {
		if b.End.Sub(b.Start)*25 < span {
			return true
		}
	}
	return false
}

// eventTimes are the distinct instants of the points and the band edges,
// in order: each gets an equal step on an event axis.
func (p *burnUpPlot) eventTimes() []time.Time {
	var ts []time.Time
	for _, pt := range p.pts {
		ts = append(ts, pt.T)
	}
	for _, b := range p.bands {
		ts = append(ts, b.Start, b.End)
	}
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(ts, func(a, b time.Time) bool { return a.Equal(b) })
}

func (p *burnUpPlot) x(t time.Time) float64 {
	if p.events != nil {
		return p.left + p.eventPos(t)*(p.right-p.left)
	}
	return p.left + float64(t.Sub(p.from))/float64(p.to.Sub(p.from))*(p.right-p.left)
}

// eventPos places t between the events around it, 0 at the first event
// and 1 at the last.
func (p *burnUpPlot) eventPos(t time.Time) float64 {
	n := len(p.events)
	if n < 2 {
		return 0.5
	}
	i, _ := slices.BinarySearchFunc(p.events, t, func(e, t time.Time) int { return e.Compare(t) })
	switch {
	case i == 0:
		return 0
	case i >= n:
		return 1
	}
	prev, next := p.events[i-1], p.events[i]
	frac := 1.0
	if next.After(prev) {
		frac = float64(t.Sub(prev)) / float64(next.Sub(prev))
	}
	return (float64(i-1) + frac) / float64(n-1)
}

func (p *burnUpPlot) y(v int) float64 {
	return p.bottom - float64(v)/float64(p.yMax)*(p.bottom-p.top)
}

func (p *burnUpPlot) draw(c *canvas) {
	entries := []legendEntry{{label: "Verified", shape: swatchLine, color: colorVerified}}
	if p.hasTotal {
		entries = append(entries, legendEntry{label: "Total (scope)", shape: swatchDashed, color: colorTotal})
	}
	if len(p.bands) > 0 {
		entries = append(entries, legendEntry{label: "waves", shape: swatchBox, color: colorBand})
	}
	if p.target > 0 {
		entries = append(entries, legendEntry{label: "plan target", shape: swatchDashed, color: colorTarget})
	}
	drawLegend(c, 16, 48, entries)
	p.drawBands(c)
	p.drawCountAxis(c)
	if p.events != nil {
		p.drawEventAxis(c)
	} else {
		p.drawTimeAxis(c)
	}
	p.drawTarget(c)
	p.drawSeries(c)
}

// drawBands shades each band and writes its label at its top.
func (p *burnUpPlot) drawBands(c *canvas) {
	lastLabelEnd, lastRow := 0.0, 0
	for i, b := range p.bands {
		x0, x1 := p.x(b.Start), p.x(b.End)
		w := max(x1-x0, 2)
		fill := colorBand
		if i%2 == 1 {
			fill = colorBandAlt
		}
		c.rect(x0, p.top, w, p.bottom-p.top, `fill="`+fill+`"`)
		// A label that would run into the one before it goes a line lower.
		row := 0
		if i > 0 && x0 < lastLabelEnd+4 {
			row = lastRow + 1
		}
		label := clip(b.Label, 120, 10)
		c.text(x0+3, p.top+12+float64(row%8)*12, `font-size="10" fill="`+colorMuted+`"`, label)
		lastLabelEnd, lastRow = x0+3+textWidth(label, 10), row
	}
}

// drawTarget writes the plan's target as a dashed line with its label.
func (p *burnUpPlot) drawTarget(c *canvas) {
	if p.target <= 0 {
		return
	}
	y := p.y(p.target)
	c.line(p.left, y, p.right, y, `stroke="`+colorTarget+`" stroke-width="1.5" stroke-dasharray="6 3"`)
	c.text(p.right-4, y-4, `text-anchor="end" font-size="11" fill="`+colorTarget+`"`, "plan target "+formatCount(p.target))
}

// drawEventAxis labels the events under the plot with their time of day;
// when they are too many to label, every k-th one.
func (p *burnUpPlot) drawEventAxis(c *canvas) {
	n := len(p.events)
	layout := "15:04:05"
	if p.to.Sub(p.from) >= 24*time.Hour || p.from.YearDay() != p.to.YearDay() {
		layout = "Jan 2 15:04"
	}
	fit := max(1, int((p.right-p.left)/(textWidth(layout, 11)+12)))
	every := max(1, (n+fit-1)/fit)
	prev := ""
	c.open(`font-size="11" fill="` + colorMuted + `" text-anchor="middle"`)
	for i, t := range p.events {
		last := i == n-1 && i%every >= (every+1)/2 // the last event, unless too close to a labelled one
		if i%every != 0 && !last {
			continue
		}
		x := p.x(t)
		c.line(x, p.bottom, x, p.bottom+4, `stroke="`+colorAxis+`"`)
		// Events within one second share a label: only the first says it.
		if label := t.UTC().Format(layout); label != prev {
			c.text(x, p.bottom+16, "", label)
			prev = label
		}
	}
	c.close()
	c.text(p.left, p.bottom+30, `font-size="10" fill="`+colorMuted+`"`,
		strconv.Itoa(n)+" events, one step each (not to scale), UTC "+p.from.UTC().Format("2006-01-02"))
}

// drawCountAxis writes the horizontal grid lines and their counts.
func (p *burnUpPlot) drawCountAxis(c *canvas) {
	c.open(`font-size="11" fill="` + colorMuted + `" text-anchor="end"`)
	for v := 0; v <= p.yMax; v += p.yStep {
		y := p.y(v)
		stroke := colorGrid
		if v == 0 {
			stroke = colorAxis
		}
		c.line(p.left, y, p.right, y, `stroke="`+stroke+`"`)
		c.text(p.left-8, y+4, "", formatCount(v))
	}
	c.close()
}

// drawTimeAxis writes the date ticks under the plot, leaving out a label
// that would run past the picture's edge.
func (p *burnUpPlot) drawTimeAxis(c *canvas) {
	ticks, layout := calendarTicks(p.from, p.to, int(p.right-p.left)/110)
	c.open(`font-size="11" fill="` + colorMuted + `" text-anchor="middle"`)
	for _, t := range ticks {
		x := p.x(t)
		c.line(x, p.bottom, x, p.bottom+4, `stroke="`+colorAxis+`"`)
		label := t.Format(layout)
		if half := textWidth(label, 11) / 2; x-half < 0 || x+half > burnUpWidth {
			continue
		}
		c.text(x, p.bottom+18, "", label)
	}
	c.close()
}

// drawSeries writes the scope line, the verified area and line, and the
// labels of the last point.
func (p *burnUpPlot) drawSeries(c *canvas) {
	xs := make([]float64, len(p.pts))
	for i, pt := range p.pts {
		xs[i] = p.x(pt.T)
	}
	verified := mergeColumns(xs, func(i int) int { return p.pts[i].Verified })
	line := stepPath(verified, p.y)
	area := &pathData{b: append(make([]byte, 0, len(line.b)+32), line.b...)}
	area.vertical(p.bottom)
	area.horizontal(verified[0].x)
	area.closePath()
	c.path(area, `fill="`+colorVerified+`" fill-opacity="0.12"`)

	last := p.pts[len(p.pts)-1]
	xEnd := xs[len(xs)-1]
	if p.hasTotal {
		total := mergeColumns(xs, func(i int) int { return p.pts[i].Total })
		c.path(stepPath(total, p.y), `fill="none" stroke="`+colorTotal+`" stroke-width="1.5" stroke-dasharray="5 3"`)
		c.circle(xEnd, p.y(last.Total), 3, `fill="`+colorTotal+`"`)
		// The scope's last count goes beside its line unless it would
		// overlap the verified label.
		if yt, yv := p.y(last.Total), p.y(last.Verified); yt < yv-14 || yt > yv+14 {
			c.text(xEnd+8, yt+4, `fill="`+colorMuted+`"`, formatCount(last.Total))
		}
		c.text(p.left+4, p.y(last.Total)-4, `font-size="11" fill="`+colorMuted+`"`, "total "+formatCount(last.Total))
	}
	c.path(line, `fill="none" stroke="`+colorVerified+`" stroke-width="2" stroke-linejoin="round"`)
	yv := p.y(last.Verified)
	c.circle(xEnd, yv, 3.5, `fill="`+colorVerified+`"`)
	c.text(xEnd+8, yv+4, `id="`+LastVerifiedID+`" font-weight="bold" fill="`+colorVerified+`"`, formatCount(last.Verified))
}
