package report

import (
	"context"
	"fmt"
	"strings"

	"portwave/mage/plan"
	"portwave/mage/portdb"
)

// features is the plan's view of porting.db: only the features the plan
// lists, looked up by ID, so a plan over a million-item database reads a
// few hundred rows.
type features map[int]portdb.Item

func (f features) Feature(id int) (portdb.Item, bool) {
	it, ok := f[id]
	return it, ok
}

// plan lays the plan's waves and batches over porting.db and the ledger,
// and measures the plan's expected outcome.
func (b *builder) plan(ctx context.Context, p *plan.Plan) error {
	r := b.r
	var ids []int
	for _, batch := range p.Batches {
		ids = append(ids, batch.AllIDs()...)
	}
	items, err := b.db.FeaturesByID(ctx, ids)
	if err != nil {
		return err
	}
	inv := features(items)
	sum := plan.Summarize(p, inv, featureCounts(r.Summary.Features))
	runs := map[int]*BatchLedger{}
	for i := range r.Ledger {
		runs[r.Ledger[i].Batch] = &r.Ledger[i]
	}
	pp := &PlanProgress{
		Title:         p.Title,
		Document:      p.Document,
		Expected:      nonNil(p.ExpectedOutcome),
		Measured:      measured(r.Summary),
		Projected:     sum.Outcome.FeaturesLine,
		ProjectedRest: sum.Outcome.RemainingLine,
		Waves:         []WaveProgress{},
	}
	for _, w := range sum.Waves {
		wp := WaveProgress{Wave: w.Wave, Note: w.Note}
		for _, bs := range w.Batches {
			batch, _ := p.Batch(bs.ID)
			bp := BatchProgress{ID: batch.ID, Name: batch.Name, BatchCounts: batchCounts(*batch, inv), Run: runs[batch.ID]}
			if bp.Run != nil {
				bp.Run.Name = batch.Name
			}
			pp.Total.add(bp.BatchCounts)
			pp.Batches++
			if bp.Pending == 0 && bp.Missing == 0 {
				pp.BatchesDone++
			}
			wp.Batches = append(wp.Batches, bp)
		}
		pp.Waves = append(pp.Waves, wp)
	}
	r.Plan = pp
	return nil
}

// batchCounts counts a batch's IDs by where they stand; an ID listed twice
// in the batch counts once.
func batchCounts(b plan.Batch, inv features) BatchCounts {
	var c BatchCounts
	seen := map[int]bool{}
	for _, id := range b.AllIDs() {
		if seen[id] {
			continue
		}
		seen[id] = true
		c.Listed++
		it, ok := inv[id]
		switch {
		case !ok:
			c.Missing++
		case it.Status.Done():
			c.Done++
		default:
			c.Pending++
		}
		if ok && it.Status == portdb.Verified {
			c.Verified++
		}
	}
	return c
}

func featureCounts(c StatusCounts) plan.FeatureCounts {
	fc := plan.FeatureCounts{}
	for s, n := range map[portdb.Status]int{portdb.Verified: c.Verified, portdb.Complete: c.Complete,
		portdb.NA: c.NA, portdb.Stub: c.Stub, portdb.Deferred: c.Deferred, portdb.Unknown: c.Unknown} {
		if n > 0 {
			fc[s] = n
		}
	}
	return fc
}

// measured words the port's state the way a plan's expected outcome does:
// features verified, what else the features are, tests verified.
func measured(s Summary) []string {
	f, t := s.Features, s.Tests
	return []string{
		fmt.Sprintf("Features: %d/%d verified = %s", f.Verified, f.Total, percentText(f.Verified, f.Total)),
		"Remaining: " + statusList(f, "nothing"),
		fmt.Sprintf("Tests: %d/%d verified = %s; others: %s", t.Verified, t.Total, percentText(t.Verified, t.Total), statusList(t, "none")),
	}
}

// statusList names the counts of every status but verified, in the order
// reports show statuses: "22 complete, 24 n/a, 363 deferred, 1 stub".
func statusList(c StatusCounts, none string) string {
	var parts []string
	for _, sc := range []struct {
		n    int
		name portdb.Status
	}{{c.Complete, portdb.Complete}, {c.NA, portdb.NA}, {c.Stub, portdb.Stub}, {c.Deferred, portdb.Deferred}, {c.Unknown, portdb.Unknown}} {
		if sc.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", sc.n, sc.name))
		}
	}
	if len(parts) == 0 {
		return none
	}
	return strings.Join(parts, ", ")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
