package plan

import (
	"fmt"
	"slices"

	"portwave/mage/callgraph"
	"portwave/mage/port"
)

// SplitResult is a proposal to run one batch as several, in parallel.
type SplitResult struct {
	Original Batch
	Listed   int     // features the batch lists
	Pending  int     // of them, still to port
	Parts    []Batch // the first keeps the batch's ID; empty when it cannot be split
	// Reason says why there are no parts: no pending feature, or one
	// connected part (Chain is then the longest call chain found in it).
	Reason string
	Chain  []int
	Plan   *Plan // the plan with the split made (p itself when there are no parts)
	// Elsewhere are the pending features placed outside the batch's target
	// files, by file: each part changes the files its features are placed
	// in, and takes those as targets.
	Elsewhere map[string][]int
	// Shared are the files several parts change: whichever merges second
	// may conflict there.
	Shared map[string][]int // file -> the parts' batch IDs
	// Joined is, for each part, how many parts of features that call one
	// another it holds: the parts packed into one sub-batch.
	Joined []int
	// First are the files of the largest connected part whose features
	// call nothing else of the batch: they could go first, as a batch of
	// their own that the rest depends on (no parallelism, a shorter batch).
	First         map[string][]int
	LargestPart   int // features in the largest connected part
	Before, After Makespans
}

// Split proposes up to n sub-batches (at least two, when the batch has two
// independent parts) of batch id that can run at the same time. Its
// pending features are joined by the calls between them: a part holds
// features that call one another, directly or not, whatever file holds
// them (a call between two parallel batches is what validate warns
// about). The parts are packed into n sub-batches, heaviest first, each
// into the lightest so far; the done features the batch lists go with the
// first. fileOf is the file a feature is ported in (placement: where its
// member is declared, else its target); each sub-batch takes the batch's
// targets its features are in, and the other files they are placed in.
//
// The sub-batches take the batch's wave, dependencies and summary; the
// first keeps its ID, the others take the next free IDs; every batch that
// depended on the original depends on all of them.
func Split(p *Plan, id, n int, db Inventory, edges []callgraph.Edge, fileOf func(port.Item) string) (SplitResult, error) {
	b, err := p.Find(id)
	if err != nil {
		return SplitResult{}, err
	}
	weight := PendingWeight(db)
	r := SplitResult{Original: *b, Plan: p, Before: p.MakespansOf(weight), Shared: map[string][]int{}}
	r.After = r.Before
	fs := sortForSplit(*b, db, fileOf)
	r.Listed, r.Pending, r.Elsewhere = len(fs.pending)+len(fs.done), len(fs.pending), fs.elsewhere
	parts := connectedParts(fs.pending, edges)
	r.First = goFirst(largest(parts), fs.file, edges)
	r.LargestPart = len(largest(parts))
	switch {
	case len(fs.pending) == 0:
		r.Reason = "it has no pending feature"
		return r, nil
	case len(parts) < 2:
		r.Reason = fmt.Sprintf("its %d pending features form one connected part: each calls or is called by another of them", len(fs.pending))
		r.Chain = longestChain(fs.pending, edges)
		return r, nil
	}
	packed, joined := pack(parts, min(max(n, 2), len(parts)))
	packed[0] = append(packed[0], fs.done...)
	r.Joined = joined
	r.Parts = partBatches(p, *b, packed, fs.file)
	r.Shared = sharedFiles(r.Parts, fs)
	r.Plan = withParts(p, id, r.Parts)
	r.After = r.Plan.MakespansOf(weight)
	return r, nil
}

// splitFeatures are the features a batch lists, sorted for a split: only
// the pending ones are shared out by their calls; the done ones go with
// the first part.
type splitFeatures struct {
	pending, done []int
	// file is where each pending feature is ported (fileOf), "" when the
	// inventory does not have it.
	file map[int]string
	// elsewhere are the pending features placed outside the batch's
	// target files, by file.
	elsewhere map[string][]int
}

func sortForSplit(b Batch, db Inventory, fileOf func(port.Item) string) splitFeatures {
	fs := splitFeatures{file: map[int]string{}, elsewhere: map[string][]int{}}
	for _, fid := range b.AllIDs() {
		if !pending(db, fid) {
			fs.done = append(fs.done, fid)
			continue
		}
		fs.pending = append(fs.pending, fid)
		if it, ok := db.Feature(fid); ok {
			fs.file[fid] = fileOf(it)
		}
		if f := fs.file[fid]; f != "" && !slices.ContainsFunc(b.Targets, func(t Target) bool { return t.Path == f }) {
			fs.elsewhere[f] = append(fs.elsewhere[f], fid)
		}
	}
	return fs
}

// partTargets are the batch's targets its features are placed in, then the
// other files they are placed in; a part none of whose features has a file
// keeps the batch's first target.
func partTargets(b Batch, ids []int, file map[int]string) []Target {
	used := map[string]bool{}
	for _, fid := range ids {
		if f := file[fid]; f != "" {
			used[f] = true
		}
	}
	var out []Target
	for _, t := range b.Targets {
		if used[t.Path] {
			out = append(out, t)
			delete(used, t.Path)
		}
	}
	for _, f := range slices.Sorted(func(yield func(string) bool) {
		for f := range used {
			if !yield(f) {
				return
			}
		}
	}) {
		out = append(out, Target{Path: f, Note: "where its features are declared"})
	}
	if len(out) == 0 && len(b.Targets) > 0 {
		out = append(out, b.Targets[0])
	}
	return out
}

// rangesOf writes sorted IDs as runs.
func rangesOf(ids []int) Ranges {
	var rs Ranges
	for _, id := range ids {
		if n := len(rs); n > 0 && rs[n-1].Hi == id-1 {
			rs[n-1].Hi = id
			continue
		}
		rs = append(rs, Range{Lo: id, Hi: id})
	}
	return rs
}
