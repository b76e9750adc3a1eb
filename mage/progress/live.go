package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-runewidth"
)

// LiveOptions configure the terminal view.
type LiveOptions struct {
	// Color paints states in colour; off when NO_COLOR is set.
	Color bool
	// Width is the terminal's width in columns; 0 means 80. Lines are cut
	// to it so that they never wrap.
	Width int
	// WidthFunc, if set, is asked for the width before every redraw, since
	// a terminal may be resized during a long run. A result <= 0 keeps Width.
	WidthFunc func() int
	// Now is the clock for elapsed times; nil means time.Now.
	Now func() time.Time
	// Interval is the time between redraws; 0 means 100ms.
	Interval time.Duration
}

// Live is the terminal view: one line per batch and a total line, redrawn
// in place at most every Interval, with notes printed above as permanent
// lines.
//
// It is hand-written rather than built on a full-screen library because it
// needs only three escape sequences (cursor up, clear line, clear to the
// end of the screen) and must leave the terminal's scrollback intact.
//
// Send only records the event; the redraw loop does the writing, so a
// slow terminal never holds up a batch.
type Live struct {
	w   io.Writer
	opt LiveOptions

	mu    sync.Mutex
	board board
	notes []string // printed above the block at the next redraw

	// Owned by the redraw loop, then by Close once the loop has stopped.
	drawn int    // lines of the block now on screen
	last  string // the block last written, to skip identical redraws

	stop  chan struct{}
	done  chan struct{}
	close sync.Once
}

// NewLive starts a live view writing to w. Call Close to stop redrawing.
func NewLive(w io.Writer, opt LiveOptions) *Live {
	if opt.Width <= 0 {
		opt.Width = 80
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Interval <= 0 {
		opt.Interval = 100 * time.Millisecond
	}
	l := &Live{w: w, opt: opt, stop: make(chan struct{}), done: make(chan struct{})}
	go l.loop()
	return l
}

// Send records e for the next redraw.
func (l *Live) Send(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := e.Time
	if t.IsZero() {
		t = l.opt.Now()
	}
	if e.Kind == Note {
		msg := oneLine(e.Message)
		if e.Batch != 0 {
			msg = fmt.Sprintf("batch %d: %s", e.Batch, withoutBatch(e.Batch, msg))
		}
		l.notes = append(l.notes, msg)
	}
	l.board.apply(e, t)
}

// Close stops the redraw loop and draws the final frame, which stays on
// the screen. It is safe to call more than once.
func (l *Live) Close() {
	l.close.Do(func() {
		close(l.stop)
		<-l.done
		l.redraw()
	})
}

func (l *Live) loop() {
	defer close(l.done)
	tick := time.NewTicker(l.opt.Interval)
	defer tick.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-tick.C:
			l.redraw()
		}
	}
}

// redraw moves the cursor back to the top of the block, prints any new
// notes there, and prints the block again below them. Only the loop and
// then Close call it, one after the other, so the writes never interleave.
func (l *Live) redraw() {
	width := l.opt.Width
	if l.opt.WidthFunc != nil {
		if w := l.opt.WidthFunc(); w > 0 {
			width = w
		}
	}
	notes, block := l.frame(width)
	if len(notes) == 0 && block == l.last {
		return
	}
	var b strings.Builder
	if l.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", l.drawn)
	}
	if len(notes) > 0 {
		// A note may wrap onto lines of the old block that per-line clearing
		// would not reach, so clear everything below first.
		b.WriteString("\r\x1b[J")
		for _, n := range notes {
			b.WriteString(n + "\n")
		}
	}
	b.WriteString(block)
	l.drawn = strings.Count(block, "\n")
	l.last = block
	io.WriteString(l.w, b.String()) // a terminal that went away has no one to tell
}

// frame takes the pending notes and renders the block under the lock.
func (l *Live) frame(width int) (notes []string, block string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	notes, l.notes = l.notes, nil
	rows := l.board.sorted()
	if len(rows) == 0 {
		return notes, ""
	}
	nameWidth := 0
	for _, r := range rows {
		nameWidth = max(nameWidth, min(runewidth.StringWidth(oneLine(r.name)), maxNameWidth))
	}
	now := l.opt.Now()
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("\r\x1b[2K" + fit(batchLine(r, nameWidth, now, l.opt.Color), width) + "\n")
	}
	b.WriteString("\r\x1b[2K" + fit(totalLine(l.board.tally(), l.opt.Color), width) + "\n")
	return notes, b.String()
}
