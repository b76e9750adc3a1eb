package proc

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"time"
)

// pipes connects a command's standard streams through pipes Run owns.
//
// exec.Cmd would copy non-file readers and writers itself, but then Wait
// returns only once every holder of a pipe has exited, grandchildren
// included. Owning the pipes lets Run see the command exit, kill what is
// left of its group, and only then drain the output.
type pipes struct {
	child  []*os.File   // the ends the command inherits; closed after Start
	copies []chan error // one per output copy
	stdin  *os.File     // Run's write end of stdin, if it feeds one
	reads  []*os.File
	tail   *tailBuffer
}

func plumb(cmd *exec.Cmd, s Spec) (*pipes, error) {
	p := &pipes{tail: &tailBuffer{max: stderrTail}}
	var err error
	if cmd.Stdin, err = p.input(s.Stdin); err != nil {
		p.abort()
		return nil, err
	}
	if cmd.Stdout, err = p.output(s.Stdout); err != nil {
		p.abort()
		return nil, err
	}
	stderr := io.Writer(p.tail)
	if s.Stderr != nil {
		stderr = io.MultiWriter(s.Stderr, p.tail)
	}
	if cmd.Stderr, err = p.output(stderr); err != nil {
		p.abort()
		return nil, err
	}
	return p, nil
}

// input returns what the command reads as stdin: nil (/dev/null), the file
// itself, or the read end of a pipe fed from r.
func (p *pipes) input(r io.Reader) (*os.File, error) {
	if r == nil {
		return nil, nil
	}
	if f, ok := r.(*os.File); ok {
		return f, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p.child = append(p.child, pr)
	p.stdin = pw
	// Run does not wait for this copy: a command may exit without reading
	// its input (the write then fails with EPIPE or on the closed pipe), and
	// a caller's reader that never returns must not hold Run.
	go func() {
		_, _ = io.Copy(pw, r)
		pw.Close()
	}()
	return pr, nil
}

// output returns the write end of a pipe whose read end is copied to w.
func (p *pipes) output(w io.Writer) (*os.File, error) {
	if w == nil {
		return nil, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p.child = append(p.child, pw)
	p.reads = append(p.reads, pr)
	done := make(chan error, 1)
	p.copies = append(p.copies, done)
	go func() {
		_, err := io.Copy(w, pr)
		if err != nil && !errors.Is(err, os.ErrClosed) {
			// Keep draining so the command never blocks on a full pipe.
			_, _ = io.Copy(io.Discard, pr)
		} else {
			err = nil
		}
		done <- err
	}()
	return pw, nil
}

// started closes the command's ends in this process, so the read ends see
// EOF once the command's group is gone.
func (p *pipes) started() {
	for _, f := range p.child {
		f.Close()
	}
	p.child = nil
}

// abort releases everything after a failed start.
func (p *pipes) abort() {
	p.started()
	p.closeAll()
	for _, c := range p.copies {
		<-c
	}
}

// finish waits up to grace for the output to drain (a process kept alive by
// Spec.KeepGroup may hold a pipe open), then closes the pipes and returns
// the first copy error.
func (p *pipes) finish(grace time.Duration) error {
	timer := time.NewTimer(grace)
	defer timer.Stop()
	var first error
	for _, c := range p.copies {
		var err error
		select {
		case err = <-c:
		case <-timer.C:
			p.closeAll()
			err = <-c
		}
		if first == nil {
			first = err
		}
	}
	p.closeAll()
	return first
}

func (p *pipes) closeAll() {
	if p.stdin != nil {
		p.stdin.Close()
	}
	for _, f := range p.reads {
		f.Close()
	}
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

func (t *tailBuffer) String() string { return string(t.buf) }
