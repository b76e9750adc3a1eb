package plan

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteSplit prints a split proposal for people.
func WriteSplit(w io.Writer, r SplitResult) error {
	b := r.Original
	fmt.Fprintf(w, "Batch %d (%s): %d features over %d target %s.\n", b.ID, b.Name, len(b.AllIDs()), len(b.Targets), plural(len(b.Targets), "file", "files"))
	if len(r.Parts) == 0 {
		fmt.Fprintf(w, "It cannot be split: %s.\n", r.Reason)
		return nil
	}
	fmt.Fprintf(w, "Proposed: %d sub-batches that can run at the same time.\n", len(r.Parts))
	for _, p := range r.Parts {
		fmt.Fprintf(w, "  batch %d %s: %d %s (%s)\n", p.ID, p.Name, len(p.IDs()), plural(len(p.IDs()), "feature", "features"), formatIDs(p.IDs()))
		for _, t := range p.Targets {
			fmt.Fprintf(w, "    %s\n", t.Path)
		}
	}
	if len(r.Unmatched) > 0 {
		fmt.Fprintf(w, "Features whose target file could not be told, kept with %s: %s\n", b.Targets[0].Path, formatIDs(r.Unmatched))
	}
	fmt.Fprintln(w, "\nMakespan in pending features, the waves one after another:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  agents\twithout\twith the split")
	for i := range r.Before {
		fmt.Fprintf(tw, "  %d\t%s\t%s\n", i+1, decimal(r.Before[i]), decimal(r.After[i]))
	}
	return tw.Flush()
}
