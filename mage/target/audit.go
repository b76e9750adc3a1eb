package target

import (
	"context"
	"fmt"

	"portwave/mage/audit"
	"portwave/mage/portdb"
)

func (s *Session) auditOptions(dryRun bool) audit.Options {
	return audit.Options{Root: s.Config.CSharpRoot, Naming: audit.Naming{ClassMap: s.Config.ClassMap},
		StubMarker: s.Config.StubMarker, Incremental: true, DryRun: dryRun}
}

// AuditRun audits porting.db against the C# tree and prints what changed.
func (s *Session) AuditRun(ctx context.Context) error {
	db, err := s.OpenDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := audit.Run(ctx, db, s.auditOptions(s.Config.DryRun))
	if err != nil {
		return err
	}
	return s.printAudit(res)
}

func (s *Session) printAudit(res *audit.Result) error {
	if s.JSON() {
		return audit.WriteJSON(s.Out, res)
	}
	return audit.WriteText(s.Out, res)
}

// AuditReset is the plan's post-execution step: every deferred item goes
// back to unknown, then the audit decides afresh.
func (s *Session) AuditReset(ctx context.Context) error {
	db, err := s.OpenDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := resetDeferred(ctx, db, s.Config.DryRun)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "reset %d deferred items to unknown\n", n)
	res, err := audit.Run(ctx, db, s.auditOptions(s.Config.DryRun))
	if err != nil {
		return err
	}
	return s.printAudit(res)
}

// resetDeferred moves every deferred item to unknown, with history.
func resetDeferred(ctx context.Context, db *portdb.DB, dryRun bool) (int, error) {
	var changes []portdb.Change
	for _, k := range []portdb.Kind{portdb.Feature, portdb.Test} {
		items, err := db.Items(ctx, k)
		if err != nil {
			return 0, err
		}
		for _, it := range items {
			if it.Status == portdb.Deferred && !it.Vanished {
				changes = append(changes, portdb.Change{Kind: k, ID: it.ID, From: portdb.Deferred, To: portdb.Unknown,
					Reason: "post-execution reset: deferred to unknown before the final audit"})
			}
		}
	}
	if dryRun || len(changes) == 0 {
		return len(changes), nil
	}
	return len(changes), db.ApplyChanges(ctx, changes, 0)
}
