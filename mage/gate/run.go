package gate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"portwave/mage/dotnetout"
	"portwave/mage/pipeline"
)

// Exec runs a command, a pipeline of one or more stages (see
// mage/pipeline), in dir and returns everything it printed (the last
// stage's stdout and every stage's stderr, interleaved) and its exit code.
// Its error is for a command that did not run to an exit of its own: not
// found, or killed when ctx ended. The caller's implementation decides how
// processes are started and killed.
type Exec func(ctx context.Context, dir string, cmd pipeline.Pipeline) (output []byte, exitCode int, err error)

// tailLines is how much of a failed command's output a BuildResult's Tail
// keeps when no error line was found in it.
const tailLines = 20

// RunBuild runs a build command and parses what it printed. A build that
// exits non-zero has failed whatever its output says; one that printed no
// summary (quiet verbosity) is judged by its exit code and errors.
func RunBuild(ctx context.Context, run Exec, dir string, cmd pipeline.Pipeline) (dotnetout.BuildResult, int, error) {
	out, code, err := run(ctx, dir, cmd)
	if err != nil {
		return dotnetout.BuildResult{}, code, fmt.Errorf("running build %s: %w", cmd, err)
	}
	res := dotnetout.ParseBuild(bytes.NewReader(out))
	res.Succeeded = code == 0 && len(res.Errors) == 0 && (res.Succeeded || !res.SummarySeen)
	if !res.Succeeded && len(res.Errors) == 0 {
		res.Tail = dotnetout.LastLines(out, tailLines)
	}
	return res, code, nil
}

// TestReport is one run of a test command.
type TestReport struct {
	// TestCounts comes from the TRX file when one was written, otherwise
	// from the console summary.
	dotnetout.TestCounts
	// SummarySeen is false when neither a TRX nor a summary line was found.
	SummarySeen bool
	ExitCode    int
	// Build holds the errors of the build dotnet test runs first. With the
	// terminal logger, failed tests show there too, as TESTERROR errors.
	Build dotnetout.BuildResult
}

// Passed reports whether the run finished and every test passed or was
// skipped.
func (r TestReport) Passed() bool {
	return r.ExitCode == 0 && r.SummarySeen && r.Failed == 0
}

// RunTests runs a test command and reads its results. When trxPath is set
// (the command was given a matching --logger trx), the file is removed
// first so an earlier run's results are never mistaken for this one's.
func RunTests(ctx context.Context, run Exec, dir string, cmd pipeline.Pipeline, trxPath string) (TestReport, error) {
	if trxPath != "" {
		if err := os.Remove(trxPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return TestReport{}, fmt.Errorf("clearing old test results: %w", err)
		}
	}
	out, code, err := run(ctx, dir, cmd)
	if err != nil {
		return TestReport{ExitCode: code}, fmt.Errorf("running tests %s: %w", cmd, err)
	}
	rep := TestReport{ExitCode: code, Build: dotnetout.ParseBuild(bytes.NewReader(out))}
	rep.TestCounts, rep.SummarySeen = dotnetout.ParseTestSummary(bytes.NewReader(out))
	if code != 0 && len(rep.Build.Errors) == 0 {
		rep.Build.Tail = dotnetout.LastLines(out, tailLines)
	}
	if trxPath == "" {
		return rep, nil
	}
	trx, err := dotnetout.ReadTRX(trxPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return rep, nil // a run that stopped early writes none
	case err != nil:
		return rep, err
	}
	rep.TestCounts, rep.SummarySeen = trx.TestCounts, true
	return rep, nil
}
