package run

import (
	"context"
	"fmt"
	"path/filepath"

	"portwave/mage/audit"
	"portwave/mage/gate"
)

// PostResult is what the plan's post-execution steps found.
type PostResult struct {
	Gate  gate.Verdict
	Reset int
	Audit *audit.Result
	Notes []string // what was done besides, such as a stale git lock removed
}

// Post runs the plan's post-execution steps on main: the gate (the same
// rules as a batch's, over every file of the C# tree: conflict markers,
// the build or the built-in C# check, the tests), deferred reset to
// unknown, the audit, and a commit of porting.db. A failed gate is
// reported, and the reset and audit still run: they only read the tree.
func (w *Orchestrator) Post(ctx context.Context) (*PostResult, error) {
	res := &PostResult{}
	files, err := w.Repo.Tracked(ctx, filepath.ToSlash(w.csharpRel()))
	if err != nil {
		return nil, err
	}
	res.Gate, err = gate.Judge(ctx, gate.Input{Dir: w.Repo.Dir, Changed: files, Build: w.Config.Build, Test: w.Config.Test,
		Exec: w.Exec, ResultsDir: filepath.Join(w.Config.Worktrees, "results", "post"), StubMarker: w.Config.StubMarker, Symbols: w.Config.CSharpSymbols, Configuration: w.Config.CSharpConfiguration})
	if err != nil {
		return nil, err
	}
	if res.Reset, err = audit.ResetDeferredIn(ctx, w.DB, w.Config.DryRun, w.RunID); err != nil {
		return nil, err
	}
	res.Audit, err = audit.Run(ctx, w.DB, audit.Options{Root: w.Config.AuditRoot, Naming: w.Naming(),
		StubMarker: w.Config.StubMarker, Symbols: w.Config.CSharpSymbols, Configuration: w.Config.CSharpConfiguration, GoRoot: w.Config.GoRoot, Incremental: true, RunID: w.RunID, DryRun: w.Config.DryRun, MaxDemote: w.Config.AuditMaxDemote})
	if err != nil {
		return nil, err
	}
	if !w.Config.DryRun {
		release, err := w.lockMain(ctx, "post")
		if err != nil {
			return nil, err
		}
		defer release()
		if err := w.clearGitLocks(ctx, func(s string) error { res.Notes = append(res.Notes, s); return nil }); err != nil {
			return nil, err
		}
		title := fmt.Sprintf("post-execution: %d deferred reset to unknown, audit", res.Reset)
		if err := w.CommitDB(ctx, CommitMessage(title, res.Audit)); err != nil {
			return nil, err
		}
	}
	return res, nil
}
