package plan

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteSplit prints a split proposal for people.
func WriteSplit(w io.Writer, r SplitResult) error {
	b := r.Original
	fmt.Fprintf(w, "Batch %d (%s): %d %s listed, %d pending, over %d target %s.\n", b.ID, b.Name,
		r.Listed, plural(r.Listed, "feature", "features"), r.Pending, len(b.Targets), plural(len(b.Targets), "file", "files"))
	if len(r.Elsewhere) > 0 {
		var files []string
		n := 0
		for _, f := range slices.Sorted(maps.Keys(r.Elsewhere)) {
			files = append(files, fmt.Sprintf("%s (%d)", f, len(r.Elsewhere[f])))
			n += len(r.Elsewhere[f])
		}
		fmt.Fprintf(w, "%d pending %s declared outside the target files, and ported where declared: %s.\n", n, plural(n, "feature is", "features are"), strings.Join(files, ", "))
	}
	if len(r.Parts) == 0 {
		fmt.Fprintf(w, "It cannot be split: %s", r.Reason)
		if len(r.Chain) > 1 {
			fmt.Fprintf(w, " (the longest chain of calls: %s)", joinInts(r.Chain, " -> "))
		}
		fmt.Fprintln(w, ".")
		writeFirst(w, r)
		return nil
	}
	fmt.Fprintf(w, "Proposed: %d sub-batches that can run at the same time, their features joined by the calls between them.\n", len(r.Parts))
	for i, p := range r.Parts {
		ids := p.IDs()
		fmt.Fprintf(w, "  batch %d %s: %d %s (%s), %s\n", p.ID, p.Name, len(ids), plural(len(ids), "feature", "features"), formatIDs(ids),
			plural(r.Joined[i], "one part of features that call one another", fmt.Sprintf("%d parts that call nothing of each other", r.Joined[i])))
		for _, t := range p.Targets {
			fmt.Fprintf(w, "    %s\n", t.Path)
		}
	}
	for _, f := range slices.Sorted(maps.Keys(r.Shared)) {
		fmt.Fprintf(w, "Batches %s both change %s: the one merged second may conflict there.\n", joinAnd(intStrings(r.Shared[f])), f)
	}
	writeFirst(w, r)
	fmt.Fprintln(w, "\nMakespan in pending features, the waves one after another:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  agents\twithout\twith the split")
	for i := range r.Before {
		fmt.Fprintf(tw, "  %d\t%s\t%s\n", i+1, decimal(r.Before[i]), decimal(r.After[i]))
	}
	return tw.Flush()
}

func intStrings(ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprint(id)
	}
	return out
}

// writeFirst names the files whose features could go first, in a batch of
// their own.
func writeFirst(w io.Writer, r SplitResult) {
	for _, f := range slices.Sorted(maps.Keys(r.First)) {
		n := len(r.First[f])
		fmt.Fprintf(w, "Of the largest part (%d features), the %s of %s %s nothing else of the batch: a batch of %s own could run first, the rest after it.\n",
			r.LargestPart, plural(n, "feature", fmt.Sprintf("%d features", n)), f, plural(n, "calls", "call"), plural(n, "its", "their"))
	}
}
