package plan_test

import (
	"testing"

	"portwave/mage/plan"
)

// Every command that takes a batch number says the same thing of one the
// plan does not have, and lists the numbers it does have.
func TestFindListsTheBatchesThePlanHas(t *testing.T) {
	p := &plan.Plan{Batches: []plan.Batch{{ID: 11, Name: "Foundation"}, {ID: 12}, {ID: 14}}}
	b, err := p.Find(11)
	if err != nil || b.Name != "Foundation" {
		t.Fatalf("Find(11) = %+v, %v; want batch 11", b, err)
	}
	tests := []struct {
		name string
		plan *plan.Plan
		want string
	}{
		{"a plan with batches", p, "batch 44 is not in the plan; its batches are 11, 12, 14"},
		{"a plan without batches", &plan.Plan{}, "batch 44 is not in the plan: the plan has no batches yet (go run mage.go plan:import)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.plan.Find(44)
			if b != nil || err == nil || err.Error() != tt.want {
				t.Errorf("Find(44) = %v, %v; want %q", b, err, tt.want)
			}
		})
	}
}
