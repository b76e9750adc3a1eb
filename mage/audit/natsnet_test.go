package audit_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/cstree"
	"portwave/internal/fixture"
	"portwave/mage/audit"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

var natsnetNaming = audit.Naming{ClassMap: map[string]string{"Server": "NatsServer", "client": "ClientConnection", "mqttJSA": "MqttJsa"}}

func allItems(t testing.TB, db *portdb.DB) []port.Item {
	t.Helper()
	var items []port.Item
	for _, k := range []port.Kind{port.Feature, port.Test} {
		its, err := db.Items(context.Background(), k)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, its...)
	}
	return items
}

func statuses(items []port.Item) map[string]port.Status {
	m := map[string]port.Status{}
	for _, it := range items {
		m[string(it.Kind)+" "+itoa(it.ID)] = it.Status
	}
	return m
}

func itoa(n int) string {
	return string(rune('0'+n/1000%10)) + string(rune('0'+n/100%10)) + string(rune('0'+n/10%10)) + string(rune('0'+n%10))
}

func TestTheAuditOfANatsNetShapedTreeKeepsEveryFixtureStatus(t *testing.T) {
	ctx := context.Background()
	db := fixture.DB(t)
	before := allItems(t, db)
	root := t.TempDir()
	if _, err := cstree.Write(root, before, cstree.Options{}); err != nil {
		t.Fatal(err)
	}
	opt := audit.Options{Root: root, Naming: natsnetNaming}
	for run := 1; run <= 2; run++ {
		res, err := audit.Run(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Changes) != 0 || len(res.Failed) != 0 {
			t.Fatalf("run %d changed %d items (first: %+v), %d files failed", run, len(res.Changes), first(res.Changes), len(res.Failed))
		}
		if len(res.Invisible) != 22 {
			t.Errorf("run %d listed %d complete items the mapping cannot see, want 22", run, len(res.Invisible))
		}
	}
	if d := cmp.Diff(statuses(before), statuses(allItems(t, db))); d != "" {
		t.Errorf("statuses changed (-fixture +audited):\n%s", d)
	}
}

// Wiping what the audit can decide back to unknown and auditing again
// must find every implemented member (no missed member) and promote no
// stub (no false promotion).
func TestTheAuditFindsEveryImplementedMemberAndPromotesNoStub(t *testing.T) {
	ctx := context.Background()
	db := fixture.DB(t)
	items := allItems(t, db)
	root := t.TempDir()
	if _, err := cstree.Write(root, items, cstree.Options{}); err != nil {
		t.Fatal(err)
	}
	var wipe []portdb.Change
	for _, it := range items {
		if it.Status == port.Verified || it.Status == port.Stub {
			wipe = append(wipe, portdb.Change{Kind: it.Kind, ID: it.ID, From: it.Status, To: port.Unknown, Reason: "test wipe"})
		}
	}
	if err := db.ApplyChanges(ctx, wipe, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := audit.Run(ctx, db, audit.Options{Root: root, Naming: natsnetNaming}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(statuses(items), statuses(allItems(t, db))); d != "" {
		t.Errorf("statuses after re-audit (-fixture +audited):\n%s", d)
	}
}

func TestImplementingEveryBatchReachesThePlansExpectedOutcome(t *testing.T) {
	ctx := context.Background()
	db := fixture.DB(t)
	items := allItems(t, db)
	p, err := plan.LoadBatches(fixture.BatchesPath())
	if err != nil {
		t.Fatal(err)
	}
	inPlan := map[int]bool{}
	for _, b := range p.Batches {
		for _, id := range b.AllIDs() {
			inPlan[id] = true
		}
	}
	root := t.TempDir()
	shape := func(it port.Item) cstree.Shape {
		if it.Kind == port.Feature && inPlan[it.ID] {
			return cstree.Implemented
		}
		return cstree.ShapeFromStatus(it)
	}
	if _, err := cstree.Write(root, items, cstree.Options{Shape: shape}); err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run(ctx, db, audit.Options{Root: root, Naming: natsnetNaming})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Regressions) != 0 || len(res.Promotions) != 364 {
		t.Errorf("promoted %d (want 364 = 363 deferred + 1 stub), %d regressions", len(res.Promotions), len(res.Regressions))
	}
	counts, _ := db.Counts(ctx, port.Feature)
	want := map[port.Status]int{port.Verified: 3627, port.Complete: 22, port.NA: 24}
	if d := cmp.Diff(want, counts); d != "" {
		t.Errorf("feature counts (-want +got):\n%s", d)
	}
}

func first(cs []portdb.Change) any {
	if len(cs) == 0 {
		return nil
	}
	return cs[0]
}
