package inventory_test

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"portwave/mage/inventory"
	"portwave/mage/port"
)

// fixtureDir is the NatsNet inventory, the project's test data in
// internal/fixture.
const fixtureDir = "../../internal/fixture/testdata/natsnet"

// pinnedFiles are the files whose IDs the fixture holds to the real ones.
var pinnedFiles = []string{
	"server/accounts.go", "server/events.go", "server/gateway.go", "server/monitor.go",
	"server/mqtt.go", "server/msgtrace.go", "server/scheduler.go",
}

// appendedFile is the one feature file the fixture numbers out of order: its
// items come after every other file's, as a later re-run appends them.
const appendedFile = "server/gsl/gsl.go"

// loadFixture reads features.tsv or tests.tsv, in file (that is, ID) order.
func loadFixture(t testing.TB, kind port.Kind) []port.Item {
	t.Helper()
	name := "features.tsv"
	if kind == port.Test {
		name = "tests.tsv"
	}
	path := filepath.Join(fixtureDir, name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("the NatsNet fixture is missing: %v", err)
	}
	defer f.Close()
	var items []port.Item
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), "\t")
		if line == 1 {
			continue // header
		}
		if len(cols) != 9 {
			t.Fatalf("%s:%d: %d columns, want 9", path, line, len(cols))
		}
		nums := make([]int, 3)
		for i, c := range []int{0, 4, 5} {
			if nums[i], err = strconv.Atoi(cols[c]); err != nil {
				t.Fatalf("%s:%d: column %d: %v", path, line, c+1, err)
			}
		}
		status, err := port.ParseStatus(cols[8])
		if err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		items = append(items, port.Item{
			ID: nums[0], Kind: kind, GoFile: cols[1], GoReceiver: cols[2], GoName: cols[3],
			GoLine: nums[1], GoLineCount: nums[2], DotnetClass: cols[6], DotnetMember: cols[7], Status: status,
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(items) == 0 {
		t.Fatalf("%s holds no items", path)
	}
	return items
}

// inventoryOrder sorts items as the inventory numbers them.
func inventoryOrder(kind port.Kind, items []port.Item) []port.Item {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b port.Item) int {
		return cmp.Or(inventory.CompareFiles(kind, a.GoFile, b.GoFile), cmp.Compare(a.GoLine, b.GoLine))
	})
	return out
}

func byID(items []port.Item) []port.Item {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b port.Item) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func ids(items []port.Item) []int {
	out := make([]int, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func distinctFiles(items []port.Item) []string {
	var out []string
	for _, it := range items {
		if len(out) == 0 || out[len(out)-1] != it.GoFile {
			out = append(out, it.GoFile)
		}
	}
	return out
}

func TestFixturePinnedFilesAreNumberedByFileOrderThenLine(t *testing.T) {
	var pinned []port.Item
	for _, it := range loadFixture(t, port.Feature) {
		if slices.Contains(pinnedFiles, it.GoFile) {
			pinned = append(pinned, it)
		}
	}
	if got := len(distinctFiles(byID(pinned))); got != len(pinnedFiles) {
		t.Fatalf("the fixture has items in %d of the %d pinned files", got, len(pinnedFiles))
	}
	if diff := gocmp.Diff(ids(byID(pinned)), ids(inventoryOrder(port.Feature, pinned))); diff != "" {
		t.Errorf("pinned IDs in ID order (-) and in inventory order (+) differ:\n%s", diff)
	}
}

func TestFixtureFeatureFilesFollowCompareFilesExceptOneAppendedFile(t *testing.T) {
	var others, appended []port.Item
	for _, it := range byID(loadFixture(t, port.Feature)) {
		if it.GoFile == appendedFile {
			appended = append(appended, it)
		} else {
			others = append(others, it)
		}
	}
	files := distinctFiles(others)
	sorted := slices.SortedFunc(slices.Values(files), func(a, b string) int {
		return inventory.CompareFiles(port.Feature, a, b)
	})
	if diff := gocmp.Diff(sorted, files); diff != "" {
		t.Errorf("feature files in CompareFiles order (-) and in ID order (+) differ:\n%s", diff)
	}
	if diff := gocmp.Diff(ids(others), ids(inventoryOrder(port.Feature, others))); diff != "" {
		t.Errorf("feature IDs (-) and inventory order (+) differ:\n%s", diff)
	}
	// The appended file is numbered after everything else, in source order:
	// what Merge does with a file that appears on a re-run.
	if len(appended) == 0 || appended[0].ID <= others[len(others)-1].ID {
		t.Errorf("%s: IDs do not follow every other file's (last other ID %d)", appendedFile, others[len(others)-1].ID)
	}
	if diff := gocmp.Diff(ids(appended), ids(inventoryOrder(port.Feature, appended))); diff != "" {
		t.Errorf("%s: IDs (-) and source order (+) differ:\n%s", appendedFile, diff)
	}
}

func TestFixtureTestFilesFollowCompareFiles(t *testing.T) {
	tests := byID(loadFixture(t, port.Test))
	if diff := gocmp.Diff(ids(tests), ids(inventoryOrder(port.Test, tests))); diff != "" {
		t.Errorf("test IDs (-) and inventory order (+) differ:\n%s", diff)
	}
}

// TestInventoryOfAFixtureShapedTreeReproducesTheFixture writes a Go tree with
// every fixture function and test at its recorded line and length, then runs
// the inventory on it: from scratch it must number the items as the fixture
// does, and over the fixture it must keep every ID.
func TestInventoryOfAFixtureShapedTreeReproducesTheFixture(t *testing.T) {
	features, tests := loadFixture(t, port.Feature), loadFixture(t, port.Test)
	all := append(slices.Clone(features), tests...)
	root := writeTree(t, fixtureSources(t, all))
	decls, err := inventory.Scan(context.Background(), root, inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}

	rerun := inventory.Merge(all, decls)
	if want := (inventory.Tally{Unchanged: len(all)}); rerun.Tally != want {
		t.Errorf("re-running over the fixture: tally %+v, want %+v", rerun.Tally, want)
	}
	want := append(byID(features), byID(tests)...)
	if diff := gocmp.Diff(want, rerun.Items); diff != "" {
		t.Errorf("re-running over the fixture (-fixture +merged):\n%s", diff)
	}

	scratch := inventory.Merge(nil, decls)
	numbered := map[port.Kind][]port.Item{}
	for _, it := range scratch.Items {
		numbered[it.Kind] = append(numbered[it.Kind], it)
	}
	key := func(it port.Item) string {
		return fmt.Sprintf("%s %s:%d", it.GoQualifiedName(), it.GoFile, it.GoLine)
	}
	keys := func(items []port.Item, keep func(port.Item) bool) []string {
		var out []string
		for _, it := range items {
			if keep(it) {
				out = append(out, key(it))
			}
		}
		return out
	}
	pinned := func(it port.Item) bool { return slices.Contains(pinnedFiles, it.GoFile) }
	if diff := gocmp.Diff(keys(byID(features), pinned), keys(numbered[port.Feature], pinned)); diff != "" {
		t.Errorf("pinned features: fixture order (-) and a fresh inventory's order (+) differ:\n%s", diff)
	}
	notAppended := func(it port.Item) bool { return it.GoFile != appendedFile }
	if diff := gocmp.Diff(keys(byID(features), notAppended), keys(numbered[port.Feature], notAppended)); diff != "" {
		t.Errorf("features: fixture order (-) and a fresh inventory's order (+) differ:\n%s", diff)
	}
	// Test IDs have no gaps in the fixture, so a fresh inventory gives the same IDs.
	if diff := gocmp.Diff(byID(tests), numbered[port.Test], gocmpIgnoreMapping); diff != "" {
		t.Errorf("tests: fixture (-) and a fresh inventory (+) differ:\n%s", diff)
	}
}

var gocmpIgnoreMapping = gocmp.Transformer("location", func(it port.Item) port.Item {
	return port.Item{ID: it.ID, Kind: it.Kind, GoFile: it.GoFile, GoReceiver: it.GoReceiver,
		GoName: it.GoName, GoLine: it.GoLine, GoLineCount: it.GoLineCount}
})

// fixtureSources lays out each item's function at its line, with blank
// lines as bodies, so a scan finds the same lines and lengths.
func fixtureSources(t testing.TB, items []port.Item) map[string]string {
	byFile := map[string][]port.Item{}
	for _, it := range items {
		byFile[it.GoFile] = append(byFile[it.GoFile], it)
	}
	files := map[string]string{}
	for file, its := range byFile {
		slices.SortFunc(its, func(a, b port.Item) int { return cmp.Compare(a.GoLine, b.GoLine) })
		var b strings.Builder
		b.WriteString("package p\n\nimport \"testing\"\n")
		line := 4
		for _, it := range its {
			if it.GoLine < line || it.GoLineCount < 1 {
				t.Fatalf("%s:%d: %s overlaps the previous function", file, it.GoLine, it.GoQualifiedName())
			}
			b.WriteString(strings.Repeat("\n", it.GoLine-line))
			sig := it.GoName + "()"
			switch {
			case it.Kind == port.Test:
				sig = it.GoName + "(t *testing.T)"
			case it.GoReceiver != "":
				sig = "(x *" + it.GoReceiver + ") " + sig
			}
			if it.GoLineCount == 1 {
				fmt.Fprintf(&b, "func %s {}\n", sig)
			} else {
				fmt.Fprintf(&b, "func %s {%s}\n", sig, strings.Repeat("\n", it.GoLineCount-1))
			}
			line = it.GoLine + it.GoLineCount
		}
		files[file] = b.String()
	}
	return files
}
