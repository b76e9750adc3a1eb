package plan_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/plan"
)

// badInputs are malformed plan documents (testdata/docs/*.md) and batch
// directories (testdata/batches/*/), each with every error and warning it
// must produce. Positions are relative to the input: "LINE:COL" in a
// document, "FILE:LINE:COL" in a directory; $IN stands for the input path
// inside messages that name a second position.
var badInputs = []struct {
	name     string
	in       string
	errors   []string
	warnings []string
}{
	{
		name: "features added to a batch that does not exist",
		in:   "docs/added-to-unknown-batch.md",
		errors: []string{
			`38:34: batch 9 is not in the plan; want a "### Batch 9: Name (N features)" section`,
		},
	},
	{
		name: "listed features that are already done",
		in:   "docs/already-done.md",
		warnings: []string{
			`19:23: batch 1 lists 1 feature already verified, nothing to do: 153`,
			`23:21: batch 2 declares 6 features but lists 7 IDs, 2 of them already done (1 verified, 1 n/a): 151, 156`,
		},
	},
	{
		name: "a batch given twice",
		in:   "docs/batch-given-twice.md",
		errors: []string{
			`38:11: batch 2 is given twice (first at $IN:23:11)`,
		},
	},
	{
		name: "a batch in no wave",
		in:   "docs/batch-in-no-wave.md",
		errors: []string{
			`23:11: batch 2 is in no wave; want "- **Batch 2**" under a "### Wave N" heading of "## Execution Plan"`,
		},
	},
	{
		name: "a batch in two waves",
		in:   "docs/batch-in-two-waves.md",
		errors: []string{
			`47:11: batch 2 is already in wave 1 ($IN:43:11)`,
		},
	},
	{
		name: "a dependency cycle",
		in:   "docs/cycle.md",
		errors: []string{
			`23:29: batch 2 (wave 2) depends on batch 3 (wave 3); a dependency must sit in an earlier wave`,
			`23:29: dependency cycle: 2 -> 3 -> 2`,
		},
	},
	{
		name: "malformed dependencies",
		in:   "docs/dependencies-malformed.md",
		errors: []string{
			`36:19: malformed dependencies "after Batch 1"; want "None", "Batch 42" or "Batches 44+45", optionally followed by (reason)`,
		},
	},
	{
		name: "a dependency on a batch not in the plan",
		in:   "docs/dependency-missing.md",
		errors: []string{
			`36:29: batch 2 depends on batch 7, which is not in the plan`,
		},
	},
	{
		name: "a dependency in the same wave",
		in:   "docs/dependency-same-wave.md",
		errors: []string{
			`36:25: batch 2 (wave 1) depends on batch 1 (wave 1); a dependency must sit in an earlier wave`,
		},
	},
	{
		name: "a batch without feature IDs",
		in:   "docs/feature-ids-missing.md",
		errors: []string{
			`23:11: batch 2 has no **Feature IDs**; want a **Feature IDs**: line or list`,
		},
	},
	{
		name: "a batch heading without its colon",
		in:   "docs/heading-without-colon.md",
		errors: []string{
			`23:5: malformed batch heading; want "### Batch NN: Name (N features)"`,
			`46:11: wave 2 lists batch 2, which is not in the plan; want a "### Batch 2: Name (N features)" section`,
		},
	},
	{
		name: "IDs in two batches",
		in:   "docs/ids-in-two-batches.md",
		errors: []string{
			`33:9: features 4-5 are in both batch 1 ($IN:19:18) and batch 2`,
		},
		warnings: []string{
			`23:21: batch 2 declares 5 features but lists 7 IDs`,
		},
	},
	{
		name: "IDs not in porting.db",
		in:   "docs/ids-not-in-porting-db.md",
		errors: []string{
			`19:23: features 500-502 are not in porting.db`,
		},
	},
	{
		name: "a malformed wave entry",
		in:   "docs/malformed-wave-entry.md",
		errors: []string{
			`23:11: batch 2 is in no wave; want "- **Batch 2**" under a "### Wave N" heading of "## Execution Plan"`,
			`46:3: malformed wave entry; want "- **Batch NN** (Name, N features)"`,
		},
	},
	{
		name: "a document without batches",
		in:   "docs/no-batches.md",
		errors: []string{
			`1:1: no batches found; want "### Batch NN: Name (N features)" sections`,
		},
	},
	{
		name: "a backwards range",
		in:   "docs/range-backwards.md",
		errors: []string{
			`19:23: range 12-3 runs backwards; want low-high, like 3-12`,
		},
	},
	{
		name: "an empty item in an ID list",
		in:   "docs/range-empty-item.md",
		errors: []string{
			`19:23: empty item in ID list; want an ID or a range like 2406-2413 between commas`,
		},
	},
	{
		name: "a word in an ID list",
		in:   "docs/range-not-a-number.md",
		errors: []string{
			`33:14: "abc" is not an ID or a range; want a number like 2420 or a range like 2406-2413`,
		},
	},
	{
		name: "an ID listed twice in one batch",
		in:   "docs/range-overlap.md",
		errors: []string{
			`34:11: feature 8 is listed twice in batch 2 (first at $IN:33:9)`,
		},
	},
	{
		name: "ID 0",
		in:   "docs/range-zero.md",
		errors: []string{
			`19:18: "0-4": feature IDs start at 1`,
		},
	},
	{
		name: "a target file without backticks",
		in:   "docs/target-without-backticks.md",
		errors: []string{
			"29:3: malformed target file; want \"- `Dir/File.cs` (note)\"",
		},
	},
	{
		name: "target paths that leave the C# root",
		in:   "docs/targets-escaping-the-root.md",
		errors: []string{
			`29:4: batch 2: target path "../x.cs" leaves the C# root`,
			`30:4: batch 2: target path "/abs.cs" is absolute; want a path relative to the C# root`,
			`31:4: batch 2: target path "Lexer\\..\\..\\x.cs" contains a backslash; want forward slashes, relative to the C# root`,
			`32:4: batch 2: target path "C:/x.cs" is absolute; want a path relative to the C# root`,
			`33:4: batch 2: target path "Dir/../../x.cs" leaves the C# root`,
		},
	},
	{
		name: "accepted calls into batches or from features that are not there",
		in:   "docs/accepted-unknown.md",
		errors: []string{
			`38:21: batch 2 accepts calls into batch 7, which is not in the plan`,
			`38:30: batch 2 accepts the call 42 -> 2, but does not list feature 42`,
			`38:39: batch 2 accepts calls into itself; want another batch`,
			`38:56: batch 2 accepts calls into batch 9, which is not in the plan`,
		},
	},
	{
		name: "accepted calls that are malformed",
		in:   "docs/accepted-malformed.md",
		errors: []string{
			`38:29: malformed accepted call "3 ->"; want "Batch 46", "Batches 43+46" or a call "883 -> 2223", separated by commas`,
			`38:35: malformed accepted call "Batch"; want "Batch 46", "Batches 43+46" or a call "883 -> 2223", separated by commas`,
			`38:42: malformed accepted call "7"; want "Batch 46", "Batches 43+46" or a call "883 -> 2223", separated by commas`,
		},
	},
	{
		name: "an unknown field",
		in:   "docs/unknown-field.md",
		errors: []string{
			`23:11: batch 2 has no **Target files**; want a **Target files**: list`,
			`27:1: unknown field **Targets**; want **Target files**:, **Feature IDs**:, **Dependencies**: or **Accepted calls**:`,
		},
	},
	{
		name: "a wave entry whose count differs from the batch heading",
		in:   "docs/wave-count-mismatch.md",
		errors: []string{
			`46:23: wave 2 says batch 2 has 6 features but its section declares 5`,
		},
	},
	{
		name: "a wave listing a batch not in the plan",
		in:   "docs/wave-lists-unknown-batch.md",
		errors: []string{
			`47:11: wave 2 lists batch 3, which is not in the plan; want a "### Batch 3: Name (N features)" section`,
		},
	},
	{
		name: "a cycle and an escaping target across batch files",
		in:   "batches/cycle",
		errors: []string{
			`01-parser.yaml:4:14: batch 1 (wave 1) depends on batch 2 (wave 2); a dependency must sit in an earlier wave`,
			`01-parser.yaml:4:14: dependency cycle: 1 -> 2 -> 1`,
			`02-lexer.yaml:7:11: batch 2: target path "../Lexer.cs" leaves the C# root`,
		},
	},
	{
		name: "depends_on given as a number instead of a list",
		in:   "batches/depends-on-not-a-list",
		errors: []string{
			`01-parser.yaml:7:13: depends_on: want a list of batch numbers like [42, 43], got "2"`,
		},
	},
	{
		name: "an id that differs from the file name",
		in:   "batches/id-does-not-match-file-name",
		errors: []string{
			`01-parser.yaml:2:5: id 2 does not match the file name 01-parser.yaml; want id: 1`,
		},
	},
	{
		name: "an id that is not a number",
		in:   "batches/id-not-a-number",
		errors: []string{
			`01-parser.yaml:2:5: id: want a whole number, got "abc"`,
		},
	},
	{
		name: "ids given as a YAML list instead of a string",
		in:   "batches/ids-not-a-string",
		errors: []string{
			`01-parser.yaml:13:10: ids: want a string of IDs and ranges like "2406-2413, 2420", got a list`,
		},
	},
	{
		name: "a key given twice",
		in:   "batches/key-given-twice",
		errors: []string{
			`01-parser.yaml:6:1: key "name" given twice (first at $IN/01-parser.yaml:3:1)`,
		},
	},
	{
		name: "malformed YAML",
		in:   "batches/malformed-yaml",
		errors: []string{
			`01-parser.yaml:4:1: malformed YAML: did not find expected ',' or ']'`,
		},
	},
	{
		name: "missing required keys",
		in:   "batches/missing-keys",
		errors: []string{
			`01-parser.yaml:2:1: missing key "name"`,
			`01-parser.yaml:2:1: missing key "wave"`,
		},
	},
	{
		name: "an unknown key in plan.yaml",
		in:   "batches/plan-file-unknown-key",
		errors: []string{
			`plan.yaml:5:5: unknown key "notes" in a waves item (want one of wave, note)`,
		},
	},
	{
		name: "a backwards range in a batch file",
		in:   "batches/range-backwards",
		errors: []string{
			`01-parser.yaml:13:15: range 12-3 runs backwards; want low-high, like 3-12`,
		},
	},
	{
		name: "an empty item in a batch file ID list",
		in:   "batches/range-empty-item",
		errors: []string{
			`01-parser.yaml:13:15: empty item in ID list; want an ID or a range like 2406-2413 between commas`,
		},
	},
	{
		name: "an ID listed twice in one batch file",
		in:   "batches/range-overlap",
		errors: []string{
			`01-parser.yaml:15:10: feature 5 is listed twice in batch 1 (first at $IN/01-parser.yaml:13:10)`,
		},
	},
	{
		name: "a word in a quoted ID list",
		in:   "batches/range-quoted-not-a-number",
		errors: []string{
			`01-parser.yaml:13:16: "abc" is not an ID or a range; want a number like 2420 or a range like 2406-2413`,
		},
	},
	{
		name: "an unknown key in a batch file",
		in:   "batches/unknown-key",
		errors: []string{
			`01-parser.yaml:7:1: unknown key "dependson" (want one of id, name, wave, summary, declared_features, depends_on, depends_note, accepted_calls, accepted_note, targets, features, added, mappings, document_lines)`,
		},
	},
	{
		name: "an unknown key in a target",
		in:   "batches/unknown-key-in-target",
		errors: []string{
			`01-parser.yaml:9:5: unknown key "pth" in a targets item (want one of path, note, line)`,
			`01-parser.yaml:9:5: missing key "path" in a targets item`,
		},
	},
	{
		name: "wave 0",
		in:   "batches/wave-zero",
		errors: []string{
			`01-parser.yaml:4:7: wave: want a number of at least 1, got 0`,
		},
	},
}

func TestBadInputIsReportedWithItsPosition(t *testing.T) {
	if len(badInputs) < 20 {
		t.Fatalf("only %d bad inputs; the table should cover at least 20", len(badInputs))
	}
	for _, c := range badInputs {
		t.Run(c.name, func(t *testing.T) {
			in := "testdata/" + c.in
			errs, warnings := diagnose(t, in)
			sep := "/"
			if strings.HasSuffix(in, ".md") {
				sep = ":"
			}
			if diff := cmp.Diff(expand(in, sep, c.errors), errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(expand(in, sep, c.warnings), warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// diagnose loads a document or a batch directory and, if it loads, validates
// it against smallInventory, as `mage validate` does.
func diagnose(t *testing.T, in string) (errs, warnings []string) {
	t.Helper()
	var p *plan.Plan
	var err error
	if strings.HasSuffix(in, ".md") {
		p, err = plan.ImportDocument(in)
	} else {
		p, err = plan.LoadBatches(in)
	}
	var list plan.ErrorList
	if errors.As(err, &list) {
		return messages(list), nil
	}
	if err != nil {
		t.Fatal(err)
	}
	d := plan.Validate(p, smallInventory(), "")
	return messages(d.Errors), messages(d.Warnings)
}

func expand(in, sep string, want []string) []string {
	var out []string
	for _, w := range want {
		out = append(out, in+sep+strings.ReplaceAll(w, "$IN", in))
	}
	return out
}
