package agent

import (
	"bytes"
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

// lineWriter splits a stream into lines as it arrives: each line goes to
// the log verbatim and, without its newline, to onLine (which must not keep
// the slice). Write never fails, so
// a full disk cannot stop the parsing of a running agent's events.
type lineWriter struct {
	log    *logSink
	onLine func([]byte)
	buf    []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	start := 0
	for {
		i := bytes.IndexByte(w.buf[start:], '\n')
		if i < 0 {
			break
		}
		w.emit(w.buf[start : start+i+1])
		start += i + 1
	}
	// Keep the unfinished line at the front of the same buffer.
	w.buf = append(w.buf[:0], w.buf[start:]...)
	return len(p), nil
}

// flush hands on a last line that had no newline.
func (w *lineWriter) flush() {
	if len(w.buf) > 0 {
		w.emit(append(w.buf, '\n'))
		w.buf = nil
	}
}

func (w *lineWriter) emit(line []byte) {
	w.log.writeLine(line)
	if w.onLine != nil {
		w.onLine(bytes.TrimRight(line, "\r\n"))
	}
}
