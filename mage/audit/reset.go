package audit

import (
	"context"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

// ResetDeferred is the plan's post-execution step: every deferred item goes
// back to unknown (with history), so that the audit that follows decides
// its status from the tree alone. It returns how many items moved. The
// changes are recorded under a run of their own.
func ResetDeferred(ctx context.Context, db *portdb.DB, dryRun bool) (int, error) {
	return ResetDeferredIn(ctx, db, dryRun, 0)
}

// ResetDeferredIn is ResetDeferred recorded under runID (0: a run of its own).
func ResetDeferredIn(ctx context.Context, db *portdb.DB, dryRun bool, runID int64) (int, error) {
	var changes []portdb.Change
	for _, k := range []port.Kind{port.Feature, port.Test} {
		items, err := db.Items(ctx, k)
		if err != nil {
			return 0, err
		}
		for _, it := range items {
			if it.Status == port.Deferred && !it.Vanished {
				changes = append(changes, portdb.Change{Kind: k, ID: it.ID, From: port.Deferred, To: port.Unknown,
					Reason: "post-execution reset: deferred to unknown before the final audit"})
			}
		}
	}
	if dryRun || len(changes) == 0 {
		return len(changes), nil
	}
	res := &Result{Changes: changes}
	return len(changes), res.apply(ctx, db, runID)
}
