package inventory_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/inventory"
	"portwave/mage/port"
)

// feat and test build scanned declarations; "Recv.Name" or "Name".
func feat(file, name string, line, count int) inventory.Decl {
	return decl(port.Feature, file, name, line, count)
}

func test(file, name string, line, count int) inventory.Decl {
	return decl(port.Test, file, name, line, count)
}

func decl(kind port.Kind, file, name string, line, count int) inventory.Decl {
	recv, fn := splitName(name)
	return inventory.Decl{Kind: kind, GoFile: file, GoReceiver: recv, GoName: fn, GoLine: line, GoLineCount: count}
}

func splitName(name string) (recv, fn string) {
	if recv, fn, ok := strings.Cut(name, "."); ok {
		return recv, fn
	}
	return "", name
}

// tracked is an item the database already holds, ported and mapped, so the
// test sees that a merge keeps status and mapping.
func tracked(id int, d inventory.Decl) port.Item {
	return port.Item{
		ID: id, Kind: d.Kind, GoFile: d.GoFile, GoReceiver: d.GoReceiver, GoName: d.GoName,
		GoLine: d.GoLine, GoLineCount: d.GoLineCount,
		DotnetClass: "C" + d.GoReceiver, DotnetMember: "M" + d.GoName, Status: port.Verified,
	}
}

// fresh is what Merge makes of a new declaration.
func fresh(id int, d inventory.Decl) port.Item {
	return port.Item{
		ID: id, Kind: d.Kind, GoFile: d.GoFile, GoReceiver: d.GoReceiver, GoName: d.GoName,
		GoLine: d.GoLine, GoLineCount: d.GoLineCount, Status: port.Unknown,
	}
}

func gone(it port.Item) port.Item { it.Vanished = true; return it }

func TestMergeKeepsIDsAppendsNewItemsAndMarksVanishedOnes(t *testing.T) {
	a1 := feat("a.go", "newA", 10, 5)
	a2 := feat("a.go", "Server.Start", 20, 30)
	b1 := feat("b.go", "helper", 3, 4)
	t1 := test("a_test.go", "TestA", 8, 10)
	t2 := test("a_test.go", "TestB", 20, 10)
	shifted := func(d inventory.Decl, by int) inventory.Decl { d.GoLine += by; return d }
	moved := func(d inventory.Decl, file string) inventory.Decl { d.GoFile = file; return d }

	tests := []struct {
		name     string
		existing []port.Item
		scanned  []inventory.Decl
		want     []port.Item
		tally    inventory.Tally
	}{
		{
			name:    "a first run numbers features and tests separately in scan order",
			scanned: []inventory.Decl{a1, a2, t1, b1, t2},
			want:    []port.Item{fresh(1, a1), fresh(2, a2), fresh(3, b1), fresh(1, t1), fresh(2, t2)},
			tally:   inventory.Tally{Added: 5},
		},
		{
			name:     "a re-run of the same tree changes nothing",
			existing: []port.Item{tracked(1, a1), tracked(2, a2), tracked(3, b1), tracked(7, t1), tracked(8, t2)},
			scanned:  []inventory.Decl{a1, a2, b1, t1, t2},
			want:     []port.Item{tracked(1, a1), tracked(2, a2), tracked(3, b1), tracked(7, t1), tracked(8, t2)},
			tally:    inventory.Tally{Unchanged: 5},
		},
		{
			name:     "shifted lines update the location and keep status and mapping",
			existing: []port.Item{tracked(1, a1), tracked(2, a2)},
			scanned:  []inventory.Decl{shifted(a1, 3), shifted(a2, 3)},
			want:     []port.Item{tracked(1, shifted(a1, 3)), tracked(2, shifted(a2, 3))},
			tally:    inventory.Tally{Updated: 2},
		},
		{
			name:     "a new function in the middle of a file is appended after the highest ID",
			existing: []port.Item{tracked(1, a1), tracked(5, b1), gone(tracked(9, feat("c.go", "old", 1, 1))), tracked(4, t1)},
			scanned:  []inventory.Decl{a1, feat("a.go", "inserted", 12, 2), b1, t1, t2},
			want: []port.Item{
				tracked(1, a1), tracked(5, b1), gone(tracked(9, feat("c.go", "old", 1, 1))),
				fresh(10, feat("a.go", "inserted", 12, 2)), tracked(4, t1), fresh(5, t2),
			},
			tally: inventory.Tally{Added: 2, Unchanged: 3, StillVanished: 1},
		},
		{
			name:     "a deleted function is marked vanished, not dropped",
			existing: []port.Item{tracked(1, a1), tracked(2, a2), tracked(1, t1)},
			scanned:  []inventory.Decl{a2},
			want:     []port.Item{gone(tracked(1, a1)), tracked(2, a2), gone(tracked(1, t1))},
			tally:    inventory.Tally{Unchanged: 1, Vanished: 2},
		},
		{
			name:     "a vanished function that comes back is revived under its old ID",
			existing: []port.Item{gone(tracked(1, a1)), tracked(2, a2)},
			scanned:  []inventory.Decl{shifted(a1, 40), a2},
			want:     []port.Item{tracked(1, shifted(a1, 40)), tracked(2, a2)},
			tally:    inventory.Tally{Revived: 1, Unchanged: 1},
		},
		{
			name:     "a function moved to another file keeps its ID",
			existing: []port.Item{tracked(1, a1), tracked(2, a2), tracked(3, b1), tracked(1, t1)},
			scanned:  []inventory.Decl{a1, b1, moved(a2, "server.go"), moved(t1, "b_test.go")},
			want:     []port.Item{tracked(1, a1), tracked(2, moved(a2, "server.go")), tracked(3, b1), tracked(1, moved(t1, "b_test.go"))},
			tally:    inventory.Tally{Updated: 2, Unchanged: 2},
		},
		{
			name:     "a vanished function found in another file is revived there",
			existing: []port.Item{gone(tracked(2, a2))},
			scanned:  []inventory.Decl{moved(a2, "server.go")},
			want:     []port.Item{tracked(2, moved(a2, "server.go"))},
			tally:    inventory.Tally{Revived: 1},
		},
		{
			name:     "a move with two candidates is not guessed",
			existing: []port.Item{tracked(1, feat("a.go", "Server.String", 1, 3))},
			scanned:  []inventory.Decl{feat("b.go", "Server.String", 1, 3), feat("c.go", "Server.String", 1, 3)},
			want: []port.Item{
				gone(tracked(1, feat("a.go", "Server.String", 1, 3))),
				fresh(2, feat("b.go", "Server.String", 1, 3)), fresh(3, feat("c.go", "Server.String", 1, 3)),
			},
			tally: inventory.Tally{Added: 2, Vanished: 1},
		},
		{
			name:     "a move from two files at once is not guessed either",
			existing: []port.Item{tracked(1, feat("a.go", "clamp", 1, 3)), tracked(2, feat("b.go", "clamp", 1, 3))},
			scanned:  []inventory.Decl{feat("c.go", "clamp", 1, 3)},
			want: []port.Item{
				gone(tracked(1, feat("a.go", "clamp", 1, 3))), gone(tracked(2, feat("b.go", "clamp", 1, 3))),
				fresh(3, feat("c.go", "clamp", 1, 3)),
			},
			tally: inventory.Tally{Added: 1, Vanished: 2},
		},
		{
			name:     "the same name on another receiver is another function",
			existing: []port.Item{tracked(1, feat("a.go", "client.close", 5, 3))},
			scanned:  []inventory.Decl{feat("a.go", "Server.close", 5, 3)},
			want:     []port.Item{gone(tracked(1, feat("a.go", "client.close", 5, 3))), fresh(2, feat("a.go", "Server.close", 5, 3))},
			tally:    inventory.Tally{Added: 1, Vanished: 1},
		},
		{
			name:     "several init in one file pair up in order and a third one is new",
			existing: []port.Item{tracked(4, feat("a.go", "init", 50, 2)), tracked(3, feat("a.go", "init", 10, 2))},
			scanned:  []inventory.Decl{feat("a.go", "init", 12, 2), feat("a.go", "init", 30, 2), feat("a.go", "init", 52, 2)},
			want: []port.Item{
				tracked(3, feat("a.go", "init", 12, 2)), tracked(4, feat("a.go", "init", 30, 2)),
				fresh(5, feat("a.go", "init", 52, 2)),
			},
			tally: inventory.Tally{Added: 1, Updated: 2},
		},
		{
			name: "a live init is paired before a vanished one",
			existing: []port.Item{
				gone(tracked(1, feat("a.go", "init", 5, 2))), tracked(2, feat("a.go", "init", 40, 2)),
			},
			scanned: []inventory.Decl{feat("a.go", "init", 40, 2)},
			want: []port.Item{
				gone(tracked(1, feat("a.go", "init", 5, 2))), tracked(2, feat("a.go", "init", 40, 2)),
			},
			tally: inventory.Tally{Unchanged: 1, StillVanished: 1},
		},
		{
			name:     "an init is never taken as moved",
			existing: []port.Item{tracked(1, feat("a.go", "init", 5, 2))},
			scanned:  []inventory.Decl{feat("b.go", "init", 5, 2)},
			want:     []port.Item{gone(tracked(1, feat("a.go", "init", 5, 2))), fresh(2, feat("b.go", "init", 5, 2))},
			tally:    inventory.Tally{Added: 1, Vanished: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.existing)
			res := inventory.Merge(tt.existing, tt.scanned)
			if diff := cmp.Diff(tt.want, res.Items); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.tally, res.Tally); diff != "" {
				t.Errorf("tally (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, tt.existing); diff != "" {
				t.Errorf("Merge changed its input (-before +after):\n%s", diff)
			}
			checkTally(t, res, len(tt.existing), len(tt.scanned))
		})
	}
}

// checkTally checks that the tally accounts for every input exactly once.
func checkTally(t *testing.T, res inventory.Result, existing, scanned int) {
	t.Helper()
	var sum inventory.Tally
	for _, k := range res.ByKind {
		sum.Added += k.Added
		sum.Updated += k.Updated
		sum.Unchanged += k.Unchanged
		sum.Revived += k.Revived
		sum.Vanished += k.Vanished
		sum.StillVanished += k.StillVanished
	}
	if diff := cmp.Diff(res.Tally, sum); diff != "" {
		t.Errorf("the tally is not the sum of the tallies by kind (-total +sum):\n%s", diff)
	}
	tl := res.Tally
	if got := tl.Added + tl.Updated + tl.Unchanged + tl.Revived; got != scanned {
		t.Errorf("tally accounts for %d declarations, want %d", got, scanned)
	}
	if got := tl.Updated + tl.Unchanged + tl.Revived + tl.Vanished + tl.StillVanished; got != existing {
		t.Errorf("tally accounts for %d existing items, want %d", got, existing)
	}
	if got := len(res.Items); got != existing+tl.Added {
		t.Errorf("%d items, want %d existing + %d added", got, existing, tl.Added)
	}
}

func TestMergeSplitsTheTallyByKind(t *testing.T) {
	existing := []port.Item{tracked(1, feat("a.go", "f", 1, 1)), tracked(1, test("a_test.go", "TestF", 1, 1))}
	res := inventory.Merge(existing, []inventory.Decl{feat("a.go", "f", 1, 1), feat("a.go", "g", 3, 1)})
	want := map[port.Kind]inventory.Tally{
		port.Feature: {Added: 1, Unchanged: 1},
		port.Test:    {Vanished: 1},
	}
	if diff := cmp.Diff(want, res.ByKind); diff != "" {
		t.Errorf("ByKind (-want +got):\n%s", diff)
	}
}
