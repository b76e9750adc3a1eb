package command

import (
	"context"
	"errors"
	"fmt"
	"os"

	"portwave/mage/config"
	"portwave/mage/inventory"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// Inventory scans the Go tree and merges it into porting.db: existing IDs
// stay, new declarations are appended, missing ones are marked vanished.
// In a database that tracks statuses the tracked items are its scope: new
// declarations are listed rather than added, and a tracked item the tree
// no longer has refuses the whole inventory, unless PORTWAVE_FORCE=1.
func (s *Session) Inventory(ctx context.Context) error {
	release, err := s.writer(ctx, "inventory")
	if err != nil {
		return err
	}
	defer release()
	dw := s.beginDBWrite(ctx)
	res, left, err := runInventory(ctx, s.Config.GoRoot, s.Config.DB, inventoryOptions{
		dryRun: s.Config.DryRun, force: s.Config.Force,
		scope: inventory.Scope{Include: s.Config.InventoryInclude, Exclude: s.Config.InventoryExclude}})
	if err != nil {
		return err
	}
	verb := "wrote"
	if s.Config.DryRun {
		verb = "would write (dry run)"
	}
	for _, k := range []port.Kind{port.Feature, port.Test} {
		t := res.ByKind[k]
		fmt.Fprintf(s.Out, "%ss: %d added, %d updated, %d unchanged, %d revived, %d vanished (%d still vanished)\n",
			k, t.Added, t.Updated, t.Unchanged, t.Revived, t.Vanished, t.StillVanished)
	}
	fmt.Fprintf(s.Out, "%s %d items to %s\n", verb, len(res.Items), s.Config.DB)
	if len(left.Added) > 0 {
		fmt.Fprintf(s.Out, "not added: %d declarations of the Go tree that porting.db does not track (its items are the tracker's scope); %s=1 adds them, and these inventory_exclude lines leave them out for good:\n", len(left.Added), config.ForceEnv)
		for _, l := range left.Excludes() {
			fmt.Fprintf(s.Out, "  - %s\n", l)
		}
	}
	if s.Config.DryRun {
		return nil
	}
	db, err := s.OpenDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	t := res.Tally
	return dw.commit(ctx, s, db, fmt.Sprintf("portwave: inventory: %d added, %d updated, %d vanished", t.Added, t.Updated, t.Vanished))
}

// inventoryOptions tunes runInventory.
type inventoryOptions struct {
	dryRun, force bool
	scope         inventory.Scope
}

// runInventory is the inventory without output. porting.db is created
// when missing. In a tracked database, what it did not add is returned
// as left.
func runInventory(ctx context.Context, goRoot, dbPath string, opt inventoryOptions) (res inventory.Result, left inventory.Diff, err error) {
	decls, err := inventory.Scan(ctx, goRoot, inventory.Options{Scope: opt.scope})
	if err != nil {
		return res, left, fmt.Errorf("inventory of %s: %w", goRoot, err)
	}
	var db *portdb.DB
	if _, statErr := os.Stat(dbPath); errors.Is(statErr, os.ErrNotExist) {
		if opt.dryRun {
			return inventory.Merge(nil, decls), left, nil
		}
		db, err = portdb.Create(ctx, dbPath)
	} else {
		db, err = portdb.Open(ctx, dbPath)
	}
	if err != nil {
		return res, left, err
	}
	defer db.Close()
	var existing []port.Item
	for _, k := range []port.Kind{port.Feature, port.Test} {
		items, err := db.Items(ctx, k)
		if err != nil {
			return res, left, err
		}
		existing = append(existing, items...)
	}
	res = inventory.Merge(existing, decls)
	d := inventory.Compare(existing, res.Items)
	if !opt.force && d.Tracked && d.Changes() > 0 {
		if len(d.Vanished) > 0 {
			// A tracked item the tree lacks says go_root or the scope is
			// wrong more often than that the code moved on: nothing is
			// written until someone says which.
			return res, left, &inventory.ScopeChangeError{Diff: d, ForceEnv: config.ForceEnv}
		}
		res, left = withoutAdded(res, d), d
	}
	if opt.dryRun {
		return res, left, nil
	}
	changed := inventory.Changed(existing, res.Items)
	if len(changed) == 0 {
		return res, left, nil // nothing to write: porting.db is left as it is
	}
	return res, left, db.UpsertItems(ctx, changed, "inventory", 0)
}

// withoutAdded is res less the items d says it added: the tracked items
// with what the scan found of them.
func withoutAdded(res inventory.Result, d inventory.Diff) inventory.Result {
	type key struct {
		kind port.Kind
		id   int
	}
	added := map[key]bool{}
	for _, it := range d.Added {
		added[key{it.Kind, it.ID}] = true
	}
	kept := res.Items[:0:0]
	for _, it := range res.Items {
		if !added[key{it.Kind, it.ID}] {
			kept = append(kept, it)
		}
	}
	res.Items = kept
	res.Tally.Added -= len(d.Added)
	byKind := map[port.Kind]inventory.Tally{}
	for k, t := range res.ByKind {
		byKind[k] = t
	}
	for _, it := range d.Added {
		t := byKind[it.Kind]
		t.Added--
		byKind[it.Kind] = t
	}
	res.ByKind = byKind
	return res
}
