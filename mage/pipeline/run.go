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
	out := &lockedWriter{w: opt.Output}
	if opt.Output == nil {
		out.w = io.Discard
	}

	var (
		src     io.Reader // the previous stage's output; nil: /dev/null
		readers []*io.PipeReader
		open    []*os.File
		wg      sync.WaitGroup
		codes   = make([]int, len(p.Stages))
		errs    = make([]error, len(p.Stages))
		pipes   []*script.Pipe
	)
	defer func() {
		for _, f := range open {
			f.Close()
		}
	}()
	for i, s := range p.Stages {
		if s.Filter() {
			apply, err := filters[s.Argv[0]](s.Argv[1:])
			if err == nil {
				var sp *script.Pipe
				if sp, err = apply(script.NewPipe().WithReader(src), opt.Dir, &open); err == nil {
					pipes = append(pipes, sp)
					src = sp
					continue
				}
			}
			// Stop what already started; nothing after this stage runs, and
			// the filters before it are drained so their goroutines end.
			cancel()
			closeAll(readers)
			if src != nil {
				go io.Copy(io.Discard, src)
			}
			wg.Wait()
			return Result{}, err
		}
		pr, pw := io.Pipe()
		readers = append(readers, pr)
		stdin, spec := src, proc.Spec{Name: s.Argv[0], Args: s.Argv[1:], Dir: opt.Dir, Stdout: pw, Stderr: out, Timeout: opt.Timeout, Tether: opt.Tether, Wrap: opt.Wrap, Env: opt.Env}
		if stdin != nil {
			spec.Stdin = stdin
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := proc.Run(ctx, spec)
			codes[i] = res.ExitCode
			var exit *proc.ExitError
			if errors.As(err, &exit) || errors.Is(err, io.ErrClosedPipe) {
				// Ran and failed: its exit code says so. Or the next stage
				// stopped reading (head), which a shell would see as SIGPIPE.
				err = nil
			}
			errs[i] = err
			if err != nil {
				cancel() // one program that did not run stops the others
			}
			pw.Close()
			// A program that stopped reading (exited early) must not leave
			// the stage before it blocked on a pipe nobody reads.
			switch r := stdin.(type) {
			case *io.PipeReader:
				r.CloseWithError(io.ErrClosedPipe)
			case io.Reader:
				go io.Copy(io.Discard, r) // a filter's goroutine ends once drained
			}
		}()
		src = pr
	}
	_, copyErr := io.Copy(out, src)
	// head and tail stop reading early: release the stages before them.
	closeAll(readers)
	wg.Wait()

	var res Result
	for i := len(p.Stages) - 1; i >= 0; i-- {
		if !p.Stages[i].Filter() && codes[i] != 0 && errs[i] == nil {
			res.ExitCode = codes[i]
			break
		}
	}
	for _, err := range errs {
		// A program stopped because another did not start says less than
		// the one that did not start.
		if err != nil && (parent.Err() != nil || !errors.Is(err, context.Canceled)) {
			return res, err
		}
	}
	for _, sp := range pipes {
		if err := sp.Error(); err != nil {
			return res, fmt.Errorf("pipeline filter: %w", err)
		}
	}
	if copyErr != nil && !errors.Is(copyErr, io.ErrClosedPipe) {
		return res, fmt.Errorf("pipeline output: %w", copyErr)
	}
	return res, nil
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
