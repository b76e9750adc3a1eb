package plan_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"portwave/mage/plan"
)

func TestThePlansIDsAreCappedInTotalAcrossBatchFiles(t *testing.T) {
	batch := func(id, ids string) []byte {
		return []byte("id: " + id + "\nname: B\nwave: 1\ntargets:\n  - path: A.cs\nfeatures:\n  - ids: " + ids + "\n")
	}
	// 100,000 IDs each, 200,000 in all: the cap, allowed.
	fsys := fstest.MapFS{"11-a.yaml": {Data: batch("11", "1-100000")}, "12-b.yaml": {Data: batch("12", "100001-150000, 150001-200000")}}
	if _, err := plan.LoadBatchesFS(fsys, "."); err != nil && strings.Contains(err.Error(), "feature IDs in all") {
		t.Fatalf("a plan at the cap is refused: %v", err)
	}
	// One more ID, in a third file: refused at that batch, before expansion.
	fsys["13-c.yaml"] = &fstest.MapFile{Data: batch("13", "200001")}
	_, err := plan.LoadBatchesFS(fsys, ".")
	if err == nil || !strings.Contains(err.Error(), "13-c.yaml:1:5: the plan lists more than 200000 feature IDs in all (200001 with batch 13's 1)") {
		t.Errorf("err = %v", err)
	}
}
