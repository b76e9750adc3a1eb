package chart

import (
	"fmt"
	"io"
	"math"
	"strconv"
)

// CostSeries is the data of a cost chart: what each batch cost, in the
// order it ran, and the budget when one is set.
type CostSeries struct {
	Title     string // shown above the chart; a default when empty
	Bars      []CostBar
	BudgetUSD float64 // zero or less: no budget line
}

// CostBar is one batch's spend.
type CostBar struct {
	Label string
	USD   float64
}

// DefaultCostTitle is the title of a cost chart whose series has none.
const DefaultCostTitle = "Agent cost by batch"

// CostTotalID is the id of the <text> element with the running total's
// last value, so that a test can read it back.
const CostTotalID = "cost-total"

// The cost chart's frame, in pixels.
const (
	costHeight = 320
	costTop    = 64
	costBottom = 56 // room for the batch labels
	costMinBar = 48 // a bar's slot at least; the chart widens for many bars
)

// Cost writes a cost chart of s to w as an SVG document: one bar per
// batch with its cost written above it, a stepped line of the running
// total labelled at its end, and a dashed budget line. With no bars it
// writes a placeholder. A negative or non-finite cost is an error.
func Cost(w io.Writer, s CostSeries) error {
	for _, b := range s.Bars {
		if b.USD < 0 || math.IsNaN(b.USD) || math.IsInf(b.USD, 0) {
			return fmt.Errorf("drawing cost chart: %s: bad cost %v", b.Label, b.USD)
		}
	}
	title := s.Title
	if title == "" {
		title = DefaultCostTitle
	}
	width := min(max(burnUpWidth, 180+costMinBar*len(s.Bars)), 1400)
	c := newCanvas(width, costHeight, title)
	c.text(16, 26, `font-size="16" font-weight="bold"`, title)
	if len(s.Bars) == 0 {
		placeholder(c, costTop, width, costHeight, "no agent cost recorded yet")
		return c.writeTo(w)
	}
	total := 0.0
	for _, b := range s.Bars {
		total += b.USD
	}
	top := max(total, s.BudgetUSD)
	if top <= 0 {
		top = 1
	}
	top *= 1.1
	left, right := 64.0, float64(width)-110
	bottomY := float64(costHeight - costBottom)
	y := func(v float64) float64 { return bottomY - v/top*(bottomY-costTop) }
	entries := []legendEntry{{label: "batch cost", shape: swatchBox, color: colorCost},
		{label: "cumulative", shape: swatchLine, color: colorText}}
	if s.BudgetUSD > 0 {
		entries = append(entries, legendEntry{label: "budget", shape: swatchDashed, color: colorFailed})
	}
	drawLegend(c, 16, 48, entries)
	c.open(`font-size="11" fill="` + colorMuted + `" text-anchor="end"`)
	for _, v := range moneyTicks(top) {
		c.line(left, y(v), right, y(v), `stroke="`+colorGrid+`"`)
		c.text(left-6, y(v)+4, "", money(v))
	}
	c.close()
	slot := (right - left) / float64(len(s.Bars))
	cum := 0.0
	line := &pathData{}
	line.moveTo(left, y(0))
	labelW := 0.0
	for _, b := range s.Bars {
		labelW = max(labelW, textWidth(b.Label, 11))
	}
	every := max(1, int(math.Ceil((labelW+6)/slot)))
	for i, b := range s.Bars {
		x := left + float64(i)*slot
		bw := max(slot*0.6, 1)
		c.bar(x+slot*0.2, y(b.USD), bw, bottomY-y(b.USD), `fill="`+colorCost+`"`, b.Label+": "+money(b.USD))
		if slot >= textWidth(money(b.USD), 10)+4 {
			c.text(x+slot/2, y(b.USD)-4, `font-size="10" text-anchor="middle" fill="`+colorText+`"`, money(b.USD))
		}
		if i%every == 0 {
			c.text(x+slot/2, bottomY+16, `font-size="11" text-anchor="middle" fill="`+colorMuted+`"`, b.Label)
		}
		cum += b.USD
		line.vertical(y(cum))
		line.horizontal(x + slot)
	}
	c.line(left, bottomY, right, bottomY, `stroke="`+colorAxis+`"`)
	c.path(line, `fill="none" stroke="`+colorText+`" stroke-width="2"`)
	c.text(right+6, y(cum)+4, `id="`+CostTotalID+`" font-weight="bold" fill="`+colorText+`"`, money(cum))
	if s.BudgetUSD > 0 {
		c.line(left, y(s.BudgetUSD), right, y(s.BudgetUSD), `stroke="`+colorFailed+`" stroke-width="1.5" stroke-dasharray="6 3"`)
		c.text(right+6, y(s.BudgetUSD)+4, `fill="`+colorFailed+`"`, "budget "+money(s.BudgetUSD))
	}
	c.text(left, float64(costHeight-12), `font-size="11" fill="`+colorMuted+`"`,
		"US dollars; "+strconv.Itoa(len(s.Bars))+" batches, by number, in the order they first started")
	return c.writeTo(w)
}

// moneyTicks are round dollar amounts from 0 up to top, at most six.
func moneyTicks(top float64) []float64 {
	step := 0.01
	for _, m := range []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 100000} {
		if top/(m*0.01) <= 6 {
			step = m * 0.01
			break
		}
		step = m * 0.01
	}
	var out []float64
	for v := 0.0; v <= top+1e-9 && len(out) < 50; v += step {
		out = append(out, v)
	}
	return out
}

func money(v float64) string { return fmt.Sprintf("$%.2f", v) }
