package audit_test

import (
	"context"
	"testing"

	"portwave/internal/cstree"
	"portwave/internal/fixture"
	"portwave/mage/audit"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// Batch 46 lists healthz (2230) and Healthz (2231), which both map to
// NatsServer.Healthz: C# holds one such member, so the gate can never see
// two implemented overloads. A mapping override moves 2230 to HealthzCore,
// and the same worktree passes.
func TestWithAMappingOverrideBatch46sGateCanPass(t *testing.T) {
	ctx := context.Background()
	p, err := plan.LoadBatches(fixture.BatchesPath())
	if err != nil {
		t.Fatal(err)
	}
	b46, _ := p.Batch(46)
	override := plan.Mapping{ID: 2230, Member: "HealthzCore"}
	inBatch := map[int]bool{}
	for _, id := range b46.AllIDs() {
		inBatch[id] = true
	}
	shape := func(it port.Item) cstree.Shape {
		if it.Kind == port.Feature && inBatch[it.ID] {
			return cstree.Implemented
		}
		return cstree.ShapeFromStatus(it)
	}
	target := func(it port.Item) (string, string) { // what an agent writes: valid C#
		if it.Kind == port.Feature && it.ID == override.ID {
			return override.Apply(it).DotnetClass, override.Member
		}
		return it.DotnetClass, it.DotnetMember
	}
	gate := func(db *portdb.DB, root string, b plan.Batch) *audit.BatchResult {
		t.Helper()
		items, err := db.Items(ctx, port.Feature)
		if err != nil {
			t.Fatal(err)
		}
		res, err := audit.Batch(ctx, b.MapItems(items), b.AllIDs(), audit.Options{Root: root, Naming: natsnetNaming})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	db := fixture.DB(t)
	root := t.TempDir()
	if _, err := cstree.Write(root, allItems(t, db), cstree.Options{Shape: shape, Target: target}); err != nil {
		t.Fatal(err)
	}
	res := gate(db, root, *b46)
	if res.Done() || res.Total-res.Implemented != 2 {
		t.Fatalf("without an override the gate says %s; want 2230 and 2231 pending", res.Summary())
	}

	t.Run("in the batch file", func(t *testing.T) {
		b := *b46
		b.Mappings = []plan.Mapping{override}
		if res := gate(db, root, b); !res.Done() {
			t.Errorf("gate: %s", res.Summary())
		}
	})
	t.Run("in porting.db", func(t *testing.T) {
		db := fixture.DB(t)
		n, err := db.SetMappings(ctx, []port.Mapping{{Kind: port.Feature, ID: 2230, Member: "HealthzCore"}}, 0)
		if err != nil || n != 1 {
			t.Fatalf("SetMappings: %d, %v", n, err)
		}
		if res := gate(db, root, *b46); !res.Done() {
			t.Errorf("gate: %s", res.Summary())
		}
		var reason, from, to string
		if err := db.Reader().QueryRow(`SELECT reason, old_status, new_status FROM status_history WHERE item_id = 2230 AND kind = 'feature' AND reason LIKE 'mapping%'`).Scan(&reason, &from, &to); err != nil {
			t.Fatal(err)
		}
		if reason != "mapping override: NatsServer.Healthz -> NatsServer.HealthzCore" || from != "deferred" || to != "deferred" {
			t.Errorf("history: %q, %s -> %s", reason, from, to)
		}
	})
}
