// Package schedule runs a dependency graph of batches under a concurrency
// limit, critical path first.
//
// It is hand-written rather than taken from a task runner because the plan
// needs what none of them combine: a ready queue ordered by the longest
// remaining path (the batches that hold up the most work start first), a
// batch that fails skipping only its dependents while independent batches go
// on, a spending limit checked before each start, and a report that says what
// happened to every batch and why the run stopped early. Goroutines come from
// sourcegraph/conc, which also turns a panicking batch into an error.
//
// The graph follows three rules: a batch runs at most once, and every
// dependent sees its one outcome; a batch waiting for its dependencies holds
// no concurrency slot; cycles and unknown dependencies are rejected, with an
// error that names them, before anything runs.
package schedule

import "context"

// DefaultJobs is the concurrency limit when Options.Jobs is not set: the
// plan's "2-3 concurrent" agents.
const DefaultJobs = 3

// Node is one batch in the graph.
type Node struct {
	ID   int
	Deps []int // batches that must be Done (or AlreadyDone) before this one starts
	// Weight is the batch's expected duration in any unit (the number of
	// features it ports will do). Only ratios matter: it orders the ready
	// batches by the heaviest chain of work still behind them.
	Weight float64
}

// RunFunc runs one batch to its end. A nil error means the batch is done
// (merged); its dependents may start. It must return soon after ctx is
// cancelled. The error is kept as it is, so it should name the batch.
type RunFunc func(ctx context.Context, id int) error

// Options tune a Run. The zero value runs DefaultJobs batches at once, keeps
// going after a failure, has no budget and treats nothing as already done.
type Options struct {
	// Jobs is the most batches running at once; 0 or less means DefaultJobs.
	Jobs int
	// FailFast stops starting batches after the first failure. The batches
	// already running are not cancelled: they finish and are reported, since
	// their work may be good and a half-cancelled merge is worse than a
	// finished one.
	FailFast bool
	// BudgetUSD, if set, is asked before each batch starts. Once limit > 0 and
	// spent >= limit, no new batch starts; running ones finish.
	BudgetUSD func() (spent, limit float64)
	// Done, if set, tells which batches finished in an earlier run. They are
	// not run again, they satisfy their dependents, and a dependency outside
	// the nodes given to Run is accepted when Done says it is finished (that
	// is how a wave runs after the waves before it). Done is called at most
	// once per batch, before anything runs.
	Done func(id int) bool
	// Events, if set, receives what happens, in order, from the goroutine
	// that called Run: it needs no locking but should return quickly.
	Events func(Event)
}

// Run runs the batches of nodes, each once, as soon as its dependencies are
// done and a slot is free, and returns what happened to each of them. It
// returns when no batch is running and none can start.
//
// The error is non-nil when the graph is invalid (then nothing ran and the
// Report is empty: see CycleError), or when not every batch ended Done or
// AlreadyDone: it then joins the error of every Failed batch and, if the run
// stopped early, a *StopError saying why.
//
// Cancelling ctx stops new starts; the running batches see ctx cancelled,
// and those that return an error are Interrupted. Run waits for them all.
func Run(ctx context.Context, nodes []Node, run RunFunc, opt Options) (Report, error) {
	if opt.Jobs <= 0 {
		opt.Jobs = DefaultJobs
	}
	g, err := newGraph(nodes, opt.Done)
	if err != nil {
		return Report{}, err
	}
	s := newScheduler(g, run, opt)
	return s.run(ctx)
}
