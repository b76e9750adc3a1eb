package agent

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"portwave/mage/proc"
)

// launch is one agent process: its command line, its input, and what to do
// with each line it prints.
type launch struct {
	bin    string
	args   []string
	stdin  io.Reader
	onLine func([]byte)
}

// run starts the process in req.Dir through proc.Run, so a timeout or a
// cancel kills its whole process group. Every line of stdout and stderr is
// appended to req.LogPath as it arrives; stdout lines also go to onLine.
// The error is proc's, or one about the log.
func (l launch) run(ctx context.Context, req Request) (proc.Result, error) {
	sink := &logSink{w: io.Discard}
	if req.LogPath != "" {
		if err := os.MkdirAll(filepath.Dir(req.LogPath), 0o755); err != nil {
			return proc.Result{ExitCode: -1}, fmt.Errorf("creating log: %w", err)
		}
		f, err := os.OpenFile(req.LogPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return proc.Result{ExitCode: -1}, fmt.Errorf("opening log: %w", err)
		}
		defer f.Close()
		sink.w = f
	}
	stdout := &lineWriter{log: sink, onLine: l.onLine}
	stderr := &lineWriter{log: sink}
	if req.IdleTimeout > 0 {
		var touch, stopIdle func()
		ctx, touch, stopIdle = idleWatch(ctx, l.bin, req.IdleTimeout)
		defer stopIdle()
		stdout.onLine = func(b []byte) {
			touch()
			if l.onLine != nil {
				l.onLine(b)
			}
		}
		stderr.onLine = func([]byte) { touch() }
	}
	res, err := proc.Run(ctx, proc.Spec{
		Name:    l.bin,
		Args:    l.args,
		Dir:     req.Dir,
		Env:     req.Env,
		Stdin:   l.stdin,
		Stdout:  stdout,
		Stderr:  stderr,
		Timeout: req.Timeout,
		// An agent never outlives portwave: a worktree whose run is gone
		// may be handed to another batch.
		Tether:  true,
		Started: req.Started,
		Wrap:    req.Wrap,
	})
	// proc.Run has drained both streams by now.
	stdout.flush()
	stderr.flush()
	if err == nil {
		if lerr := sink.failure(); lerr != nil {
			err = fmt.Errorf("writing log: %w", lerr)
		}
	}
	return res, err
}

// idleWatch cancels the returned context, with a *proc.TimeoutError as its
// cause, when touch is not called for idle. Every line the agent prints,
// on stdout or stderr, is a sign of life.
func idleWatch(ctx context.Context, bin string, idle time.Duration) (context.Context, func(), func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(idle, func() {
		cancel(&proc.TimeoutError{Name: bin + " (no output)", After: idle})
	})
	return ctx, func() { timer.Reset(idle) }, func() { timer.Stop(); cancel(nil) }
}
