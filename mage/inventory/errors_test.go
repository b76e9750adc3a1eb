package inventory_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/inventory"
)

func TestScanReportsEverySyntaxErrorInEveryFileWithItsPosition(t *testing.T) {
	files := map[string]string{
		"good.go":         "package p\n\nfunc fine() {}\n",
		"server/bad.go":   "package server\n\nimport \"fmt\"\n\nfunc one() {\n\tfmt.Println(\"a\" \"b\")\n}\n\nfunc two() {\n\tfmt.Println(1 2)\n}\n",
		"a/worse.go":      "package a\n\nfunc f() {\n\treturn 1 +\n}\n",
		"a/notgo_test.go": "pakage a\n",
	}
	root := writeTree(t, files)
	decls, err := inventory.Scan(context.Background(), root, inventory.Options{})
	if decls != nil {
		t.Errorf("Scan returned %d declarations with an error; want none, so no file's items are lost", len(decls))
	}
	var se *inventory.ScanError
	if !errors.As(err, &se) {
		t.Fatalf("Scan error = %v (%T), want a *inventory.ScanError", err, err)
	}
	type pos struct {
		File      string
		Line, Col int
	}
	var got []pos
	for _, pe := range se.Errors {
		rel, _ := filepath.Rel(root, pe.File)
		got = append(got, pos{filepath.ToSlash(rel), pe.Line, pe.Col})
		if pe.Msg == "" {
			t.Errorf("%s has no message", pe.Error())
		}
	}
	want := []pos{
		{"a/notgo_test.go", 1, 1},
		{"a/worse.go", 5, 1},
		{"server/bad.go", 6, 18},
		{"server/bad.go", 10, 16},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error positions (-want +got):\n%s\nerror: %v", diff, err)
	}
	msg := err.Error()
	for _, s := range []string{
		"scanning " + root + ": 4 errors in 3 files",
		filepath.Join(root, "server", "bad.go") + ":6:18: missing ',' in argument list",
		filepath.Join(root, "server", "bad.go") + ":10:16: missing ',' in argument list",
		filepath.Join(root, "a", "notgo_test.go") + ":1:1: expected 'package'",
	} {
		if !strings.Contains(msg, s) {
			t.Errorf("error message lacks %q:\n%s", s, msg)
		}
	}
}

func TestScanFailsOnAMissingRoot(t *testing.T) {
	root := filepath.Join(t.TempDir(), "absent")
	_, err := inventory.Scan(context.Background(), root, inventory.Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "scanning "+root+": ") {
		t.Errorf("Scan(%s) error = %v, want one starting with \"scanning %s: \"", root, err, root)
	}
}

func TestScanStopsWhenItsContextIsCancelled(t *testing.T) {
	root := writeTree(t, map[string]string{"p.go": "package p\n\nfunc f() {}\n"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	decls, err := inventory.Scan(ctx, root, inventory.Options{})
	if !errors.Is(err, context.Canceled) || decls != nil {
		t.Errorf("Scan with a cancelled context = %v, %v; want no declarations and context.Canceled", decls, err)
	}
}
