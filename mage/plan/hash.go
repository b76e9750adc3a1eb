package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
)

// SpecHash identifies a batch's spec: its IDs, targets and dependencies.
// A finished batch whose spec changed runs again.
func (b Batch) SpecHash() string {
	spec := struct {
		IDs     []int
		Targets []string
		Deps    []int
	}{b.AllIDs(), nil, b.DepIDs()}
	for _, t := range b.Targets {
		spec.Targets = append(spec.Targets, t.Path)
	}
	data, _ := json.Marshal(spec)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

// GraphHash identifies the shape of a plan: every batch with its wave and
// the batches it depends on, declared and implied. The generated Mage
// targets (magefile_plan.go) carry it, so a target generated from one plan
// refuses to run another whose dependencies it would get wrong.
func (p *Plan) GraphHash() string {
	batches := slices.Clone(p.Batches)
	slices.SortFunc(batches, func(a, b Batch) int { return a.ID - b.ID })
	h := sha256.New()
	for _, b := range batches {
		deps := b.DepIDs()
		slices.Sort(deps)
		fmt.Fprintf(h, "%d:%d:%v", b.ID, b.Wave, deps)
		if len(b.Implied) > 0 {
			fmt.Fprintf(h, ":implied%v", b.ImpliedIDs())
		}
		fmt.Fprintln(h)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
