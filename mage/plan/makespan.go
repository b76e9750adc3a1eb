package plan

import (
	"cmp"
	"slices"
)

// Makespan is how long the plan takes with a number of agents, in the
// weight's unit (pending features for PendingWeight), when the waves run one
// after another as the wave targets run them: each wave's batches go to
// the agents longest first, each to the agent free soonest, and the next
// wave starts when the last batch of this one ends.
func (p *Plan) Makespan(agents int, weight func(Batch) float64) float64 {
	agents = max(agents, 1)
	total := 0.0
	for _, w := range p.Waves() {
		ws := make([]float64, 0, len(w.Batches))
		for _, id := range w.Batches {
			b, _ := p.Batch(id)
			ws = append(ws, weight(*b))
		}
		slices.SortStableFunc(ws, func(a, b float64) int { return cmp.Compare(b, a) })
		load := make([]float64, agents)
		for _, x := range ws {
			i := slices.Index(load, slices.Min(load))
			load[i] += x
		}
		total += slices.Max(load)
	}
	return total
}

// Makespans is the makespan at 1, 2 and 3 agents, the plan's range of
// concurrency.
type Makespans [3]float64

// MakespansOf is the plan's makespan at 1, 2 and 3 agents.
func (p *Plan) MakespansOf(weight func(Batch) float64) Makespans {
	var m Makespans
	for i := range m {
		m[i] = p.Makespan(i+1, weight)
	}
	return m
}

// clone copies the plan deeply enough to change waves, dependencies and
// batches without touching p.
func (p *Plan) clone() *Plan {
	q := *p
	q.Batches = make([]Batch, len(p.Batches))
	for i, b := range p.Batches {
		b.DependsOn = slices.Clone(b.DependsOn)
		b.Features = slices.Clone(b.Features)
		b.Added = slices.Clone(b.Added)
		b.Targets = slices.Clone(b.Targets)
		b.Implied = slices.Clone(b.Implied)
		b.Accepted = slices.Clone(b.Accepted)
		q.Batches[i] = b
	}
	return &q
}
