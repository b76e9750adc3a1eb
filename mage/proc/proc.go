// Package proc is the one way portwave's library code starts a command.
//
// It is a thin layer over exec.CommandContext that adds what the standard
// library leaves to the caller and what an orchestrator of long-running
// agents and builds cannot do without:
//
//   - the command runs in its own process group, and a timeout or a cancel
//     kills the whole group (SIGTERM, then SIGKILL after a grace period), so
//     nothing a killed agent started in the background survives it;
//   - a timeout comes back as a typed error (*TimeoutError, errors.Is
//     ErrTimeout), a cancel wraps the context's cause;
//   - "did not start" (*NotFoundError) is a different error from "ran and
//     failed" (*ExitError, carrying the exit code and the tail of stderr).
//
// mage's sh package takes no context, and bitfield/script neither sets a
// working directory nor kills process groups, hence this package; the gate's
// pipelines (mage/pipeline) use script's filters between programs started
// here.
//
// Because the command leads its own process group, a Ctrl-C on the terminal
// does not reach it directly: the caller turns the signal into a context
// cancel, and Run stops the group. That keeps the order of shutdown in the
// orchestrator's hands.
package proc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// DefaultGrace is how long a command has between SIGTERM and SIGKILL when
// Spec.Grace is zero. Agents flush their logs on SIGTERM; two seconds is
// plenty for that and short enough for a Ctrl-C to feel immediate.
const DefaultGrace = 2 * time.Second

// stderrTail is how many trailing bytes of stderr an ExitError keeps.
const stderrTail = 4 << 10

// Spec describes one command to run.
type Spec struct {
	// Name is the program, looked up in the current PATH unless it holds a
	// slash. Args are its arguments, without the name.
	Name string
	Args []string
	// Dir is the working directory; empty means the current one.
	Dir string
	// Env holds extra KEY=value entries added to the current environment;
	// a later entry wins over an earlier one with the same key. A PATH here
	// does not change where Name is looked up.
	Env []string
	// Stdin feeds the command's standard input; nil means /dev/null.
	Stdin io.Reader
	// Stdout and Stderr receive the command's output as it is written; nil
	// discards it. Each is written from a single goroutine.
	Stdout io.Writer
	Stderr io.Writer
	// Timeout bounds the run; zero means only ctx bounds it.
	Timeout time.Duration
	// Grace is the time between SIGTERM and SIGKILL on cancel or timeout;
	// zero means DefaultGrace.
	Grace time.Duration
	// KeepGroup leaves running whatever the command started in the
	// background when the command itself exits normally (for example a
	// build server meant to be reused). By default Run kills the group
	// once the command exits, so a finished run leaves nothing behind.
	KeepGroup bool
	// Tether makes the command's process group die with this process,
	// even when it is killed with SIGKILL (see tether.go). Agents are
	// tethered: nothing may write into a worktree once its run is gone.
	Tether bool
	// Started, if set, is called with the command's pid (its process
	// group id) once it runs, before Run waits for it.
	Started func(pid int)
	// Wrap, if set, rewrites the spec before it starts: mage/sandbox runs
	// the command inside bubblewrap. Errors still name the command
	// itself, and an error of Wrap's (a *NotFoundError for a missing
	// program) is Run's.
	Wrap func(Spec) (Spec, error)
}

// Result describes a finished (or killed) command.
type Result struct {
	// PID is the command's process ID, which is also its process group ID.
	// Zero if the command did not start.
	PID int
	// ExitCode is the exit status, or -1 if a signal ended the command or
	// it did not start.
	ExitCode int
	// Duration is the wall time from start to exit.
	Duration time.Duration
	// StderrTail is the last few KiB of standard error.
	StderrTail string
}

// Run starts the command described by s, waits for it, and returns when the
// command has exited and, unless s.KeepGroup, every process of its group is
// gone. The Result is filled in as far as the run got, also on error.
func Run(ctx context.Context, s Spec) (Result, error) {
	res := Result{ExitCode: -1}
	name := s.Name
	if s.Wrap != nil {
		wrapped, err := s.Wrap(s)
		if err != nil {
			return res, err
		}
		s = wrapped
	}
	grace := s.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	runCtx := ctx
	if s.Timeout > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeoutCause(ctx, s.Timeout, &TimeoutError{Name: name, After: s.Timeout})
		defer cancel()
	}
	if runCtx.Err() != nil {
		return res, stopError(name, runCtx)
	}

	if err := checkDir(s.Dir); err != nil {
		return res, fmt.Errorf("starting %s: working directory: %w", name, err)
	}
	var stop groupStopper
	cmd := command(runCtx, s, grace, &stop)
	pipes, err := plumb(cmd, s)
	if err != nil {
		return res, fmt.Errorf("starting %s: %w", name, err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		pipes.abort()
		if runCtx.Err() != nil {
			return res, stopError(name, runCtx)
		}
		return res, startError(name, err)
	}
	pipes.started()
	res.PID = cmd.Process.Pid
	if s.Tether {
		t := startTether(res.PID)
		defer t.release() // deferred after killGroup below has run
	}
	if s.Started != nil {
		s.Started(res.PID)
	}

	waitErr := cmd.Wait()
	res.Duration = time.Since(start)
	if stop.stopped() || !s.KeepGroup {
		killGroup(res.PID)
	}
	stop.finish()
	copyErr := pipes.finish(grace)
	res.StderrTail = pipes.tail.String()
	res.ExitCode = cmd.ProcessState.ExitCode()

	return res, outcome(runCtx, name, stop.stopped(), waitErr, copyErr, res.StderrTail)
}

// checkDir fails when the working directory is missing or not a folder:
// the kernel reports a missing one as ENOENT from exec, which would read
// as a missing program.
func checkDir(dir string) error {
	if dir == "" {
		return nil
	}
	fi, err := os.Stat(dir)
	if err == nil && !fi.IsDir() {
		err = fmt.Errorf("%s is not a directory", dir)
	}
	return err
}

// command is s as an exec.Cmd in a process group of its own, which a
// cancel of ctx stops as a whole through stop: SIGTERM, then SIGKILL
// after grace.
func command(ctx context.Context, s Spec, grace time.Duration, stop *groupStopper) *exec.Cmd {
	cmd := exec.CommandContext(ctx, s.Name, s.Args...)
	cmd.Dir = s.Dir
	if len(s.Env) > 0 {
		cmd.Env = append(os.Environ(), s.Env...)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if s.Tether {
		setDeathSignal(cmd.SysProcAttr)
	}
	cmd.Cancel = func() error {
		stop.start(cmd.Process.Pid, grace)
		return nil
	}
	// A backstop only: stop.start escalates to SIGKILL on its own after
	// grace; exec then kills the leader itself should the group survive.
	cmd.WaitDelay = grace + time.Second
	return cmd
}

// outcome is Run's error for a command that ran: stopped by ctx (a cancel
// or the timeout), exited non-zero, or failed to be waited for or to have
// its output copied; nil for a clean exit.
func outcome(ctx context.Context, name string, stopped bool, waitErr, copyErr error, stderrTail string) error {
	if stopped {
		return stopError(name, ctx)
	}
	var ee *exec.ExitError
	switch {
	case errors.As(waitErr, &ee):
		return newExitError(name, ee, stderrTail)
	case waitErr != nil:
		return fmt.Errorf("waiting for %s: %w", name, waitErr)
	case copyErr != nil:
		return fmt.Errorf("copying output of %s: %w", name, copyErr)
	}
	return nil
}
