package plan_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/plan"
)

// batchFile is a batch file whose feature group is written as a flow
// mapping with a label of several bytes and a tab before the IDs, so that
// both come before the column of the bad ID.
const batchFile = `# A batch file for the excerpt tests.
id: 1
name: Parser
wave: 1
summary: Parse things.
declared_features: 5
depends_on: []
targets:
  - path: Parser.cs
    note: new
features:
  - {label: Größe,	ids: "1-3, abc"}
`

// An error about a batch file keeps its first line, file:line:col:
// message, and shows the line with a caret under the column, the tab
// repeated and the two-byte characters counted as one.
func TestABatchFileErrorShowsItsLineWithACaret(t *testing.T) {
	dir := t.TempDir()
	writePlanFile(t, filepath.Join(dir, "01-parser.yaml"), batchFile)
	_, err := plan.LoadBatches(dir)
	if err == nil {
		t.Fatal("LoadBatches succeeded, want an error")
	}
	want := []string{
		filepath.Join(dir, "01-parser.yaml") + `:12:31: "abc" is not an ID or a range; want a number like 2420 or a range like 2406-2413`,
		`   12 |   - {label: Größe,	ids: "1-3, abc"}`,
		"      | " + strings.Repeat(" ", 18) + "\t" + strings.Repeat(" ", 11) + "^",
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A validation error (an ID porting.db does not have) is quoted from the
// batch file too.
func TestAValidationErrorShowsTheBatchFilesLine(t *testing.T) {
	dir := t.TempDir()
	writePlanFile(t, filepath.Join(dir, "01-parser.yaml"), strings.Replace(batchFile, `"1-3, abc"`, `"1-3, 999"`, 1))
	p, err := plan.LoadBatches(dir)
	if err != nil {
		t.Fatal(err)
	}
	d := plan.Validate(p, smallInventory(), "")
	lines := strings.Split(d.Err().Error(), "\n")
	at := lineStarting(lines, filepath.Join(dir, "01-parser.yaml")+":12:31: feature 999 is not in porting.db")
	if at < 0 || at+2 >= len(lines) {
		t.Fatalf("no error at 12:31:\n%s", d.Err())
	}
	want := []string{`   12 |   - {label: Größe,	ids: "1-3, 999"}`, "      | " + strings.Repeat(" ", 18) + "\t" + strings.Repeat(" ", 11) + "^"}
	if diff := cmp.Diff(want, lines[at+1:at+3]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// An error about the plan document shows its line the same way.
func TestAPlanDocumentErrorShowsItsLineWithACaret(t *testing.T) {
	doc, err := os.ReadFile("testdata/docs/range-not-a-number.md")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.md")
	writePlanFile(t, path, strings.Replace(string(doc), "- Scan: 6-8, abc", "- Scän:\t6-8, abc", 1))
	_, err = plan.ImportDocument(path)
	if err == nil {
		t.Fatal("ImportDocument succeeded, want an error")
	}
	want := []string{
		path + `:33:14: "abc" is not an ID or a range; want a number like 2420 or a range like 2406-2413`,
		"   33 | - Scän:\t6-8, abc",
		"      | " + strings.Repeat(" ", 7) + "\t" + strings.Repeat(" ", 5) + "^",
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func writePlanFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func lineStarting(lines []string, prefix string) int {
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return i
		}
	}
	return -1
}
