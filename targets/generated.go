package targets

import (
	"context"

	"portwave/mage/command"
)

// Generated is what the plan's own targets call: magefile_plan.go, which
// plan:import and plan:targets write beside the magefile, runs each of
// its Batch and Wave targets through it. The generated file imports only
// this package, portwave's public one, so a port's generated targets keep
// compiling whatever portwave's inner packages are called. The two calls
// are methods of a value rather than functions because Mage lists every
// exported function of an imported package whose arguments it can parse
// (ints and strings among them) as a target of its own.
var Generated generated

type generated struct{}

// Batch runs batch id, unless it is merged already; graph is the plan's
// shape the targets were generated from, and a plan of another shape is
// refused before anything runs.
func (generated) Batch(ctx context.Context, id int, graph string) error {
	return command.PlanBatch(ctx, id, graph)
}

// Wave runs the batches of wave n not merged yet, refusing a plan of
// another shape as Batch does.
func (generated) Wave(ctx context.Context, n int, graph string) error {
	return command.PlanWave(ctx, n, graph)
}
