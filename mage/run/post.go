package run

import (
	"context"
	"fmt"

	"portwave/mage/audit"
	"portwave/mage/gate"
)

// PostResult is what the plan's post-execution steps found.
type PostResult struct {
	Build gate.BuildResult
	Tests gate.TestReport
	Reset int
	Audit *audit.Result
}

// Post runs the plan's post-execution steps on main: the build, the tests,
// deferred reset to unknown, the audit, and a commit of porting.db. A
// failed build or test run is reported, and the reset and audit still run:
// they only read the tree.
func (w *Workspace) Post(ctx context.Context) (*PostResult, error) {
	res := &PostResult{}
	j := &job{w: w}
	argv, err := split(w.Config.Build)
	if err != nil {
		return nil, fmt.Errorf("build command: %w", err)
	}
	if res.Build, _, err = gate.RunBuild(ctx, w.Exec, w.Repo.Dir, argv); err != nil {
		return nil, err
	}
	if res.Tests, err = j.tests(ctx, w.Repo.Dir, "post"); err != nil {
		return nil, err
	}
	if res.Reset, err = audit.ResetDeferredIn(ctx, w.DB, w.Config.DryRun, w.RunID); err != nil {
		return nil, err
	}
	res.Audit, err = audit.Run(ctx, w.DB, audit.Options{Root: w.Config.AuditRoot, Naming: w.Naming(),
		StubMarker: w.Config.StubMarker, Symbols: w.Config.CSharpSymbols, GoRoot: w.Config.GoRoot, Incremental: true, RunID: w.RunID, DryRun: w.Config.DryRun, MaxDemote: w.Config.AuditMaxDemote})
	if err != nil {
		return nil, err
	}
	if !w.Config.DryRun {
		title := fmt.Sprintf("post-execution: %d deferred reset to unknown, audit", res.Reset)
		if err := w.CommitDB(ctx, CommitMessage(title, res.Audit)); err != nil {
			return nil, err
		}
	}
	return res, nil
}
