package portdb_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

func newDB(t *testing.T) *portdb.DB {
	t.Helper()
	db, err := portdb.Create(context.Background(), filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func execSQL(t *testing.T, db *portdb.DB, query string, args ...any) error {
	t.Helper()
	return db.Write(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(query, args...)
		return err
	})
}

func TestEveryStatusOfThePortAndNoOtherFitsEveryStatusColumn(t *testing.T) {
	db := newDB(t)
	if err := execSQL(t, db, `INSERT INTO modules (id, go_file) VALUES (1, 'a.go')`); err != nil {
		t.Fatal(err)
	}
	inserts := map[string]string{
		"features":             `INSERT INTO features (id, module_id, go_name, go_line, go_line_count, status) VALUES (?, 1, 'f', 1, 1, ?)`,
		"unit_tests":           `INSERT INTO unit_tests (id, module_id, go_name, go_line, go_line_count, status) VALUES (?, 1, 't', 1, 1, ?)`,
		"status_history (old)": `INSERT INTO status_history (id, kind, item_id, old_status, new_status, changed_at) VALUES (?, 'feature', 1, ?, 'stub', 'x')`,
		"status_history (new)": `INSERT INTO status_history (id, kind, item_id, old_status, new_status, changed_at) VALUES (?, 'feature', 1, NULL, ?, 'x')`,
	}
	id := 0
	for column, insert := range inserts {
		for _, st := range port.Statuses {
			id++
			if err := execSQL(t, db, insert, id, string(st)); err != nil {
				t.Errorf("%s refuses %q: %v", column, st, err)
			}
		}
		id++
		if err := execSQL(t, db, insert, id, "done"); err == nil {
			t.Errorf("%s takes the status %q, which is not in the set", column, "done")
		}
	}
}

func TestRegressionsAreTheRowsPortsRuleCallsRegressionsForEveryPairOfStatuses(t *testing.T) {
	db := newDB(t)
	froms := append([]port.Status{""}, port.Statuses...) // "" is a first record
	var want []string
	id := 0
	for _, from := range froms {
		for _, to := range port.Statuses {
			id++
			old := sql.NullString{String: string(from), Valid: from != ""}
			if err := execSQL(t, db, `INSERT INTO status_history (id, kind, item_id, old_status, new_status, changed_at) VALUES (?, 'feature', ?, ?, ?, ?)`,
				id, id, old, string(to), fmt.Sprintf("2026-03-01T09:00:00.%09dZ", id)); err != nil {
				t.Fatal(err)
			}
			if port.IsRegression(from, to) {
				want = append(want, string(from)+">"+string(to))
			}
		}
	}
	changes, total, err := db.ItemChanges(context.Background(), portdb.HistoryFilter{RegressionsOnly: true, Limit: id})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, string(c.From)+">"+string(c.To))
	}
	if d := cmp.Diff(want, got); d != "" || total != len(want) {
		t.Errorf("regressions (total %d) differ from port.IsRegression (-want +got):\n%s", total, d)
	}
}

func TestModuleCountsCountEveryStatusOfTheSetAndLeaveOutVanishedItems(t *testing.T) {
	db := newDB(t)
	if err := execSQL(t, db, `INSERT INTO modules (id, go_file) VALUES (1, 'a.go'), (2, 'b.go')`); err != nil {
		t.Fatal(err)
	}
	var want []portdb.ModuleCount
	id := 0
	add := func(module int, st port.Status, vanished int) {
		id++
		if err := execSQL(t, db, `INSERT INTO features (id, module_id, go_name, go_line, go_line_count, status, vanished) VALUES (?, ?, 'f', 1, 1, ?, ?)`,
			id, module, string(st), vanished); err != nil {
			t.Fatal(err)
		}
	}
	for i, st := range port.Statuses { // a.go: i+1 items of the i-th status
		for range i + 1 {
			add(1, st, 0)
		}
		add(1, st, 1)
		want = append(want, portdb.ModuleCount{GoFile: "a.go", Kind: port.Feature, Status: st, Count: i + 1})
	}
	add(2, port.Unknown, 0)
	want = append(want, portdb.ModuleCount{GoFile: "b.go", Kind: port.Feature, Status: port.Unknown, Count: 1})
	got, err := db.ModuleCounts(context.Background(), port.Feature)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("module counts (-want +got):\n%s", d)
	}
}
