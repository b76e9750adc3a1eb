package inventory_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/inventory"
	"portwave/mage/port"
)

func TestCompareFilesPutsADirectorysFilesBeforeItsSubdirectoriesForFeatures(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"server/websocket.go", "server/avl/seqset.go", -1},
		{"server/avl/seqset.go", "server/stree/dump.go", -1},
		{"conf/parse.go", "internal/antithesis/noop.go", -1},
		{"internal/testhelper/logging.go", "logger/log.go", -1},
		{"logger/log.go", "server/accounts.go", -1},
		{"main.go", "conf/lex.go", -1},
		{"server/a/x.go", "server/a-b/x.go", -1}, // by name, though '-' < '/'
		{"server/auth.go", "server/auth_callout.go", -1},
		{"server/node4.go", "server/node10.go", 1}, // bytes, not numbers
		{"server/sublist.go", "server/sublist.go", 0},
		{"server/stree/node.go", "server/accounts.go", 1},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			if got := inventory.CompareFiles(port.Feature, tt.a, tt.b); got != tt.want {
				t.Errorf("CompareFiles(feature, %q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := inventory.CompareFiles(port.Feature, tt.b, tt.a); got != -tt.want {
				t.Errorf("CompareFiles(feature, %q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
			}
		})
	}
}

func TestCompareFilesSortsTestFilesByTheirWholePath(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"server/accounts_test.go", "server/ats/ats_test.go", -1},
		{"server/ats/ats_test.go", "server/auth_callout_test.go", -1},
		{"server/websocket_test.go", "test/accounts_cycles_test.go", -1},
		{"server/gsl/gsl_test.go", "server/ipqueue_test.go", -1},
	}
	for _, tt := range tests {
		if got := inventory.CompareFiles(port.Test, tt.a, tt.b); got != tt.want {
			t.Errorf("CompareFiles(test, %q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestScanOrdersFilesLikeTheTrackerAndSkipsWhatGoIgnores(t *testing.T) {
	fn := func(name string) string { return fmt.Sprintf("package p\n\nfunc %s() {}\n", name) }
	test := func(name string) string {
		return fmt.Sprintf("package p\n\nimport \"testing\"\n\nfunc %s(t *testing.T) {}\n", name)
	}
	files := map[string]string{
		"main.go":                  fn("main"),
		"conf/lex.go":              fn("lex"),
		"server/websocket.go":      fn("ws"),
		"server/accounts.go":       fn("accounts"),
		"server/avl/seqset.go":     fn("seqset"),
		"server/stree/node.go":     fn("node"),
		"server/stree/node10.go":   fn("node10"),
		"server/stree/node4.go":    fn("node4"),
		"server/disk_windows.go":   "//go:build windows\n\n" + fn("diskWindows"),
		"server/accounts_test.go":  test("TestAccounts"),
		"server/ats/ats_test.go":   test("TestAts"),
		"server/auth_test.go":      test("TestAuth"),
		"test/routes_test.go":      test("TestRoutes"),
		"vendor/dep/dep.go":        fn("vendored"),
		"server/testdata/gen.go":   fn("testdata"),
		".git/hooks/hook.go":       fn("hidden"),
		"_attic/old.go":            fn("attic"),
		"server/_scratch.go":       fn("scratch"),
		"server/.#lock.go":         fn("lock"),
		"server/notes.txt":         "func notGo() {}",
		"server/embedded/x.go.txt": fn("notGoEither"),
	}
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			decls, err := inventory.Scan(context.Background(), writeTree(t, files), inventory.Options{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range decls {
				got = append(got, fmt.Sprintf("%s %s %s", d.Kind, d.GoFile, d.GoName))
			}
			want := []string{
				"feature main.go main",
				"feature conf/lex.go lex",
				"feature server/accounts.go accounts",
				"feature server/disk_windows.go diskWindows",
				"feature server/websocket.go ws",
				"feature server/avl/seqset.go seqset",
				"feature server/stree/node.go node",
				"feature server/stree/node10.go node10",
				"feature server/stree/node4.go node4",
				"test server/accounts_test.go TestAccounts",
				"test server/ats/ats_test.go TestAts",
				"test server/auth_test.go TestAuth",
				"test test/routes_test.go TestRoutes",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Scan order (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScanKeepsSourceOrderInsideAFile(t *testing.T) {
	src := "package p\n\nfunc zeta() {}\nfunc alpha() {}; func beta() {}\nfunc (x *T) gamma() {}\n"
	decls, err := inventory.Scan(context.Background(), writeTree(t, map[string]string{"p.go": src}), inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range decls {
		got = append(got, d.GoName)
	}
	if want := []string{"zeta", "alpha", "beta", "gamma"}; !slices.Equal(got, want) {
		t.Errorf("declarations %v, want source order %v", got, want)
	}
}
