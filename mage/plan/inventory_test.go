package plan_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"portwave/internal/goldenfile"
	"portwave/mage/plan"
	"portwave/mage/port"
)

// update is the -update flag every golden file answers to (`mage golden`):
// here it also means: rewrite the committed batch files and the golden files from the code.
var update = goldenfile.Update

// The NatsNet plan document and inventory, the project's test data in
// internal/fixture, and the batch files generated from the plan.
var (
	fixtureDir = filepath.Join("..", "..", "internal", "fixture", "testdata", "natsnet")
	sharedPlan = filepath.Join("..", "..", "internal", "fixture", "testdata", "plan", "2026-03-01-deferred-features-design.md")
)

const committedBatches = "../../internal/fixture/testdata/batches"

// inventory is an in-memory features table standing in for porting.db.
type inventory map[int]port.Item

func (inv inventory) Feature(id int) (port.Item, bool) {
	it, ok := inv[id]
	return it, ok
}

func (inv inventory) counts() plan.FeatureCounts {
	c := plan.FeatureCounts{}
	for _, it := range inv {
		c[it.Status]++
	}
	return c
}

// fixtureInventory reads the fixture's features.tsv.
func fixtureInventory(tb testing.TB) inventory {
	tb.Helper()
	path := filepath.Join(fixtureDir, "features.tsv")
	inv, err := readFeaturesTSV(path)
	if err != nil {
		tb.Fatal(err)
	}
	return inv
}

// readFeaturesTSV reads "id go_file go_receiver go_name go_line
// go_line_count dotnet_class dotnet_member status" rows after a header.
func readFeaturesTSV(path string) (inventory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	inv := inventory{}
	sc := bufio.NewScanner(f)
	for ln := 1; sc.Scan(); ln++ {
		if ln == 1 {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 9 {
			return nil, fmt.Errorf("%s:%d: want 9 columns, got %d", path, ln, len(cols))
		}
		id, errID := strconv.Atoi(cols[0])
		line, errLine := strconv.Atoi(cols[4])
		count, errCount := strconv.Atoi(cols[5])
		status, errStatus := port.ParseStatus(cols[8])
		for _, err := range []error{errID, errLine, errCount, errStatus} {
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, ln, err)
			}
		}
		inv[id] = port.Item{
			ID: id, Kind: port.Feature, GoFile: cols[1], GoReceiver: cols[2], GoName: cols[3],
			GoLine: line, GoLineCount: count, DotnetClass: cols[6], DotnetMember: cols[7], Status: status,
		}
	}
	return inv, sc.Err()
}

// smallInventory is features 1-200 for the small test plans: deferred, but
// 151-155 verified, 156 n/a, 157 complete and 161 a stub.
func smallInventory() inventory {
	inv := inventory{}
	for id := 1; id <= 200; id++ {
		st := port.Deferred
		switch {
		case id >= 151 && id <= 155:
			st = port.Verified
		case id == 156:
			st = port.NA
		case id == 157:
			st = port.Complete
		case id == 161:
			st = port.Stub
		}
		inv[id] = port.Item{ID: id, Kind: port.Feature, GoFile: "small.go", GoName: fmt.Sprintf("f%d", id), Status: st}
	}
	return inv
}

// messages renders diagnostics as "file:line:col: message" lines.
func messages(ds []plan.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Error())
	}
	return out
}

// posIn finds where sub starts on the first line of file that starts with
// line: an oracle for positions that does not share the parser's arithmetic.
func posIn(t *testing.T, file, line, sub string) plan.Pos {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, line) && strings.Contains(l, sub) {
			return plan.Pos{File: file, Line: i + 1, Col: utf8.RuneCountInString(l[:strings.Index(l, sub)]) + 1}
		}
	}
	t.Fatalf("%s: no line starts with %q and holds %q", file, line, sub)
	return plan.Pos{}
}
