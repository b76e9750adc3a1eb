package callgraph_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/callgraph"
	"portwave/mage/inventory"
)

func TestEdgesNameCallersAndCalleesByTheInventorysIDs(t *testing.T) {
	ctx := context.Background()
	root := writeTree(t, fixture)
	decls, err := inventory.Scan(ctx, root, inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	items := inventory.Merge(nil, decls).Items
	g, err := callgraph.Build(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	name := map[int]string{}
	for _, it := range items {
		name[it.ID] = it.GoFile + " " + it.GoQualifiedName()
	}
	var got []string
	for _, e := range g.Edges(items) {
		got = append(got, fmt.Sprintf("%s -> %s at %s", name[e.From], name[e.To], e.Pos))
	}
	want := []string{}
	for _, n := range g.Nodes {
		for _, c := range n.Calls {
			want = append(want, fmt.Sprintf("%s %s -> %s %s at %s", n.File, n.Key, c.Callee.File, c.Callee, c.Pos))
		}
	}
	// Edges go by caller ID: the inventory's order, not the graph's.
	if len(got) != len(want) || len(got) != 12 {
		t.Fatalf("%d edges, %d calls, want 12 of each:\n%v", len(got), len(want), got)
	}
	gotSet, wantSet := map[string]bool{}, map[string]bool{}
	for i := range got {
		gotSet[got[i]], wantSet[want[i]] = true, true
	}
	if diff := cmp.Diff(wantSet, gotSet); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
}
