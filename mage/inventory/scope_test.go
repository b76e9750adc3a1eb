package inventory_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"portwave/internal/fixture"
	"portwave/internal/gotree"
	"portwave/mage/config"
	"portwave/mage/inventory"
	"portwave/mage/port"
)

func TestNatsNetsScopeCoversEveryTrackedFileAndNothingElse(t *testing.T) {
	cfg, err := config.Load("../../docs/natsnet.yaml", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	scope := inventory.Scope{Include: cfg.InventoryInclude, Exclude: cfg.InventoryExclude}
	if err := scope.Check(); err != nil {
		t.Fatal(err)
	}
	db := fixture.DB(t)
	n := 0
	for _, k := range []port.Kind{port.Feature, port.Test} {
		items, err := db.Items(context.Background(), k)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if !scope.Contains(it.GoFile) {
				t.Errorf("%s %d in %s is tracked but out of scope", it.Kind, it.ID, it.GoFile)
			}
			n++
		}
	}
	if n != 6942 {
		t.Errorf("checked %d items, want the fixture's 6942", n)
	}
	for _, rel := range []string{"main.go", "server/pse/pse_linux.go", "server/sysmem/mem_linux.go", "server/sysmem/mem_test.go",
		"server/certstore/certstore_windows.go", "server/certidp/certidp.go", "test/test.go", "test/tls_test.go", "conf/simple/simple.go"} {
		if scope.Contains(rel) {
			t.Errorf("%s is in scope; the tracker leaves it out", rel)
		}
	}
}

func TestScopePatterns(t *testing.T) {
	s := inventory.Scope{Include: []string{"server/**", "feature:conf/*.go", "test:test/a_test.go"}, Exclude: []string{"server/pse/**", "feature:server/x/*.go"}}
	for rel, want := range map[string]bool{
		"server/a.go": true, "server/deep/er/b.go": true, "server/pse/p.go": false, "server/pse/p_test.go": false,
		"server/x/y.go": false, "server/x/y_test.go": true, "conf/c.go": true, "conf/c_test.go": false,
		"test/a_test.go": true, "test/b_test.go": false, "main.go": false,
	} {
		if got := s.Contains(rel); got != want {
			t.Errorf("Contains(%q) = %v, want %v", rel, got, want)
		}
	}
	if err := (inventory.Scope{Include: []string{"server/[.go"}}).Check(); err == nil {
		t.Error("a malformed pattern passed Check")
	}
}

// An inventory of a wider tree over a tracked database is refused with
// the difference; a scope that matches the tracker changes nothing.
func TestScanWithAScopeLeavesOutOtherFiles(t *testing.T) {
	root := t.TempDir()
	for name, text := range map[string]string{
		"server/a.go":       "package server\n\nfunc A() {}\n",
		"server/pse/pse.go": "package pse\n\nfunc Stat() {}\n",
		"server/a_test.go":  "package server\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}\n",
		"main.go":           "package main\n\nfunc main() {}\n",
	} {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	decls, err := inventory.Scan(context.Background(), root, inventory.Options{Scope: inventory.Scope{Include: []string{"server/**"}, Exclude: []string{"feature:server/pse/**"}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range decls {
		got = append(got, d.String())
	}
	if len(got) != 2 || got[0] != "feature server/a.go:3 A" || got[1] != "test server/a_test.go:5 TestA" {
		t.Errorf("scanned %v", got)
	}
	existing := []port.Item{{Kind: port.Feature, ID: 1, GoFile: "server/a.go", GoName: "A", GoLine: 3, GoLineCount: 1, Status: port.Verified}}
	all, err := inventory.Scan(context.Background(), root, inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := inventory.Compare(existing, inventory.Merge(existing, all).Items)
	if !d.Tracked || len(d.Added) != 3 || len(d.Vanished) != 0 {
		t.Errorf("diff: tracked %v, %d added, %d vanished", d.Tracked, len(d.Added), len(d.Vanished))
	}
	msg := (&inventory.ScopeChangeError{Diff: d, ForceEnv: "PORTWAVE_FORCE"}).Error()
	for _, want := range []string{"add 3 and remove 0", "added 0 features, 1 tests in server/", "added 1 features, 0 tests in server/pse/", "added 1 features, 0 tests in ./", "PORTWAVE_FORCE=1"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestItemPatternsLimitAFileToTheItemsOfThatName(t *testing.T) {
	s := inventory.Scope{
		Include: []string{"logger/*.go", "test:test/routes_test.go:TestRouterListeningSocket"},
		Exclude: []string{"logger/log.go:Logger.*f", "logger/log.go:pidPrefix", "feature:logger/syslog.go"},
	}
	for _, c := range []struct {
		file, name string
		want       bool
	}{
		{"logger/log.go", "NewStdLogger", true},
		{"logger/log.go", "Logger.Noticef", false},
		{"logger/log.go", "Logger.Close", true},
		{"logger/log.go", "pidPrefix", false},
		{"logger/log.go", "x.pidPrefix", true}, // a method of that name is another item
		{"logger/syslog.go", "NewSysLogger", false},
		{"test/routes_test.go", "TestRouterListeningSocket", true},
		{"test/routes_test.go", "TestRouteToSelf", false},
	} {
		if got := s.ContainsItem(c.file, c.name); got != c.want {
			t.Errorf("ContainsItem(%q, %q) = %v, want %v", c.file, c.name, got, c.want)
		}
	}
	// The files read: a file some of whose items are in scope is read.
	for rel, want := range map[string]bool{"logger/log.go": true, "logger/syslog.go": false, "test/routes_test.go": true, "test/other_test.go": false} {
		if got := s.Contains(rel); got != want {
			t.Errorf("Contains(%q) = %v, want %v", rel, got, want)
		}
	}
	for _, bad := range []string{"logger/log.go:", "feature::x", "logger/log.go:[x"} {
		if err := (inventory.Scope{Exclude: []string{bad}}).Check(); err == nil {
			t.Errorf("the malformed pattern %q passed Check", bad)
		}
	}
}

// The refusal of an inventory that would add items suggests the excludes
// that leave them out: whole files the tracker holds nothing of, items by
// name in the files it holds in part. On a tree shaped like nats-server,
// scanned without a scope, the suggestion applied adds nothing.
func TestTheExcludesARefusalSuggestsLeaveEveryAddedItemOut(t *testing.T) {
	features, tests := fixture.Items(t)
	existing := append(features, tests...)
	root := gotree.Write(t, t.TempDir(), gotree.Load(t), gotree.Options{Items: existing, Untracked: true})
	ctx := context.Background()
	all, err := inventory.Scan(ctx, root, inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := inventory.Compare(existing, inventory.Merge(existing, all).Items)
	if len(d.Added) != 414 || len(d.Vanished) != 0 {
		t.Fatalf("without a scope: %d added, %d vanished; want the 414 untracked declarations", len(d.Added), len(d.Vanished))
	}
	excludes := d.Excludes()
	for _, want := range []string{"feature:main.go", "feature:logger/syslog.go", "feature:logger/log.go:Logger.Noticef", "test:test/routes_test.go:TestRouteToSelf"} {
		if !slices.Contains(excludes, want) {
			t.Errorf("the suggested excludes lack %q", want)
		}
	}
	msg := (&inventory.ScopeChangeError{Diff: d, ForceEnv: "PORTWAVE_FORCE"}).Error()
	if !strings.Contains(msg, "to leave the added items out, add to inventory_exclude:\n  - ") {
		t.Errorf("the refusal does not suggest excludes:\n%.800s", msg)
	}
	scoped, err := inventory.Scan(ctx, root, inventory.Options{Scope: inventory.Scope{Exclude: excludes}})
	if err != nil {
		t.Fatal(err)
	}
	if d := inventory.Compare(existing, inventory.Merge(existing, scoped).Items); d.Changes() != 0 {
		t.Errorf("with the suggested excludes: %d added, %d vanished", len(d.Added), len(d.Vanished))
	}
}
