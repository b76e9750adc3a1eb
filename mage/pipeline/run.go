package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/bitfield/script"

	"portwave/mage/proc"
)

// Options say where and how long a pipeline runs.
type Options struct {
	// Dir is the working directory of every program and the folder that
	// relative file names of filters (tee FILE) are in.
	Dir string
	// Output receives the last stage's standard output and every program's
	// standard error, as a terminal would show them.
	Output io.Writer
	// Timeout bounds each program (proc.Spec.Timeout); zero: only ctx.
	Timeout time.Duration
	// Tether makes every program's group die with this process, even on
	// SIGKILL (proc.Spec.Tether): a killed run's build must not go on.
	Tether bool
	// Wrap rewrites every program's spec before it starts
	// (proc.Spec.Wrap): the sandbox.
	Wrap func(proc.Spec) (proc.Spec, error)
	// Env holds extra KEY=value entries for every program (proc.Spec.Env).
	Env []string
}

// Result is how a pipeline ended.
type Result struct {
	// ExitCode is the last non-zero exit of a program, or 0, as with bash's
	// pipefail: `dotnet build | tee build.log` fails when the build fails.
	ExitCode int
}

// Run runs the pipeline to its end. Programs run at once, each in its own
// process group started by proc, their standard streams joined by pipes
// through the script filters between them. When ctx ends (a cancel, a
// timeout) every program's group is killed, and Run returns once all are
// gone. A program that ran and failed is an exit code, not an error; the
// error is for a program that did not start (proc.ErrNotFound), was
// stopped by ctx, or a filter that failed (tee cannot open its file).
func Run(ctx context.Context, p Pipeline, opt Options) (Result, error) {
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &running{ctx: ctx, cancel: cancel, opt: opt, out: &lockedWriter{w: opt.Output},
		codes: make([]int, len(p.Stages)), errs: make([]error, len(p.Stages))}
	if opt.Output == nil {
		r.out.w = io.Discard
	}
	defer r.closeFiles()
	for i, s := range p.Stages {
		if !s.Filter() {
			r.startProgram(i, s)
			continue
		}
		if err := r.addFilter(s); err != nil {
			r.abandon()
			return Result{}, err
		}
	}
	_, copyErr := io.Copy(r.out, r.src)
	// head and tail stop reading early: release the stages before them.
	closeAll(r.readers)
	r.wg.Wait()
	return r.result(parent, p, copyErr)
}

// running is a pipeline while it runs: each stage reads what the one
// before it wrote (src), programs in goroutines of their own, filters as
// script pipes.
type running struct {
	ctx    context.Context
	cancel context.CancelFunc
	opt    Options
	out    *lockedWriter
	src    io.Reader // the previous stage's output; nil: /dev/null
	// readers are the programs' stdout pipes, closed to release a stage
	// nobody reads any more.
	readers []*io.PipeReader
	open    []*os.File // files the filters opened (tee FILE)
	pipes   []*script.Pipe
	wg      sync.WaitGroup
	codes   []int   // by stage: a program's exit code
	errs    []error // by stage: a program that did not run to an exit
}

// addFilter puts a script filter (tee, grep, head, tail) after the
// current stage.
func (r *running) addFilter(s Stage) error {
	apply, err := filters[s.Argv[0]](s.Argv[1:])
	if err != nil {
		return err
	}
	sp, err := apply(script.NewPipe().WithReader(r.src), r.opt.Dir, &r.open)
	if err != nil {
		return err
	}
	r.pipes = append(r.pipes, sp)
	r.src = sp
	return nil
}

// abandon stops what already started when a filter cannot be set up:
// nothing after it runs, and the filters before it are drained so their
// goroutines end.
func (r *running) abandon() {
	r.cancel()
	closeAll(r.readers)
	if r.src != nil {
		go io.Copy(io.Discard, r.src)
	}
	r.wg.Wait()
}

// startProgram starts stage i, a program, in its own process group (proc),
// reading the current stage's output and writing into a new pipe.
func (r *running) startProgram(i int, s Stage) {
	pr, pw := io.Pipe()
	r.readers = append(r.readers, pr)
	stdin, spec := r.src, proc.Spec{Name: s.Argv[0], Args: s.Argv[1:], Dir: r.opt.Dir, Stdout: pw, Stderr: r.out,
		Timeout: r.opt.Timeout, Tether: r.opt.Tether, Wrap: r.opt.Wrap, Env: r.opt.Env}
	if stdin != nil {
		spec.Stdin = stdin
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		res, err := proc.Run(r.ctx, spec)
		r.codes[i] = res.ExitCode
		var exit *proc.ExitError
		if errors.As(err, &exit) || errors.Is(err, io.ErrClosedPipe) {
			// Ran and failed: its exit code says so. Or the next stage
			// stopped reading (head), which a shell would see as SIGPIPE.
			err = nil
		}
		r.errs[i] = err
		if err != nil {
			r.cancel() // one program that did not run stops the others
		}
		pw.Close()
		// A program that stopped reading (exited early) must not leave
		// the stage before it blocked on a pipe nobody reads.
		switch in := stdin.(type) {
		case *io.PipeReader:
			in.CloseWithError(io.ErrClosedPipe)
		case io.Reader:
			go io.Copy(io.Discard, in) // a filter's goroutine ends once drained
		}
	}()
	r.src = pr
}

// result is how the pipeline ended once every stage has: the last
// program's failure as its exit code (pipefail), else the error that
// says most.
func (r *running) result(parent context.Context, p Pipeline, copyErr error) (Result, error) {
	var res Result
	for i := len(p.Stages) - 1; i >= 0; i-- {
		if !p.Stages[i].Filter() && r.codes[i] != 0 && r.errs[i] == nil {
			res.ExitCode = r.codes[i]
			break
		}
	}
	for _, err := range r.errs {
		// A program stopped because another did not start says less than
		// the one that did not start.
		if err != nil && (parent.Err() != nil || !errors.Is(err, context.Canceled)) {
			return res, err
		}
	}
	for _, sp := range r.pipes {
		if err := sp.Error(); err != nil {
			return res, fmt.Errorf("pipeline filter: %w", err)
		}
	}
	if copyErr != nil && !errors.Is(copyErr, io.ErrClosedPipe) {
		return res, fmt.Errorf("pipeline output: %w", copyErr)
	}
	return res, nil
}

func (r *running) closeFiles() {
	for _, f := range r.open {
		f.Close()
	}
}

// lockedWriter lets the programs' standard error and the last stage's
// output share one writer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// closeAll makes every write into the pipes fail, so no stage stays blocked
// on output that nobody will read.
func closeAll(readers []*io.PipeReader) {
	for _, r := range readers {
		r.CloseWithError(io.ErrClosedPipe)
	}
}
