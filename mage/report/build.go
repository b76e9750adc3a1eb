package report

import (
	"context"
	"fmt"

	"github.com/sourcegraph/conc/pool"

	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// Build reads porting.db, the run ledger and, when p is not nil, the plan
// into a Report. An empty database, one with no runs and a first report
// (no opt.Previous) all make a report; only a failing query is an error.
//
// The per-module counts come first, since the summary is made from them and
// later steps need it. The other steps read porting.db independently and
// each fills its own part of the report, so they run side by side on the
// database's reader pool: on a large database that halves the wait.
func Build(ctx context.Context, db *portdb.DB, p *plan.Plan, opt Options) (*Report, error) {
	opt = opt.withDefaults()
	b := &builder{db: db, r: &Report{
		Version:   JSONVersion,
		Title:     opt.Title,
		Generated: opt.Now,
		Database:  opt.Database,
		Previous:  opt.Previous,
		Limits:    Limits{MaxModules: opt.MaxModules, MaxListed: opt.MaxListed},
		jsonTwin:  opt.JSON,
		Cost:      Cost{BudgetUSD: opt.BudgetUSD},
	}}
	if err := b.modules(ctx); err != nil {
		return nil, fmt.Errorf("building the report: %w", err)
	}
	steps := pool.New().WithContext(ctx).WithCancelOnError().WithFirstError()
	steps.Go(func(ctx context.Context) error {
		if err := b.ledger(ctx); err != nil {
			return err
		}
		if err := b.timeline(ctx); err != nil {
			return err
		}
		b.failures()
		if p == nil {
			return nil
		}
		return b.plan(ctx, p) // it shows the ledger's figures per batch
	})
	steps.Go(b.history)
	steps.Go(b.burnUp)
	steps.Go(b.open)
	if err := steps.Wait(); err != nil {
		return nil, fmt.Errorf("building the report: %w", err)
	}
	return b.r, nil
}

// builder carries what one step reads from porting.db to the steps after
// it, so each table is read once.
type builder struct {
	db     *portdb.DB
	r      *Report
	counts []portdb.ModuleCount // live items per Go file, kind and status
	runs   []port.BatchRun      // the whole ledger, oldest first
	// transitions are each ledger row's stage changes, by row ID.
	transitions map[int64][]port.Transition
}

// modules reads the per-module counts of both kinds at once and fills the
// summary and the module table from them.
func (b *builder) modules(ctx context.Context) error {
	kinds := []port.Kind{port.Feature, port.Test}
	counts := make([][]portdb.ModuleCount, len(kinds))
	reads := pool.New().WithContext(ctx).WithCancelOnError().WithFirstError()
	for i, k := range kinds {
		reads.Go(func(ctx context.Context) (err error) {
			counts[i], err = b.db.ModuleCounts(ctx, k)
			return err
		})
	}
	if err := reads.Wait(); err != nil {
		return err
	}
	b.counts = append(counts[0], counts[1]...)
	b.r.Summary = summarize(b.counts)
	b.r.Modules = moduleTable(b.counts)
	return nil
}

// summarize adds up the per-module counts.
func summarize(counts []portdb.ModuleCount) Summary {
	var s Summary
	for _, c := range counts {
		if c.Kind == port.Test {
			s.Tests.add(c.Status, c.Count)
		} else {
			s.Features.add(c.Status, c.Count)
		}
	}
	s.All = s.Features.plus(s.Tests)
	s.Line = fraction(s.All.Done, s.All.Total)
	return s
}
