package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
)

// canvas accumulates one SVG document in memory and writes it out whole, so
// a chart never leaves half a file behind on a failed write.
//
// Attribute strings passed to its methods come from this package's code,
// never from input; everything taken from input goes through text or title,
// which escape it.
type canvas struct {
	buf bytes.Buffer
}

// newCanvas starts a document of the given size in pixels with a white
// background and a <title> that screen readers and browsers show.
func newCanvas(width, height int, title string) *canvas {
	c := &canvas{}
	c.buf.Grow(16 << 10)
	fmt.Fprintf(&c.buf, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="%s" font-size="%d" fill="%s">
`, width, height, width, height, fontStack, fontSize, colorText)
	c.title(title)
	c.rect(0, 0, float64(width), float64(height), `fill="`+colorBackground+`"`)
	return c
}

// title writes a <title> element holding s.
func (c *canvas) title(s string) {
	c.buf.WriteString("<title>")
	c.escape(s)
	c.buf.WriteString("</title>\n")
}

// rect writes a rectangle.
func (c *canvas) rect(x, y, w, h float64, attrs string) {
	c.start("rect")
	c.attr("x", x)
	c.attr("y", y)
	c.attr("width", w)
	c.attr("height", h)
	c.end(attrs)
}

// line writes a straight line.
func (c *canvas) line(x1, y1, x2, y2 float64, attrs string) {
	c.start("line")
	c.attr("x1", x1)
	c.attr("y1", y1)
	c.attr("x2", x2)
	c.attr("y2", y2)
	c.end(attrs)
}

// circle writes a circle.
func (c *canvas) circle(cx, cy, r float64, attrs string) {
	c.start("circle")
	c.attr("cx", cx)
	c.attr("cy", cy)
	c.attr("r", r)
	c.end(attrs)
}

// start, attr and end write a self-closing element: <tag name="v" ... attrs/>.
func (c *canvas) start(tag string) {
	c.buf.WriteByte('<')
	c.buf.WriteString(tag)
	c.buf.WriteByte(' ')
}

func (c *canvas) attr(name string, v float64) {
	c.buf.WriteString(name)
	c.buf.WriteString(`="`)
	c.num(v)
	c.buf.WriteString(`" `)
}

func (c *canvas) end(attrs string) {
	c.buf.WriteString(attrs)
	c.buf.WriteString("/>\n")
}

// text writes s, escaped, at (x, y).
func (c *canvas) text(x, y float64, attrs, s string) {
	c.buf.WriteString(`<text x="`)
	c.num(x)
	c.buf.WriteString(`" y="`)
	c.num(y)
	c.buf.WriteString(`"`)
	if attrs != "" {
		c.buf.WriteByte(' ')
		c.buf.WriteString(attrs)
	}
	c.buf.WriteByte('>')
	c.escape(s)
	c.buf.WriteString("</text>\n")
}

// path writes a path with the outline d.
func (c *canvas) path(d *pathData, attrs string) {
	c.buf.WriteString(`<path d="`)
	c.buf.Write(d.b)
	c.buf.WriteString(`" `)
	c.buf.WriteString(attrs)
	c.buf.WriteString("/>\n")
}

// open starts a group; close ends it.
func (c *canvas) open(attrs string) {
	c.buf.WriteString("<g ")
	c.buf.WriteString(attrs)
	c.buf.WriteString(">\n")
}

func (c *canvas) close() { c.buf.WriteString("</g>\n") }

// writeTo ends the document and writes it to w.
func (c *canvas) writeTo(w io.Writer) error {
	c.buf.WriteString("</svg>\n")
	if _, err := w.Write(c.buf.Bytes()); err != nil {
		return fmt.Errorf("writing svg: %w", err)
	}
	return nil
}

// escape writes s as XML character data. EscapeText also replaces bytes
// that XML 1.0 forbids, so any input string yields a well-formed document.
func (c *canvas) escape(s string) {
	_ = xml.EscapeText(&c.buf, []byte(s)) // a bytes.Buffer never fails
}

func (c *canvas) num(v float64) {
	var scratch [24]byte
	c.buf.Write(appendNum(scratch[:0], v))
}

// appendNum formats v to one decimal place, the precision at which no
// renderer shows a difference, dropping a trailing ".0" and a negative zero
// so output is short and stable.
func appendNum(b []byte, v float64) []byte {
	r := math.Round(v*10)/10 + 0 // + 0 turns -0 into 0
	return strconv.AppendFloat(b, r, 'f', -1, 64)
}

// pathData builds the d attribute of a path from absolute commands.
type pathData struct {
	b []byte
}

func (p *pathData) cmd(op byte, vs ...float64) {
	if len(p.b) > 0 {
		p.b = append(p.b, ' ')
	}
	p.b = append(p.b, op)
	for i, v := range vs {
		if i > 0 {
			p.b = append(p.b, ' ')
		}
		p.b = appendNum(p.b, v)
	}
}

func (p *pathData) moveTo(x, y float64)  { p.cmd('M', x, y) }
func (p *pathData) lineTo(x, y float64)  { p.cmd('L', x, y) }
func (p *pathData) horizontal(x float64) { p.cmd('H', x) }
func (p *pathData) vertical(y float64)   { p.cmd('V', y) }
func (p *pathData) closePath()           { p.cmd('Z') }

// bar writes a rectangle with a tooltip: browsers show the <title> of an
// element when the pointer rests on it.
func (c *canvas) bar(x, y, w, h float64, attrs, tip string) {
	c.buf.WriteString(`<rect x="`)
	c.num(x)
	c.buf.WriteString(`" y="`)
	c.num(y)
	c.buf.WriteString(`" width="`)
	c.num(w)
	c.buf.WriteString(`" height="`)
	c.num(h)
	c.buf.WriteString(`" `)
	c.buf.WriteString(attrs)
	c.buf.WriteString("><title>")
	c.escape(tip)
	c.buf.WriteString("</title></rect>\n")
}
