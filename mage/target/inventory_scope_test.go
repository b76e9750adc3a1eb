package target_test

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
	"portwave/mage/inventory"
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
	for _, k := range []portdb.Kind{portdb.Feature, portdb.Test} {
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
