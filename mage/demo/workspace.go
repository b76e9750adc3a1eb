package demo

import (
	"context"
	"fmt"
	"path/filepath"

	"portwave/mage/audit"
	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/inventory"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// BuildWorkspace lays out a fresh example workspace in dir, as a user would
// with portwave's own targets: the files, a git repository on main, a
// porting.db built by the inventory and the audit, and batch files
// imported from its plan, all committed. It returns the workspace's config.
func BuildWorkspace(ctx context.Context, dir string, getenv config.Getenv) (*config.Config, error) {
	if err := ExtractExample(dir); err != nil {
		return nil, err
	}
	cfg, err := config.Load(filepath.Join(dir, "portwave.yaml"), getenv)
	if err != nil {
		return nil, err
	}
	p, err := plan.ImportDocument(cfg.Plan)
	if err != nil {
		return nil, err
	}
	p.NameDocument(cfg.Dir)
	if err := plan.WriteBatches(cfg.Batches, p); err != nil {
		return nil, err
	}
	if err := buildDB(ctx, cfg, p); err != nil {
		return nil, err
	}
	repo := gitx.Repo{Dir: cfg.Workspace}
	for _, args := range [][]string{{"init", "-q", "-b", cfg.MainBranch},
		{"config", "user.name", IdentityName}, {"config", "user.email", IdentityEmail},
		{"add", "-A"}, {"commit", "-q", "-m", "example workspace"}} {
		if _, err := repo.Run(ctx, args...); err != nil {
			return nil, fmt.Errorf("setting up the example's git repository: %w", err)
		}
	}
	return cfg, nil
}

// buildDB makes porting.db the way a team starts: the inventory numbers
// the Go code, the audit finds what the C# tree already implements, and the
// features the plan lists as its work are marked deferred, the team's
// decision that the plan records (the stubs it adds stay stubs).
func buildDB(ctx context.Context, cfg *config.Config, p *plan.Plan) error {
	decls, err := inventory.Scan(ctx, cfg.GoRoot, inventory.Options{})
	if err != nil {
		return err
	}
	db, err := portdb.Create(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.UpsertItems(ctx, inventory.Merge(nil, decls).Items, "inventory", 0); err != nil {
		return err
	}
	_, err = audit.Run(ctx, db, audit.Options{Root: cfg.AuditRoot, Naming: audit.Naming{ClassMap: cfg.ClassMap}, StubMarker: cfg.StubMarker})
	if err != nil {
		return err
	}
	if err := deferPlanned(ctx, db, p); err != nil {
		return err
	}
	return db.Snapshot(ctx, func() error { return nil }) // fold the WAL in before the file is committed
}

// The example's repository carries its own git identity in its local
// config, so every commit in it (the setup, the agents' commits in their
// worktrees, which share that config, the merges) has an author on a
// machine where git has none configured, and never takes the user's.
const (
	IdentityName  = "portwave example"
	IdentityEmail = "example@portwave.invalid"
)

func deferPlanned(ctx context.Context, db *portdb.DB, p *plan.Plan) error {
	items, err := db.Items(ctx, port.Feature)
	if err != nil {
		return err
	}
	status := map[int]port.Status{}
	for _, it := range items {
		status[it.ID] = it.Status
	}
	var changes []portdb.Change
	for _, b := range p.Batches {
		for _, id := range b.IDs() {
			if status[id] == port.Stub {
				changes = append(changes, portdb.Change{Kind: port.Feature, ID: id, From: port.Stub,
					To: port.Deferred, Reason: fmt.Sprintf("deferred to batch %d by %s", b.ID, filepath.Base(p.Document))})
			}
		}
	}
	return db.ApplyChanges(ctx, changes, 0)
}
