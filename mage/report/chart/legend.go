package chart

// swatch is the small sample of a series drawn before its name in a legend.
type swatch int

const (
	swatchLine    swatch = iota // a solid stroke
	swatchDashed                // a dashed stroke
	swatchBox                   // a filled box
	swatchFailed                // an outlined box with a cross, as failed bars are drawn
	swatchRunning               // a faint box with a dashed outline, as unfinished bars are drawn
)

// legendEntry is one series name and how it looks.
type legendEntry struct {
	label string
	shape swatch
	color string
}

// drawLegend writes the entries in one row starting at (x, baseline) and
// returns where the row ends.
func drawLegend(c *canvas, x, baseline float64, entries []legendEntry) float64 {
	const w, h, gap = 16, 10, 6
	top := baseline - h + 1
	for _, e := range entries {
		switch e.shape {
		case swatchLine:
			c.line(x, top+h/2, x+w, top+h/2, `stroke="`+e.color+`" stroke-width="2"`)
		case swatchDashed:
			c.line(x, top+h/2, x+w, top+h/2, `stroke="`+e.color+`" stroke-width="2" stroke-dasharray="4 2"`)
		case swatchBox:
			c.rect(x, top, w, h, `fill="`+e.color+`"`)
		case swatchFailed:
			c.rect(x, top, w, h, `fill="`+colorNeutral+`" stroke="`+colorFailed+`" stroke-width="2"`)
			c.path(cross(x+w/2, top+h/2, h/2-1), `stroke="`+colorFailed+`" stroke-width="1.5"`)
		case swatchRunning:
			c.rect(x, top, w, h, runningAttrs(e.color))
		}
		c.text(x+w+gap, baseline, `fill="`+colorMuted+`"`, e.label)
		x += w + gap + textWidth(e.label, fontSize) + 14
	}
	return x
}

// cross is an X of half-size r centred on (cx, cy).
func cross(cx, cy, r float64) *pathData {
	p := &pathData{}
	p.moveTo(cx-r, cy-r)
	p.lineTo(cx+r, cy+r)
	p.moveTo(cx-r, cy+r)
	p.lineTo(cx+r, cy-r)
	return p
}
