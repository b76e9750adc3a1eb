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
	// NoBuild: the build is BuiltinCheck (no compiler here), so neither
	// the build nor the tests ran.
	NoBuild bool
	Reset   int
	Audit   *audit.Result
}

// Post runs the plan's post-execution steps on main: the build, the tests,
// deferred reset to unknown, the audit, and a commit of porting.db. A
// failed build or test run is reported, and the reset and audit still run:
// they only read the tree.
func (w *Workspace) Post(ctx context.Context) (*PostResult, error) {
	res := &PostResult{}
	if err := w.postBuild(ctx, res); err != nil {
		return nil, err
	}
	var err error
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

// postBuild runs the build and the tests on main, unless the build is
// BuiltinCheck: that check looks at a batch's changes, and there is no
// compiler to build the whole tree with.
func (w *Workspace) postBuild(ctx context.Context, res *PostResult) error {
	if w.Config.Build == BuiltinCheck {
		res.NoBuild = true
		return nil
	}
	argv, err := split(w.Config.Build)
	if err != nil {
		return fmt.Errorf("build command: %w", err)
	}
	if res.Build, _, err = gate.RunBuild(ctx, w.Exec, w.Repo.Dir, argv); err != nil {
		return err
	}
	res.Tests, err = (&job{w: w}).tests(ctx, w.Repo.Dir, "post")
	return err
}
