package report

import (
	"context"
	"time"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

// history fills the changes and regressions since the previous report. A
// first report counts the whole history but names no changed items: they
// would be every item's first record.
func (b *builder) history(ctx context.Context) error {
	r := b.r
	var after time.Time
	listed := r.Limits.MaxListed
	if r.Previous != nil {
		after = r.Previous.Generated
		r.Changes.Since = timePtr(after)
	} else {
		listed = 0
	}
	tcs, err := b.db.TransitionCounts(ctx, after)
	if err != nil {
		return err
	}
	r.Changes.Transitions = make([]TransitionCount, 0, len(tcs))
	for _, tc := range tcs {
		r.Changes.Transitions = append(r.Changes.Transitions, TransitionCount{Kind: tc.Kind, From: tc.From, To: tc.To, Count: tc.Count})
		r.Changes.Count += tc.Count
		r.Changes.Verified += tc.Count * (isVerified(tc.To) - isVerified(tc.From))
		r.Changes.Done += tc.Count * (isDone(tc.To) - isDone(tc.From))
	}
	if r.Changes.Items, err = b.itemList(ctx, portdb.HistoryFilter{After: after, Limit: listed}); err != nil {
		return err
	}
	r.Regressions, err = b.itemList(ctx, portdb.HistoryFilter{After: after, RegressionsOnly: true, Limit: r.Limits.MaxListed})
	return err
}

func (b *builder) itemList(ctx context.Context, f portdb.HistoryFilter) (ItemList, error) {
	changes, total, err := b.db.ItemChanges(ctx, f)
	if err != nil {
		return ItemList{}, err
	}
	l := ItemList{Total: total, Entries: make([]ItemChange, 0, len(changes))}
	for _, c := range changes {
		name := c.GoName
		if c.GoReceiver != "" {
			name = c.GoReceiver + "." + c.GoName
		}
		l.Entries = append(l.Entries, ItemChange{Kind: c.Kind, ID: c.ItemID, Module: c.GoFile, Name: name,
			From: c.From, To: c.To, At: c.At, Reason: c.Reason, Run: c.RunID, Current: c.Current})
	}
	return l, nil
}

func isVerified(s port.Status) int {
	if s == port.Verified {
		return 1
	}
	return 0
}

func isDone(s port.Status) int {
	if s.Done() {
		return 1
	}
	return 0
}

// burnUp turns the history into a burn-up series anchored at the present:
// the last point is the verified count the summary shows, and each earlier
// one undoes the changes recorded after it. Anchoring at the end keeps the
// chart honest about today even when early history is missing (items
// loaded without a record); a count that would go below zero is held at
// zero.
func (b *builder) burnUp(ctx context.Context) error {
	r := b.r
	steps, err := b.db.HistorySteps(ctx, maxBurnUpPoints)
	if err != nil {
		return err
	}
	pts := make([]BurnUpPoint, len(steps), len(steps)+1)
	verified, total := r.Summary.All.Verified, r.Summary.All.Total
	for i := len(steps) - 1; i >= 0; i-- {
		pts[i] = BurnUpPoint{T: steps[i].At, Verified: max(0, verified), Total: max(0, total)}
		verified -= steps[i].Verified
		total -= steps[i].Added
	}
	if r.Summary.All.Total > 0 && (len(pts) == 0 || r.Generated.After(pts[len(pts)-1].T)) {
		pts = append(pts, BurnUpPoint{T: r.Generated, Verified: r.Summary.All.Verified, Total: r.Summary.All.Total})
	}
	r.BurnUp = pts
	return nil
}
