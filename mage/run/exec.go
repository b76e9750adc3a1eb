package run

import (
	"context"
	"errors"
	"time"

	"portwave/mage/gate"
	"portwave/mage/pipeline"
	"portwave/mage/proc"
)

// ExecCommand runs gate commands through proc: in their own process group,
// killed as a group on timeout or cancel, with stdout and stderr kept in
// the order they were written, in bounded memory (proc.Capture: the first
// MiB and the last 4 MiB, with a note of what was cut between). A pipeline (`dotnet build dotnet/ | tee
// build.log`) runs through pipeline.Run: every program of it started by
// proc in dir, the filters between them by bitfield/script; each program
// gets the timeout.
//
// confine, when not nil, gives each command's sandbox (proc.Spec.Wrap) and
// the environment it adds, from the folder it runs in and the command.
func ExecCommand(timeout time.Duration, confine Confine) gate.Exec {
	return func(ctx context.Context, dir string, cmd pipeline.Pipeline) ([]byte, int, error) {
		out := proc.NewCapture(proc.CaptureHead, proc.CaptureTail)
		var wrap func(proc.Spec) (proc.Spec, error)
		var env []string
		if confine != nil {
			wrap, env = confine(dir, cmd)
		}
		if !cmd.Plain() {
			res, err := pipeline.Run(ctx, cmd, pipeline.Options{Dir: dir, Output: out, Timeout: timeout, Tether: true, Wrap: wrap, Env: env})
			return out.Bytes(), res.ExitCode, err
		}
		argv := cmd.Stages[0].Argv
		res, err := proc.Run(ctx, proc.Spec{Name: argv[0], Args: argv[1:], Dir: dir, Stdout: out, Stderr: out, Timeout: timeout,
			Tether: true, // a build of a killed run must not go on in a slot
			Wrap:   wrap, Env: env})
		var exit *proc.ExitError
		if errors.As(err, &exit) {
			return out.Bytes(), exit.Code, nil // ran and failed: the output says why
		}
		return out.Bytes(), res.ExitCode, err
	}
}

// Confine gives a gate command run in dir its sandbox and environment.
type Confine func(dir string, cmd pipeline.Pipeline) (wrap func(proc.Spec) (proc.Spec, error), env []string)
