package target

import (
	"context"
	"fmt"

	"portwave/mage/progress"
	"portwave/mage/run"
)

// Post runs the plan's post-execution steps: build and tests on main,
// deferred reset to unknown, the audit, a porting.db commit and the final
// report.
func (s *Session) Post(ctx context.Context) error {
	st, err := s.readPlan(ctx)
	if err != nil {
		return err
	}
	w, err := run.Open(ctx, s.Config, run.Options{Command: "post", Plan: st.Plan, Events: progress.Nop{}})
	if err != nil {
		return err
	}
	res, err := w.Post(ctx)
	if err != nil {
		return closeWith(w, err)
	}
	switch {
	case res.NoBuild:
		fmt.Fprintf(s.Out, "build and tests: not run (build is %s: no compiler here)\n", run.BuiltinCheck)
	case res.Tests.SummarySeen:
		fmt.Fprintf(s.Out, "build: %s\n", res.Build.String())
		fmt.Fprintf(s.Out, "tests: %d passed, %d failed, %d skipped\n", res.Tests.TestCounts.Passed, res.Tests.Failed, res.Tests.Skipped)
	default:
		fmt.Fprintf(s.Out, "build: %s\n", res.Build.String())
		fmt.Fprintf(s.Out, "tests: no results (exit %d)\n", res.Tests.ExitCode)
	}
	fmt.Fprintf(s.Out, "reset %d deferred items to unknown\n", res.Reset)
	if err := s.printAudit(res.Audit); err != nil {
		return closeWith(w, err)
	}
	if err := w.Close(); err != nil {
		return err
	}
	return s.finalReport(ctx)
}
