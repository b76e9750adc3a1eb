package chart

import "math"

// column is the part of a stepped series that falls in one pixel column of
// the plot. Points closer together than a pixel cannot be told apart on
// screen, so a series of any length draws as at most a few path commands
// per column; keeping the lowest and highest value of each column means a
// brief dip (a regression put right an hour later) still shows.
type column struct {
	x, xEnd             float64 // positions of its first and last point
	first, lo, hi, last int
}

// mergeColumns groups consecutive points by pixel column. xs holds each
// point's horizontal position and value(i) its count.
func mergeColumns(xs []float64, value func(i int) int) []column {
	var cols []column
	key := math.MinInt
	for i, x := range xs {
		v := value(i)
		if k := int(math.Floor(x)); k != key || len(cols) == 0 {
			key = k
			cols = append(cols, column{x: x, xEnd: x, first: v, lo: v, hi: v, last: v})
			continue
		}
		c := &cols[len(cols)-1]
		c.xEnd, c.last = x, v
		c.lo, c.hi = min(c.lo, v), max(c.hi, v)
	}
	return cols
}

// stepPath draws the columns as a step-after line: a value holds until the
// next point changes it. y maps a count to its vertical position.
func stepPath(cols []column, y func(int) float64) *pathData {
	p := &pathData{b: make([]byte, 0, 16*len(cols)+16)}
	if len(cols) == 0 {
		return p
	}
	level := cols[0].first
	p.moveTo(cols[0].x, y(level))
	// A horizontal run is written only when the line turns or ends, so a
	// stretch with no change costs one command however many points it has.
	at := cols[0].x
	for _, c := range cols {
		vs, n := c.verticals()
		for _, v := range vs[:n] {
			if v == level {
				continue
			}
			if c.x > at {
				p.horizontal(c.x)
				at = c.x
			}
			p.vertical(y(v))
			level = v
		}
	}
	if end := cols[len(cols)-1].xEnd; end > at {
		p.horizontal(end)
	}
	return p
}

// verticals is the order in which a column's line visits its extremes so
// that it covers both and ends on its last value.
func (c column) verticals() ([3]int, int) {
	switch c.last {
	case c.hi:
		return [3]int{c.lo, c.hi}, 2
	case c.lo:
		return [3]int{c.hi, c.lo}, 2
	default:
		return [3]int{c.lo, c.hi, c.last}, 3
	}
}
