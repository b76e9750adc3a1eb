package command_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/gotree"
	"portwave/mage/command"
	"portwave/mage/inventory"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// An inventory over the tracked NatsNet database that would add items (a
// Go tree wider than the tracker) is refused and writes nothing; forced,
// it writes them.
func TestAnInventoryThatWouldMoveTheHeadlineNeedsForce(t *testing.T) {
	goRoot := t.TempDir()
	for name, text := range map[string]string{
		"main.go":           "package main\n\nfunc main() {}\n",
		"server/pse/pse.go": "package pse\n\nfunc ProcUsage() {}\n",
		"server/extra.go":   "package server\n\nfunc extraHelper() {}\n",
	} {
		path := filepath.Join(goRoot, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e, dbPath := natsnet(t, env{"PORTWAVE_GO_ROOT": goRoot})
	read := func() []byte {
		b, err := os.ReadFile(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		wal, _ := os.ReadFile(dbPath + "-wal")
		return append(b, wal...)
	}
	before := read()
	s, _, _ := session(t, e)
	err := s.Inventory(context.Background())
	var refused *inventory.ScopeChangeError
	if !errors.As(err, &refused) {
		t.Fatalf("inventory returned %v; want a refusal", err)
	}
	// Every tracked item of the fixture is missing from this small tree;
	// NatsNet's scope (docs/natsnet.yaml) leaves main.go and server/pse out,
	// so only server/extra.go is added.
	if len(refused.Diff.Added) != 1 || refused.Diff.Added[0].GoFile != "server/extra.go" || len(refused.Diff.Vanished) != 6942 || !strings.Contains(err.Error(), "PORTWAVE_FORCE=1") {
		t.Errorf("refusal: %d added, %d removed:\n%.600s", len(refused.Diff.Added), len(refused.Diff.Vanished), err)
	}
	if !bytes.Equal(before, read()) {
		t.Error("porting.db changed")
	}
	e["PORTWAVE_FORCE"] = "1"
	s, out, _ := session(t, e)
	if err := s.Inventory(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "features: 1 added, 0 updated") {
		t.Errorf("forced inventory said %q", out)
	}
}

// A fresh inventory of a tree shaped like nats-server v2.12.4, whole files
// and parts of files the tracker leaves out included, adds and removes
// nothing under NatsNet's scope (docs/natsnet.yaml), and finds every item
// where the tracker has it: porting.db stays as it was.
func TestAnInventoryOfANatsServerShapedTreeUnderNatsNetsScopeChangesNothing(t *testing.T) {
	e, dbPath := natsnet(t, env{"PORTWAVE_GO_ROOT": gotree.Tree(t, true)})
	before, writes := itemRows(t, dbPath), itemWrites(t, dbPath)
	s, out, _ := session(t, e)
	if err := s.Inventory(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"features: 0 added, 0 updated, 3673 unchanged, 0 revived, 0 vanished",
		"tests: 0 added, 0 updated, 3269 unchanged, 0 revived, 0 vanished"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("inventory said %q, want %q", out, want)
		}
	}
	if diff := cmp.Diff(before, itemRows(t, dbPath)); diff != "" {
		t.Errorf("porting.db's items changed (-before +after):\n%s", diff)
	}
	// Nothing changed, so nothing was written: a re-run costs the scan.
	if got := itemWrites(t, dbPath); got != writes {
		t.Errorf("the inventory wrote %d rows of items that did not change", got-writes)
	}
}

// itemWrites is porting.db's count of writes to its items (item_changes).
func itemWrites(t *testing.T, dbPath string) int {
	t.Helper()
	db, err := portdb.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.Reader().QueryRow(`SELECT n FROM item_changes`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// itemRows is every item of porting.db as text, in ID order.
func itemRows(t *testing.T, dbPath string) []string {
	t.Helper()
	db, err := portdb.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rows []string
	for _, k := range []port.Kind{port.Feature, port.Test} {
		items, err := db.Items(context.Background(), k)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			rows = append(rows, fmt.Sprintf("%+v", it))
		}
	}
	return rows
}

// After a tracker's import the inventory fills in what the tracker lacks
// for its items (here their line numbers) and keeps the tracker's scope: a
// function the tracker does not have is listed with the inventory_exclude
// line that leaves it out, not added; forced, it is added.
func TestAnInventoryAfterAnImportFillsInTheTrackedItemsAndListsTheRest(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go/cart.go":    "package cart\n\nfunc Total() int { return 0 }\n\nfunc Clear() {}\n",
		"tracker.tsv":   "id\tfile\tfunc\tclass\tmethod\tstate\n1\tcart.go\tTotal\tCart\tTotal\tdeferred\n",
		"portwave.yaml": "go_root: go\nimport_columns: {id: id, go_file: file, go_name: func, dotnet_class: class, dotnet_member: method, status: state}\n",
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e := env{"PORTWAVE_CONFIG": filepath.Join(dir, "portwave.yaml")}
	s, out, _ := session(t, e)
	ctx := context.Background()
	if err := s.DBImport(ctx, filepath.Join(dir, "tracker.tsv")); err != nil {
		t.Fatal(err)
	}
	if err := s.Inventory(ctx); err != nil {
		t.Fatalf("inventory after the import: %v", err)
	}
	for _, want := range []string{"features: 0 added, 1 updated", "not added: 1 declarations", "  - feature:cart.go:Clear\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("inventory output lacks %q:\n%s", want, out)
		}
	}
	items := trackedFeatures(t, s)
	if len(items) != 1 || items[0].GoLine != 3 || items[0].Status != port.Deferred {
		t.Errorf("after the inventory porting.db holds %+v, want the tracker's one feature with its line", items)
	}
	e["PORTWAVE_FORCE"] = "1"
	s, _, _ = session(t, e)
	if err := s.Inventory(ctx); err != nil {
		t.Fatal(err)
	}
	if items := trackedFeatures(t, s); len(items) != 2 {
		t.Errorf("a forced inventory holds %d features, want Clear added", len(items))
	}
}

func trackedFeatures(t *testing.T, s *command.Session) []port.Item {
	t.Helper()
	db, err := s.OpenDBReadOnly(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	items, err := db.Items(context.Background(), port.Feature)
	if err != nil {
		t.Fatal(err)
	}
	return items
}
