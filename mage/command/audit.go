package command

import (
	"context"
	"fmt"

	"portwave/mage/audit"
	"portwave/mage/portdb"
	"portwave/mage/run"
)

func (s *Session) auditOptions(dryRun bool) audit.Options {
	opt := audit.Options{Root: s.Config.AuditRoot, Naming: audit.Naming{ClassMap: s.Config.ClassMap},
		StubMarker: s.Config.StubMarker, Incremental: true, DryRun: dryRun,
		MaxDemote: s.Config.AuditMaxDemote, Force: s.Config.Force, Symbols: s.Config.CSharpSymbols, Configuration: s.Config.CSharpConfiguration, GoRoot: s.Config.GoRoot}
	if s.Config.CSharpRoot != s.Config.AuditRoot {
		opt.Required = []string{s.Config.CSharpRoot}
	}
	return opt
}

// AuditRun audits porting.db against the C# tree and prints what changed.
func (s *Session) AuditRun(ctx context.Context) error {
	return s.auditing(ctx, "audit", func(*portdb.DB) (string, error) { return "audit", nil })
}

// AuditReset is the plan's post-execution step: every deferred item goes
// back to unknown, then the audit decides afresh.
func (s *Session) AuditReset(ctx context.Context) error {
	return s.auditing(ctx, "audit:reset", func(db *portdb.DB) (string, error) {
		n, err := audit.ResetDeferred(ctx, db, s.Config.DryRun)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(s.Out, "reset %d deferred items to unknown\n", n)
		return fmt.Sprintf("audit:reset: %d deferred reset to unknown", n), nil
	})
}

// auditing is a hand-run audit as target name: it holds porting.db as
// its writer, lets before change it first (returning what it did, for the
// commit message), audits, prints the result and commits porting.db as a
// run does.
func (s *Session) auditing(ctx context.Context, name string, before func(*portdb.DB) (string, error)) error {
	release, err := s.writer(ctx, name)
	if err != nil {
		return err
	}
	defer release()
	dw := s.beginDBWrite(ctx)
	db, err := s.OpenDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	what, err := before(db)
	if err != nil {
		return err
	}
	res, err := audit.Run(ctx, db, s.auditOptions(s.Config.DryRun))
	if err != nil {
		return err
	}
	if err := s.printAudit(res); err != nil {
		return err
	}
	return dw.commit(ctx, s, db, run.CommitMessage(what, res))
}

func (s *Session) printAudit(res *audit.Result) error {
	if s.JSON() {
		return audit.WriteJSON(s.Out, res)
	}
	return audit.WriteText(s.Out, res)
}
