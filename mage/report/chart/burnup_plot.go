package chart

import (
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
}

func newBurnUpPlot(pts []Point) *burnUpPlot {
	p := &burnUpPlot{pts: pts, top: burnUpTop, bottom: burnUpHeight - burnUpBottom}
	most := 0
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
	if span := p.to.Sub(p.from); span < time.Hour {
		mid := p.from.Add(span / 2)
		p.from, p.to = mid.Add(-30*time.Minute), mid.Add(30*time.Minute)
	}
	return p
}

func (p *burnUpPlot) x(t time.Time) float64 {
	return p.left + float64(t.Sub(p.from))/float64(p.to.Sub(p.from))*(p.right-p.left)
}

func (p *burnUpPlot) y(v int) float64 {
	return p.bottom - float64(v)/float64(p.yMax)*(p.bottom-p.top)
}

func (p *burnUpPlot) draw(c *canvas) {
	entries := []legendEntry{{label: "Verified", shape: swatchLine, color: colorVerified}}
	if p.hasTotal {
		entries = append(entries, legendEntry{label: "Total (scope)", shape: swatchDashed, color: colorTotal})
	}
	drawLegend(c, 16, 48, entries)
	p.drawCountAxis(c)
	p.drawTimeAxis(c)
	p.drawSeries(c)
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
	}
	c.path(line, `fill="none" stroke="`+colorVerified+`" stroke-width="2" stroke-linejoin="round"`)
	yv := p.y(last.Verified)
	c.circle(xEnd, yv, 3.5, `fill="`+colorVerified+`"`)
	c.text(xEnd+8, yv+4, `id="`+LastVerifiedID+`" font-weight="bold" fill="`+colorVerified+`"`, formatCount(last.Verified))
}
