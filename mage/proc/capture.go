package proc

import (
	"fmt"
	"sync"
)

// Capture keeps what a command prints in bounded memory: the first Head
// bytes and the last Tail bytes, and how many bytes between them were cut.
// A build or a test run can print without end (a test in a loop printed
// 1 GiB); the verdict needs the start (the first errors) and the end (the
// summaries), and a log of the whole would be as large as the flood.
//
// It is safe for concurrent writes, so stdout and stderr can share one.
type Capture struct {
	mu   sync.Mutex
	head []byte
	tail ring
	cut  int64
	max  int
}

// The sizes a gate command's capture keeps: a NatsNet build prints a few
// thousand lines, well inside either.
const (
	CaptureHead = 1 << 20
	CaptureTail = 4 << 20
)

// NewCapture returns a capture that keeps head bytes from the start and
// tail bytes from the end.
func NewCapture(head, tail int) *Capture {
	return &Capture{head: make([]byte, 0, head), tail: ring{buf: make([]byte, tail)}, max: head}
}

func (c *Capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(p)
	if room := c.max - len(c.head); room > 0 {
		take := min(room, len(p))
		c.head = append(c.head, p[:take]...)
		p = p[take:]
	}
	c.cut += c.tail.write(p)
	return n, nil
}

// Cut is how many bytes were dropped between the head and the tail.
func (c *Capture) Cut() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cut
}

// Bytes is what was kept: the head, then, when something was cut, a line
// saying how much, then the tail. The note starts on a line of its own and
// the tail after it starts at the next whole line, so no line the parsers
// read is a splice of two.
func (c *Capture) Bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	tail := c.tail.bytes()
	out := make([]byte, 0, len(c.head)+len(tail)+96)
	out = append(out, c.head...)
	if c.cut == 0 {
		return append(out, tail...)
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	skipped := 0
	for i, b := range tail {
		if b == '\n' {
			tail, skipped = tail[i+1:], i+1
			break
		}
	}
	out = fmt.Appendf(out, "[portwave: %d bytes of output cut here; the first %d and the last %d are kept]\n",
		c.cut+int64(skipped), len(c.head), len(tail))
	return append(out, tail...)
}

// ring keeps the last len(buf) bytes written to it.
type ring struct {
	buf  []byte
	next int  // where the next byte goes
	full bool // buf has wrapped at least once
}

// write stores p and returns how many older bytes it pushed out.
func (r *ring) write(p []byte) int64 {
	size := len(r.buf)
	if size == 0 {
		return int64(len(p))
	}
	var dropped int64
	if len(p) >= size {
		dropped = int64(len(p) - size)
		if r.full {
			dropped += int64(size)
		} else {
			dropped += int64(r.next)
		}
		copy(r.buf, p[len(p)-size:])
		r.next, r.full = 0, true
		return dropped
	}
	if r.full {
		dropped = int64(len(p))
	} else if over := r.next + len(p) - size; over > 0 {
		dropped = int64(over)
	}
	n := copy(r.buf[r.next:], p)
	if n < len(p) {
		copy(r.buf, p[n:])
		r.next, r.full = len(p)-n, true
	} else {
		r.next += n
		if r.next == size {
			r.next, r.full = 0, true
		}
	}
	return dropped
}

func (r *ring) bytes() []byte {
	if !r.full {
		return append([]byte(nil), r.buf[:r.next]...)
	}
	return append(append([]byte(nil), r.buf[r.next:]...), r.buf[:r.next]...)
}
