package report

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"portwave/mage/plan"
	"portwave/mage/port"
)

// features is the plan's view of porting.db: only the features the plan
// lists, looked up by ID, so a plan over a million-item database reads a
// few hundred rows.
type features map[int]port.Item

func (f features) Feature(id int) (port.Item, bool) {
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
	t := pp.Total
	r.BurnUpTarget = r.Summary.All.Verified + t.Listed - t.Missing - t.Verified
	r.BurnUpBands = waveBands(p, b.runs)
	return nil
}

// waveBands finds when each wave ran: one band per wave and run, from the
// first start of one of its batch rows to the last end.
func waveBands(p *plan.Plan, rows []port.BatchRun) []BurnUpBand {
	wave := map[int]int{}
	for _, w := range p.Waves() {
		for _, id := range w.Batches {
			wave[id] = w.Number
		}
	}
	type key struct {
		wave int
		run  int64
	}
	bands := map[key]*BurnUpBand{}
	var order []key
	runsOf := map[int]map[int64]bool{}
	for _, br := range rows {
		n, ok := wave[br.Batch]
		if !ok || br.Started.IsZero() {
			continue
		}
		end := br.Finished
		if end.IsZero() {
			end = br.Updated
		}
		k := key{n, br.RunID}
		bd := bands[k]
		if bd == nil {
			bd = &BurnUpBand{Wave: n, Run: br.RunID, Start: br.Started, End: end}
			bands[k] = bd
			order = append(order, k)
			if runsOf[n] == nil {
				runsOf[n] = map[int64]bool{}
			}
			runsOf[n][br.RunID] = true
		}
		if br.Started.Before(bd.Start) {
			bd.Start = br.Started
		}
		if end.After(bd.End) {
			bd.End = end
		}
	}
	out := make([]BurnUpBand, 0, len(order))
	for _, k := range order {
		bd := *bands[k]
		bd.Label = fmt.Sprintf("wave %d", k.wave)
		if len(runsOf[k.wave]) > 1 {
			bd.Label += fmt.Sprintf(", run %d", k.run)
		}
		out = append(out, bd)
	}
	slices.SortStableFunc(out, func(a, b BurnUpBand) int { return a.Start.Compare(b.Start) })
	return out
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
	}
	c.Verified = port.CountVerified(b.AllIDs(), inv)
	return c
}

func featureCounts(c StatusCounts) plan.FeatureCounts {
	fc := plan.FeatureCounts{}
	for s, n := range map[port.Status]int{port.Verified: c.Verified, port.Complete: c.Complete,
		port.NA: c.NA, port.Stub: c.Stub, port.Deferred: c.Deferred, port.Unknown: c.Unknown} {
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
		name port.Status
	}{{c.Complete, port.Complete}, {c.NA, port.NA}, {c.Stub, port.Stub}, {c.Deferred, port.Deferred}, {c.Unknown, port.Unknown}} {
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
