package agent

import (
	"context"
	"errors"
	"strings"
	"time"

	"portwave/mage/proc"
)

// versionTimeout bounds a `--version` probe: a CLI that cannot say its
// version within this is not fit to run a batch.
const versionTimeout = 10 * time.Second

// Preflight checks, before any batch starts, that agent a can be started
// and that git is installed. The error is an *Error.
func Preflight(ctx context.Context, a Agent) error {
	if err := a.Preflight(ctx); err != nil {
		return err
	}
	return checkBinary(ctx, a.Name(), "git", "--version")
}

// checkBinary runs `bin versionArgs...` with a short timeout: a missing
// binary is NotInstalled, one that does not answer is Failed.
func checkBinary(ctx context.Context, agent, bin string, versionArgs ...string) error {
	res, err := proc.Run(ctx, proc.Spec{Name: bin, Args: versionArgs, Timeout: versionTimeout})
	if err == nil {
		return nil
	}
	probe := strings.Join(append([]string{bin}, versionArgs...), " ")
	e := &Error{Agent: agent, Kind: Failed, ExitCode: res.ExitCode, Err: err,
		Reason: "checking `" + probe + "`: " + err.Error()}
	switch {
	case errors.Is(err, proc.ErrNotFound):
		e.Kind, e.Reason = NotInstalled, err.Error()
	case errors.Is(err, context.Canceled):
		e.Kind = Canceled
	}
	return e
}
