package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"portwave/mage/proc"
)

// The sentinels an *Error matches with errors.Is, one per Kind.
var (
	// ErrNotInstalled: the agent's binary is missing; nothing ran.
	ErrNotInstalled = errors.New("agent not installed")
	// ErrFailed: the agent ran and failed.
	ErrFailed = errors.New("agent failed")
	// ErrTimeout: the attempt ran out of time and was killed. It is
	// proc.ErrTimeout, so either package's sentinel matches.
	ErrTimeout = proc.ErrTimeout
)

// Kind says how an attempt went wrong.
type Kind int

const (
	// NotInstalled: the binary is missing or not executable.
	NotInstalled Kind = iota + 1
	// Failed: the agent ran and failed: a non-zero exit, a result with
	// is_error or an error subtype, denied writes, or no result at all.
	Failed
	// TimedOut: Request.Timeout (or ctx's deadline) passed; the process
	// group was killed.
	TimedOut
	// Canceled: ctx was canceled; the process group was killed.
	Canceled
)

func (k Kind) String() string {
	switch k {
	case NotInstalled:
		return "not installed"
	case Failed:
		return "failed"
	case TimedOut:
		return "timed out"
	case Canceled:
		return "canceled"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error is what Agent.Run and Preflight return. Its message is one line,
// fit for a progress display and the ledger's error column.
type Error struct {
	Agent string
	Kind  Kind
	// Reason says what happened, in one line.
	Reason string
	// ExitCode is the agent's exit status (-1: killed or never started).
	ExitCode int
	// Log is the attempt's log file, if it had one.
	Log string
	// Err is the underlying error, if there was one.
	Err error
	// Transient says why running the agent again at once may succeed (the
	// model API failed, the stream was cut), or "": each adapter decides
	// what its failures mean.
	Transient string
}

func (e *Error) Error() string {
	return oneLine(e.Agent + " " + e.Kind.String() + ": " + e.Reason)
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is match ErrNotInstalled, ErrFailed and ErrTimeout by Kind.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotInstalled:
		return e.Kind == NotInstalled
	case ErrFailed:
		return e.Kind == Failed
	case ErrTimeout:
		return e.Kind == TimedOut
	}
	return false
}

// procError turns an error of proc.Run into an *Error. A run that exited
// non-zero yields nil: each adapter decides what its exit code means.
func procError(agent string, req Request, res proc.Result, err error) *Error {
	if err == nil {
		return nil
	}
	e := &Error{Agent: agent, ExitCode: res.ExitCode, Log: req.LogPath, Err: err}
	var ee *proc.ExitError
	switch {
	case errors.Is(err, proc.ErrNotFound):
		e.Kind, e.Reason = NotInstalled, err.Error()
	case errors.Is(err, proc.ErrTimeout):
		e.Kind, e.Reason = TimedOut, err.Error()
	case errors.Is(err, context.Canceled):
		e.Kind, e.Reason = Canceled, err.Error()
	case errors.As(err, &ee):
		return nil
	default:
		e.Kind, e.Reason = Failed, err.Error()
	}
	return e
}

// failed builds a Failed error; a non-zero exit code and the last line of
// stderr are added to the reason.
func failed(agent string, req Request, res proc.Result, reason string) *Error {
	if res.ExitCode != 0 {
		reason += fmt.Sprintf(" (exit code %d)", res.ExitCode)
		if line := proc.LastLine(res.StderrTail); line != "" {
			reason += ": " + line
		}
	}
	return &Error{Agent: agent, Kind: Failed, Reason: reason, ExitCode: res.ExitCode, Log: req.LogPath}
}

// oneLine folds s onto one line and cuts it to a readable length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 300
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}
