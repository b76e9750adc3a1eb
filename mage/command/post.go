package command

import (
	"context"
	"fmt"

	"portwave/mage/gate"
	"portwave/mage/progress"
	"portwave/mage/run"
)

// Post runs the plan's post-execution steps: the batch gate on main (the
// built-in C# check where there is no compiler), deferred reset to
// unknown, the audit, a porting.db commit and the final report.
func (s *Session) Post(ctx context.Context) error {
	if s.Config.DryRun {
		return s.postDryRun(ctx)
	}
	st, err := s.readPlan(ctx)
	if err != nil {
		return err
	}
	s.warnUnconfined()
	if err := s.recover(ctx); err != nil {
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
	for _, n := range res.Notes {
		fmt.Fprintln(s.Log, n)
	}
	if s.Config.Build == gate.BuiltinCheck {
		fmt.Fprintf(s.Out, "build and tests: not run (build is %s: no compiler here); the built-in C# check scans every .cs file instead\n", gate.BuiltinCheck)
	}
	verdict := "passed"
	if !res.Gate.Passed {
		verdict = "FAILED"
	}
	fmt.Fprintf(s.Out, "gate on %s: %s: %s\n", s.Config.MainBranch, verdict, res.Gate.Summary)
	if res.Gate.TestsRan {
		fmt.Fprintf(s.Out, "tests: %d passed, %d failed, %d skipped\n", res.Gate.Tests.TestCounts.Passed, res.Gate.Tests.Failed, res.Gate.Tests.Skipped)
	}
	fmt.Fprintf(s.Out, "reset %d deferred items to unknown\n", res.Reset)
	if err := s.printAudit(res.Audit); err != nil {
		return closeWith(w, err)
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := s.finalReport(ctx); err != nil {
		return err
	}
	if !res.Gate.Passed {
		return fmt.Errorf("post: the gate failed on %s: %s", s.Config.MainBranch, res.Gate.Summary)
	}
	return nil
}
