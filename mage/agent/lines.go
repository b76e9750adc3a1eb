package agent

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// logSink writes whole lines to the attempt's log. stdout and stderr share
// it, so a mutex keeps their lines from interleaving mid-line.
type logSink struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

func (s *logSink) writeLine(line []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return
	}
	if _, err := s.w.Write(line); err != nil {
		s.err = err
	}
}

func (s *logSink) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// maxLine bounds one line in memory. A line longer than this (a command
// agent printing without newlines, a flood) is cut: its first maxLine
// bytes are logged and parsed with a note of how much was dropped.
const maxLine = 16 << 20

// lineWriter splits a stream into lines as it arrives: each line goes to
// the log verbatim and, without its newline, to onLine (which must not keep
// the slice). Write never fails, so
// a full disk cannot stop the parsing of a running agent's events.
type lineWriter struct {
	log    *logSink
	onLine func([]byte)
	buf    []byte
	over   int // bytes of the current line dropped past maxLine
}

func (w *lineWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		part := p
		end := bytes.IndexByte(p, '\n') + 1 // 0: the line goes on
		if end > 0 {
			part = p[:end]
		}
		p = p[len(part):]
		switch room := maxLine - len(w.buf); {
		case w.over > 0:
			w.over += len(part)
		case len(part) > room:
			w.buf = append(w.buf, part[:room]...)
			w.over = len(part) - room
		default:
			w.buf = append(w.buf, part...)
		}
		if end > 0 {
			w.endLine(1)
		}
	}
	return n, nil
}

// endLine hands on the line in buf, with a note when part of it was cut;
// newline is the length of the line end counted in over.
func (w *lineWriter) endLine(newline int) {
	if w.over > 0 {
		w.buf = bytes.TrimRight(w.buf, "\r\n")
		w.buf = fmt.Appendf(w.buf, " [portwave: the rest of this line, %d bytes, was cut]\n", w.over-newline)
		w.over = 0
	}
	w.emit(w.buf)
	w.buf = w.buf[:0]
}

// flush hands on a last line that had no newline.
func (w *lineWriter) flush() {
	if len(w.buf) > 0 || w.over > 0 {
		w.buf = append(w.buf, '\n')
		w.endLine(0)
	}
}

func (w *lineWriter) emit(line []byte) {
	w.log.writeLine(line)
	if w.onLine != nil {
		w.onLine(bytes.TrimRight(line, "\r\n"))
	}
}
