package chart

import (
	"fmt"
	"io"
	"time"
)

// Timeline is the data of a Gantt chart of one run: one row per batch, each
// a sequence of stage spans.
type Timeline struct {
	Title string    // shown above the chart; a default when empty
	Start time.Time // zero axis of the elapsed time; the earliest span start when zero
	// Now is where a still-running span (zero End) stops. When zero it is
	// the latest instant in the timeline, which keeps the picture the same
	// however late it is drawn.
	Now  time.Time
	Rows []Row
	// Breaks are stretches of time cut out of the axis (the pauses between
	// runs), each marked where it was cut.
	Breaks []Break
}

// Row is one lane of the chart: a batch of one run, or a worktree slot
// that several batches and attempts used in turn (Segments).
type Row struct {
	Label    string // "Batch 44", "slot-1"
	State    string // the batch's state, written at the end of its row: "done", "failed", ...
	Stages   []Span
	Segments []Segment
}

// Segment is one attempt in a lane: its stages, with a label written above
// them ("13 #2 1m05s $0.21") so that a PNG or a printout shows it.
type Segment struct {
	Label  string
	Stages []Span
}

// Break is a stretch of time the axis leaves out; Label says what it was
// ("3h pause").
type Break struct {
	Start, End time.Time
	Label      string
}

// Span is one stage of a batch: worktree, agent, gate, merge or audit.
// Other stage names are drawn too, in a neutral colour.
type Span struct {
	Stage      string
	Start, End time.Time // a zero End means the stage is still running
	Failed     bool
}

// DefaultTimelineTitle is the title of a Gantt chart whose timeline has none.
const DefaultTimelineTitle = "Batches of the last run"

// Gantt writes a timeline of g's batches and their stages to w as an SVG
// document, with an elapsed-time axis and a legend of the stages. With no
// rows it writes a placeholder. A span with no start, or one that ends
// before it starts, is an error naming its row and stage.
func Gantt(w io.Writer, g Timeline) error {
	if err := g.check(); err != nil {
		return fmt.Errorf("drawing timeline: %w", err)
	}
	title := g.Title
	if title == "" {
		title = DefaultTimelineTitle
	}
	if len(g.Rows) == 0 {
		c := newCanvas(ganttWidth, 200, title)
		c.text(16, 26, `font-size="16" font-weight="bold"`, title)
		placeholder(c, 48, ganttWidth, 200, "no batches run yet")
		return c.writeTo(w)
	}
	p := newGanttPlot(g)
	c := newCanvas(ganttWidth, p.height, title)
	c.text(16, 26, `font-size="16" font-weight="bold"`, title)
	p.draw(c)
	return c.writeTo(w)
}

func (g Timeline) check() error {
	for _, r := range g.Rows {
		for _, s := range r.spans() {
			switch {
			case s.Start.IsZero():
				return fmt.Errorf("%s, stage %s: no start time", r.Label, s.Stage)
			case !s.End.IsZero() && s.End.Before(s.Start):
				return fmt.Errorf("%s, stage %s: ends at %s, before it starts at %s", r.Label, s.Stage,
					s.End.UTC().Format(time.RFC3339), s.Start.UTC().Format(time.RFC3339))
			}
		}
	}
	return nil
}

// bounds is the timeline's elapsed-time window: from the given Start (or the
// earliest span) to the latest end, where running spans end at Now.
func (g Timeline) bounds() (start, end time.Time) {
	var first, latest time.Time
	for _, r := range g.Rows {
		for _, s := range r.spans() {
			if first.IsZero() || s.Start.Before(first) {
				first = s.Start
			}
			latest = later(latest, later(s.Start, s.End))
		}
	}
	start = g.Start
	if start.IsZero() {
		start = first
	}
	end = later(latest, g.Now)
	return start, end
}

// spanEnd is where s stops on the chart.
func (g Timeline) spanEnd(s Span, end time.Time) time.Time {
	if !s.End.IsZero() {
		return s.End
	}
	if !g.Now.IsZero() {
		return later(g.Now, s.Start)
	}
	return end
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// spans is every stage span of the row, its segments' included.
func (r Row) spans() []Span {
	if len(r.Segments) == 0 {
		return r.Stages
	}
	out := append([]Span(nil), r.Stages...)
	for _, sg := range r.Segments {
		out = append(out, sg.Stages...)
	}
	return out
}

// labelled reports whether any row has segments, which take taller lanes.
func (g Timeline) labelled() bool {
	for _, r := range g.Rows {
		if len(r.Segments) > 0 {
			return true
		}
	}
	return false
}
