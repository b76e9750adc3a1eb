package plan_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"portwave/mage/plan"
)

// The parsers take files written by people and by other tools; whatever
// the bytes, they must return (a plan or errors) without a panic, and
// never expand more IDs than the plan's cap allows.

func FuzzParseDocument(f *testing.F) {
	for _, p := range []string{"../demo/example/plan.md"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	docs, _ := filepath.Glob("testdata/docs/*")
	for _, p := range docs {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("\xEF\xBB\xBF# P\n\n## Batch Structure\n\n### Batch 1: A (1 features)\n\nS.\n\n**Feature IDs**: 1-99999, 100001-199999\n\n## Execution Plan\n\n### Wave 1\n\n- **Batch 1** (A, 1 features)\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := plan.ParseDocument("plan.md", data)
		if p == nil {
			t.Fatalf("no plan returned (err %v)", err)
		}
		checkCap(t, p)
		if err == nil {
			plan.Validate(p, nil, "")
		}
	})
}

func FuzzLoadBatches(f *testing.F) {
	files, _ := filepath.Glob("testdata/batches/*/*.yaml")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, []byte("title: T\nwaves:\n  - wave: 1\n"))
		}
	}
	f.Add([]byte("id: 11\nname: \"A\\e[2J\"\nwave: 1\ntargets:\n  - path: A.cs\nfeatures:\n  - ids: 1-99999, 100001-199999\n"), []byte("title: \"\\r\"\n"))
	f.Fuzz(func(t *testing.T, batch, planFile []byte) {
		fsys := fstest.MapFS{"11-a.yaml": {Data: batch}, "12-b.yaml": {Data: batch}, plan.PlanFile: {Data: planFile}}
		p, err := plan.LoadBatchesFS(fsys, ".")
		if p == nil {
			if err == nil {
				t.Fatal("no plan and no error")
			}
			return
		}
		checkCap(t, p)
		if err == nil {
			plan.Validate(p, nil, "")
		}
	})
}

func checkCap(t *testing.T, p *plan.Plan) {
	t.Helper()
	n := 0
	for _, b := range p.Batches {
		for _, g := range append(append([]plan.Group(nil), b.Features...), b.Added...) {
			n += g.Ranges.Len()
		}
	}
	if n > plan.MaxPlanIDs {
		t.Fatalf("the plan kept %d IDs, over the cap of %d", n, plan.MaxPlanIDs)
	}
}

func TestAPlanDocumentWithAControlCharacterOrABOM(t *testing.T) {
	doc := "# P\n\n## Batch Structure\n\n### Batch 1: A\x1b[2J (1 features)\n\nS.\n\n**Feature IDs**: 1\n\n## Execution Plan\n\n### Wave 1\n\n- **Batch 1** (A, 1 features)\n"
	_, err := plan.ParseDocument("plan.md", []byte(doc))
	if err == nil || !strings.Contains(err.Error(), `plan.md:5:15: control character \x1b`) {
		t.Errorf("err = %v", err)
	}
	clean := strings.Replace(doc, "\x1b[2J", "", 1)
	p, err := plan.ParseDocument("plan.md", []byte("\xEF\xBB\xBF"+clean))
	if p == nil || p.Title != "P" {
		t.Errorf("with a BOM: title %q, err %v", p.Title, err)
	}
}
