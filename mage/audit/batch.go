package audit

import (
	"context"
	"fmt"
	"strings"

	"portwave/mage/port"
)

// BatchResult answers, for one batch: how many of its features are
// implemented in the tree, and which are not yet.
type BatchResult struct {
	Total       int
	Implemented int
	Pending     []Finding // stubs, missing, ambiguous or untrusted
	Failed      []string  // files that could not be scanned
}

// Done reports whether every feature of the batch is implemented.
func (b *BatchResult) Done() bool { return b.Implemented == b.Total }

// Summary is the one-line answer: "12 of 14 implemented; still stubs or
// missing: 2168 Server.Connz (stub at ...), ...".
func (b *BatchResult) Summary() string {
	s := fmt.Sprintf("%d of %d implemented", b.Implemented, b.Total)
	if len(b.Pending) == 0 {
		return s
	}
	var parts []string
	for _, f := range b.Pending {
		parts = append(parts, fmt.Sprintf("%d %s (%s)", f.Item.ID, f.Item.GoQualifiedName(), f.Verdict))
	}
	return s + "; still stubs or missing: " + strings.Join(parts, ", ")
}

// Batch audits only the given features against the tree at opt.Root (a
// batch's worktree) and writes nothing. items must be every feature, so that
// names shared with features outside the batch are weighed correctly.
func Batch(ctx context.Context, items []port.Item, ids []int, opt Options) (*BatchResult, error) {
	idx, _, err := Tree(ctx, Options{Root: opt.Root, StubMarker: opt.StubMarker, Symbols: opt.Symbols, Configuration: opt.Configuration, Workers: opt.Workers,
		Incremental: true, SharedCache: true})
	if err != nil {
		return nil, fmt.Errorf("batch audit: %w", err)
	}
	want := map[int]bool{}
	for _, id := range ids {
		want[id] = true
	}
	res := &BatchResult{Failed: idx.Failed()}
	for _, f := range ClassifyWithGo(items, idx, opt.Naming, opt.GoRoot) {
		if f.Item.Kind != port.Feature || !want[f.Item.ID] {
			continue
		}
		res.Total++
		if f.Verdict == Implemented {
			res.Implemented++
		} else {
			res.Pending = append(res.Pending, f)
		}
	}
	return res, nil
}
