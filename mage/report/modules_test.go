package report_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/report"
)

func TestModulesCountEveryStatusJoinTestsToTheirFileAndSkipVanishedItems(t *testing.T) {
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var items []port.Item
	add := func(kind port.Kind, file string, status port.Status, n int, vanished bool) {
		for range n {
			id := len(items) + 1
			items = append(items, port.Item{ID: id, Kind: kind, GoFile: file, GoName: fmt.Sprint("f", id), Status: status, Vanished: vanished})
		}
	}
	for i, st := range port.Statuses { // verified, complete, n/a, stub, deferred, unknown
		add(port.Feature, "a.go", st, i+1, false)
		add(port.Test, "a_test.go", st, 10+i, false)
	}
	add(port.Feature, "a.go", port.Verified, 5, true)
	add(port.Test, "orphan_test.go", port.Unknown, 2, false)
	if err := db.UpsertItems(ctx, items, "inventory", 0); err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(ctx, db, nil, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []report.Module{
		{File: "a.go", TestFile: "a_test.go",
			Features: counts(1, 2, 3, 4, 5, 6), Tests: counts(10, 11, 12, 13, 14, 15), All: counts(11, 13, 15, 17, 19, 21)},
		{File: "orphan_test.go", Tests: counts(0, 0, 0, 0, 0, 2), All: counts(0, 0, 0, 0, 0, 2)},
	}
	if diff := cmp.Diff(want, r.Modules.Entries); diff != "" {
		t.Errorf("modules (-want +got):\n%s", diff)
	}
	if r.Modules.Total != 3 || r.Summary.All.Total != 21+75+2 || r.Open.Total != 15+42+2 {
		t.Errorf("%d files, %d items, %d open; want 3 files, 98 items, 59 open", r.Modules.Total, r.Summary.All.Total, r.Open.Total)
	}
}

// counts builds the StatusCounts of verified, complete, n/a, stub,
// deferred and unknown items.
func counts(v, c, na, s, d, u int) report.StatusCounts {
	done, total := v+c+na, v+c+na+s+d+u
	sc := report.StatusCounts{Verified: v, Complete: c, NA: na, Stub: s, Deferred: d, Unknown: u, Done: done, Total: total}
	if total > 0 {
		sc.Percent = float64(int(float64(done)*1000/float64(total)+0.5)) / 10
	}
	return sc
}
