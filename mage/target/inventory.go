package target

import (
	"context"
	"errors"
	"fmt"
	"os"

	"portwave/mage/config"
	"portwave/mage/inventory"
	"portwave/mage/portdb"
)

// Inventory scans the Go tree and merges it into porting.db: existing IDs
// stay, new declarations are appended, missing ones are marked vanished.
func (s *Session) Inventory(ctx context.Context) error {
	release, err := s.writer(ctx, "inventory")
	if err != nil {
		return err
	}
	defer release()
	res, err := runInventory(ctx, s.Config.GoRoot, s.Config.DB, inventoryOptions{
		dryRun: s.Config.DryRun, force: s.Config.Force,
		scope: inventory.Scope{Include: s.Config.InventoryInclude, Exclude: s.Config.InventoryExclude}})
	if err != nil {
		return err
	}
	verb := "wrote"
	if s.Config.DryRun {
		verb = "would write (dry run)"
	}
	for _, k := range []portdb.Kind{portdb.Feature, portdb.Test} {
		t := res.ByKind[k]
		fmt.Fprintf(s.Out, "%ss: %d added, %d updated, %d unchanged, %d revived, %d vanished (%d still vanished)\n",
			k, t.Added, t.Updated, t.Unchanged, t.Revived, t.Vanished, t.StillVanished)
	}
	fmt.Fprintf(s.Out, "%s %d items to %s\n", verb, len(res.Items), s.Config.DB)
	return nil
}

// inventoryOptions tunes runInventory.
type inventoryOptions struct {
	dryRun, force bool
	scope         inventory.Scope
}

// runInventory is the inventory without output, shared with the example
// workspace setup. porting.db is created when missing.
func runInventory(ctx context.Context, goRoot, dbPath string, opt inventoryOptions) (inventory.Result, error) {
	dryRun := opt.dryRun
	decls, err := inventory.Scan(ctx, goRoot, inventory.Options{Scope: opt.scope})
	if err != nil {
		return inventory.Result{}, fmt.Errorf("inventory of %s: %w", goRoot, err)
	}
	var db *portdb.DB
	if _, statErr := os.Stat(dbPath); errors.Is(statErr, os.ErrNotExist) {
		if dryRun {
			return inventory.Merge(nil, decls), nil
		}
		db, err = portdb.Create(ctx, dbPath)
	} else {
		db, err = portdb.Open(ctx, dbPath)
	}
	if err != nil {
		return inventory.Result{}, err
	}
	defer db.Close()
	var existing []portdb.Item
	for _, k := range []portdb.Kind{portdb.Feature, portdb.Test} {
		items, err := db.Items(ctx, k)
		if err != nil {
			return inventory.Result{}, err
		}
		existing = append(existing, items...)
	}
	res := inventory.Merge(existing, decls)
	if dryRun {
		return res, nil
	}
	if d := inventory.Compare(existing, res.Items); !opt.force && d.Tracked && d.Changes() > 0 {
		return res, &inventory.ScopeChangeError{Diff: d, ForceEnv: config.ForceEnv}
	}
	changed := inventory.Changed(existing, res.Items)
	if len(changed) == 0 {
		return res, nil // nothing to write: porting.db is left as it is
	}
	return res, db.UpsertItems(ctx, changed, "inventory", 0)
}
