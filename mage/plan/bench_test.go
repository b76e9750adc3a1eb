package plan_test

import (
	"testing"

	"portwave/mage/plan"
)

// BenchmarkLoadValidateSummarize is what `mage plan` does after opening
// porting.db: load batches/ (6 batches, 377 IDs), validate them against the
// 3,673 features of the fixture and summarise.
func BenchmarkLoadValidateSummarize(b *testing.B) {
	inv := fixtureInventory(b)
	counts := inv.counts()
	for b.Loop() {
		p, err := plan.LoadBatches(committedBatches)
		if err != nil {
			b.Fatal(err)
		}
		if d := plan.Validate(p, inv, ""); d.Err() != nil {
			b.Fatal(d.Err())
		}
		plan.Summarize(p, inv, counts)
	}
}
