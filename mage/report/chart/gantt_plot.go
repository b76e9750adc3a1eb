package chart

import (
	"slices"
	"strings"
	"time"
)

// The Gantt chart's fixed measures, in pixels.
const (
	ganttWidth   = 900
	ganttRowsTop = 88 // below the title, the legend and the axis labels
	ganttRowH    = 24
	ganttBarH    = 14
	ganttMinBar  = 2 // a stage of a few milliseconds still shows
	ganttMaxText = 200
	ganttLaneH   = 40 // a lane of labelled segments: label above, bar below
	ganttMinTick = 4  // the axis has at least this many intervals
)

// ganttPlot is the layout of a Gantt chart with at least one row.
type ganttPlot struct {
	g           Timeline
	start, end  time.Time
	total       time.Duration // shown on the axis: the breaks are left out
	left, right float64
	height      int
	rowH        int
	breaks      []Break // within start..end, in time order
}

func newGanttPlot(g Timeline) *ganttPlot {
	p := &ganttPlot{g: g}
	p.start, p.end = g.bounds()
	p.rowH = ganttRowH
	if g.labelled() {
		p.rowH = ganttLaneH
	}
	for _, b := range g.Breaks {
		if b.End.After(b.Start) && !b.Start.Before(p.start) && !b.End.After(p.end) {
			p.breaks = append(p.breaks, b)
		}
	}
	slices.SortFunc(p.breaks, func(a, b Break) int { return a.Start.Compare(b.Start) })
	p.total = p.elapsed(p.end)
	if p.total <= 0 {
		p.total = time.Minute
	}
	labelW, stateW := 0.0, 0.0
	for _, r := range g.Rows {
		labelW = max(labelW, textWidth(r.Label, fontSize))
		stateW = max(stateW, textWidth(r.State, 11))
	}
	p.left = 16 + min(max(labelW, 40), ganttMaxText) + 12
	p.right = ganttWidth - 16 - min(stateW, ganttMaxText/2) - 12
	p.height = ganttRowsTop + len(g.Rows)*p.rowH + 36
	return p
}

// elapsed is the time from the start to t on the axis: without the
// breaks before t.
func (p *ganttPlot) elapsed(t time.Time) time.Duration {
	d := max(t.Sub(p.start), 0)
	for _, b := range p.breaks {
		switch {
		case !t.After(b.Start):
		case t.Before(b.End):
			d -= t.Sub(b.Start)
		default:
			d -= b.End.Sub(b.Start)
		}
	}
	return d
}

func (p *ganttPlot) x(t time.Time) float64 {
	return p.left + float64(p.elapsed(t))/float64(p.total)*(p.right-p.left)
}

func (p *ganttPlot) draw(c *canvas) {
	drawLegend(c, 16, 50, p.legend())
	p.drawAxis(c)
	for i, r := range p.g.Rows {
		p.drawRow(c, i, r)
	}
	p.drawBreaks(c)
	caption := "elapsed time (s seconds, m minutes, h hours) since " + p.start.UTC().Format("2006-01-02 15:04:05") + " UTC"
	if len(p.breaks) > 0 {
		caption += "; pauses between runs cut out at the dashed lines"
	}
	c.text(p.left, float64(p.height-12), `font-size="11" fill="`+colorMuted+`"`, caption)
}

// drawBreaks marks where the axis leaves time out.
func (p *ganttPlot) drawBreaks(c *canvas) {
	bottom := float64(ganttRowsTop + len(p.g.Rows)*p.rowH)
	for _, b := range p.breaks {
		x := p.x(b.Start)
		c.line(x, ganttRowsTop-2, x, bottom, `stroke="`+colorMuted+`" stroke-dasharray="4 3"`)
		if b.Label != "" {
			c.text(x+3, bottom+12, `font-size="10" fill="`+colorMuted+`"`, b.Label)
		}
	}
}

// legend lists the pipeline's stages, then any other stage the rows use in
// order of first appearance, then the failed and running marks if present.
func (p *ganttPlot) legend() []legendEntry {
	var entries []legendEntry
	for _, s := range stageOrder {
		entries = append(entries, legendEntry{label: s, shape: swatchBox, color: stageColor(s)})
	}
	var others []string
	failed, running := false, false
	for _, r := range p.g.Rows {
		for _, s := range r.spans() {
			if _, known := stageColors[s.Stage]; !known && !slices.Contains(others, s.Stage) {
				others = append(others, s.Stage)
			}
			failed = failed || s.Failed
			running = running || s.End.IsZero()
		}
	}
	for _, s := range others {
		entries = append(entries, legendEntry{label: s, shape: swatchBox, color: colorOtherStage})
	}
	if failed {
		entries = append(entries, legendEntry{label: "failed", shape: swatchFailed})
	}
	if running {
		entries = append(entries, legendEntry{label: "running", shape: swatchRunning, color: colorNeutral})
	}
	return entries
}

// drawAxis writes the elapsed-time labels above the rows and their grid
// lines through them.
func (p *ganttPlot) drawAxis(c *canvas) {
	step := durationStep(p.total, int(p.right-p.left)/70)
	for step > minDurationStep && p.total/step < ganttMinTick {
		step = smallerStep(step)
	}
	bottom := float64(ganttRowsTop + len(p.g.Rows)*p.rowH)
	c.open(`font-size="11" fill="` + colorMuted + `" text-anchor="middle"`)
	for d := time.Duration(0); d <= p.total; d += step {
		x := p.left + float64(d)/float64(p.total)*(p.right-p.left)
		c.line(x, ganttRowsTop-4, x, bottom, `stroke="`+colorGrid+`"`)
		c.text(x, ganttRowsTop-8, "", formatElapsed(d))
	}
	c.close()
}

// drawRow writes one batch: its label, a lane, its stage bars and its state.
func (p *ganttPlot) drawRow(c *canvas, i int, r Row) {
	top := float64(ganttRowsTop + i*p.rowH)
	mid := top + float64(p.rowH)/2
	if p.rowH == ganttLaneH {
		mid = top + 27 // the bar sits low, the segment labels above it
	}
	if i%2 == 1 {
		c.rect(p.left, top, p.right-p.left, float64(p.rowH), `fill="#f6f8fa"`)
	}
	c.text(p.left-12, mid+4, `text-anchor="end"`, clip(r.Label, ganttMaxText, fontSize))
	p.drawSpans(c, r.Label, r.Stages, mid)
	for k, sg := range r.Segments {
		p.drawSpans(c, r.Label+", "+sg.Label, sg.Stages, mid)
		if len(sg.Stages) == 0 || sg.Label == "" {
			continue
		}
		// The label may run until the next segment of the lane begins.
		x0 := p.x(sg.Stages[0].Start)
		room := p.right + 60 - x0
		if k+1 < len(r.Segments) && len(r.Segments[k+1].Stages) > 0 {
			room = p.x(r.Segments[k+1].Stages[0].Start) - x0 - 4
		}
		if room >= 3*10*charWidth {
			c.text(x0, top+12, `font-size="10" fill="`+colorText+`"`, clip(sg.Label, room, 10))
		}
	}
	c.text(p.right+12, mid+4, `font-size="11" fill="`+stateColor(r.State)+`"`, clip(r.State, ganttMaxText/2, 11))
}

// drawSpans writes stage bars centred on mid; a bar wide enough carries
// its duration.
func (p *ganttPlot) drawSpans(c *canvas, label string, spans []Span, mid float64) {
	r := Row{Label: label}
	for _, s := range spans {
		x0, x1 := p.x(s.Start), p.x(p.g.spanEnd(s, p.end))
		w := max(x1-x0, ganttMinBar)
		y := mid - ganttBarH/2
		attrs := `fill="` + stageColor(s.Stage) + `"`
		if s.End.IsZero() {
			attrs = runningAttrs(stageColor(s.Stage))
		}
		if s.Failed {
			attrs += ` stroke="` + colorFailed + `" stroke-width="2"`
		}
		c.bar(x0, y, w, ganttBarH, attrs, p.tooltip(r, s))
		if s.Failed {
			c.path(cross(x0+w/2, mid, 4), `stroke="`+colorFailed+`" stroke-width="2"`)
		}
		if p.rowH == ganttLaneH {
			if d := formatElapsed(p.g.spanEnd(s, p.end).Sub(s.Start)); textWidth(d, 9)+4 <= w && !s.Failed {
				c.text(x0+w/2, mid+3, `font-size="9" fill="#ffffff" text-anchor="middle"`, d)
			}
		}
	}
}

// tooltip says what a bar is: "Batch 44: agent, 3m12s, failed".
func (p *ganttPlot) tooltip(r Row, s Span) string {
	var b strings.Builder
	b.WriteString(r.Label + ": " + s.Stage + ", " + formatElapsed(p.g.spanEnd(s, p.end).Sub(s.Start)))
	if s.End.IsZero() {
		b.WriteString(", running")
	}
	if s.Failed {
		b.WriteString(", failed")
	}
	return b.String()
}

// runningAttrs draws a stage that has not ended: faint, with a dashed edge.
func runningAttrs(color string) string {
	return `fill="` + color + `" fill-opacity="0.4" stroke="` + color + `" stroke-dasharray="3 2"`
}

// stateColor makes the end states of a batch stand out.
func stateColor(state string) string {
	switch state {
	case "failed", "conflict":
		return colorFailed
	case "done":
		return colorVerified
	}
	return colorMuted
}

// clip shortens s with an ellipsis so that it fits in width pixels.
func clip(s string, width, size float64) string {
	if textWidth(s, size) <= width {
		return s
	}
	runes := []rune(s)
	n := int(width/(size*charWidth)) - 1
	return string(runes[:max(n, 0)]) + "…"
}
