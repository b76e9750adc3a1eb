package proc

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// ErrTimeout matches (errors.Is) every error that says a command ran out of
// time.
var ErrTimeout = errors.New("timed out")

// ErrNotFound matches (errors.Is) every error that says a command could not
// be started because its program is missing or not executable.
var ErrNotFound = errors.New("command not found")

// TimeoutError says the command was killed because Spec.Timeout ran out
// (After is then that timeout) or the deadline of the caller's context
// passed (After is zero). It matches ErrTimeout and context.DeadlineExceeded.
type TimeoutError struct {
	Name  string
	After time.Duration
}

func (e *TimeoutError) Error() string {
	if e.After <= 0 {
		return e.Name + " timed out: the caller's deadline passed"
	}
	return fmt.Sprintf("%s timed out after %s", e.Name, e.After)
}

// Is lets errors.Is(err, ErrTimeout) and errors.Is(err,
// context.DeadlineExceeded) hold.
func (e *TimeoutError) Is(target error) bool {
	return target == ErrTimeout || target == context.DeadlineExceeded
}

// NotFoundError says the command did not start: its program is not in PATH,
// does not exist, or cannot be executed. Nothing ran.
type NotFoundError struct {
	Name string
	Err  error
}

func (e *NotFoundError) Error() string {
	if errors.Is(e.Err, exec.ErrNotFound) {
		return e.Name + ": executable file not found in $PATH"
	}
	return fmt.Sprintf("%s: cannot execute: %v", e.Name, e.Err)
}

func (e *NotFoundError) Unwrap() error { return e.Err }

// Is lets errors.Is(err, ErrNotFound) hold.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// ExitError says the command ran and failed: it exited non-zero or a signal
// it did not get from Run ended it.
type ExitError struct {
	Name string
	// Code is the exit status, -1 when a signal ended the command.
	Code int
	// Signal names the signal that ended the command, if one did.
	Signal string
	// Stderr is the tail of the command's standard error.
	Stderr string
}

func (e *ExitError) Error() string {
	var msg string
	if e.Signal != "" {
		msg = fmt.Sprintf("%s killed by signal %s", e.Name, e.Signal)
	} else {
		msg = fmt.Sprintf("%s exited with code %d", e.Name, e.Code)
	}
	if line := LastLine(e.Stderr); line != "" {
		msg += ": " + line
	}
	return msg
}

func newExitError(name string, ee *exec.ExitError, tail string) *ExitError {
	e := &ExitError{Name: name, Code: ee.ExitCode(), Stderr: tail}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		e.Signal = ws.Signal().String()
	}
	return e
}

// LastLine returns the last non-blank line of s, trimmed: the one-line
// summary of a command's output.
func LastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, " \t\r\n"), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// startError sorts a failed Start into "program missing or not executable"
// and everything else (a missing working directory, say).
func startError(name string, err error) error {
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, exec.ErrDot) {
		return &NotFoundError{Name: name, Err: err}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		for _, errno := range []error{syscall.ENOENT, syscall.EACCES, syscall.ENOEXEC, syscall.ENOTDIR, syscall.EISDIR} {
			if errors.Is(err, errno) {
				return &NotFoundError{Name: name, Err: err}
			}
		}
	}
	return fmt.Errorf("starting %s: %w", name, err)
}

// stopError is the error of a run that Run stopped because ctx ended: a
// *TimeoutError when a deadline passed, otherwise the context's cause.
func stopError(name string, ctx context.Context) error {
	cause := context.Cause(ctx)
	var te *TimeoutError
	if errors.As(cause, &te) {
		return te
	}
	if errors.Is(cause, context.DeadlineExceeded) {
		return &TimeoutError{Name: name}
	}
	return fmt.Errorf("%s stopped: %w", name, cause)
}
