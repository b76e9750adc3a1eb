package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteText renders a summary for a terminal: waves, a table of batches,
// targets and added features, the critical path, and the outcome next to
// what the plan expects.
func WriteText(w io.Writer, s Summary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if s.Title != "" {
		fmt.Fprintf(tw, "%s\n", s.Title)
	}
	if s.Document != "" {
		fmt.Fprintf(tw, "from %s\n", s.Document)
	}
	fmt.Fprintf(tw, "\nWAVE\tNOTE\tBATCHES\n")
	for _, wv := range s.Waves {
		var ids []int
		for _, b := range wv.Batches {
			ids = append(ids, b.ID)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", wv.Wave, dash(wv.Note), joinInts(ids, ", "))
	}
	fmt.Fprintf(tw, "\nWAVE\tBATCH\tNAME\tLISTED\tADDED\tPENDING\tDONE\tDECLARED\tDEPENDS ON\n")
	for _, wv := range s.Waves {
		for _, b := range wv.Batches {
			deps := joinInts(b.DependsOn, ", ")
			if len(b.Implied) > 0 {
				deps = strings.TrimPrefix(deps+" + "+joinInts(b.Implied, ", ")+" (calls)", " + ")
			}
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\n", wv.Wave, b.ID, b.Name, countCells(b.Counts), dash(deps))
		}
	}
	fmt.Fprintf(tw, "\ttotal\t\t%s\n", countCells(s.Total))
	if s.Total.Missing > 0 {
		fmt.Fprintf(tw, "\n%d listed IDs are not in porting.db.\n", s.Total.Missing)
	}
	fmt.Fprintf(tw, "\nBATCH\tTARGET FILE\tNOTE\n")
	for _, wv := range s.Waves {
		for _, b := range wv.Batches {
			for i, t := range b.Targets {
				id := strconv.Itoa(b.ID)
				if i > 0 {
					id = ""
				}
				fmt.Fprintln(tw, strings.TrimRight(fmt.Sprintf("%s\t%s\t%s", id, t.Path, t.Note), "\t"))
			}
		}
	}
	var added []string
	for _, wv := range s.Waves {
		for _, b := range wv.Batches {
			for _, a := range b.AddedIDs {
				added = append(added, strings.TrimRight(fmt.Sprintf("%d\t%s\t%s\t%s", b.ID, a.IDs, a.Label, a.Note), "\t")+"\n")
			}
		}
	}
	if len(added) > 0 {
		fmt.Fprintf(tw, "\nBATCH\tADDED\tFROM\tNOTE\n%s", strings.Join(added, ""))
	}
	if s.Finished {
		fmt.Fprintf(tw, "\nFinished: every feature of the plan's batches is done (%d), none is pending\n", s.Total.Done)
	} else {
		fmt.Fprintf(tw, "\nCritical path: %s (%s pending features)\n", joinInts(s.CriticalPath, " -> "), strconv.FormatFloat(s.CriticalPending, 'f', -1, 64))
	}
	// What porting.db holds now is a measurement; what the plan leads to is
	// an expectation, worded as one.
	fmt.Fprintf(tw, "\nMeasured now in porting.db: %d of %d features verified\n", s.Outcome.VerifiedNow, s.Outcome.Total)
	fmt.Fprintf(tw, "Expected once every batch is done (each listed feature counted as verified):\n  %s\n  %s\n",
		s.Outcome.FeaturesLine, s.Outcome.RemainingLine)
	if len(s.ExpectedOutcome) > 0 {
		fmt.Fprintf(tw, "The plan document expects:\n")
		for _, line := range s.ExpectedOutcome {
			fmt.Fprintf(tw, "  %s\n", line)
		}
	}
	return tw.Flush()
}

// WriteJSON renders a summary as indented JSON, for scripts and CI.
func WriteJSON(w io.Writer, s Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

func countCells(c Counts) string {
	return fmt.Sprintf("%d\t%d\t%d\t%d\t%d", c.Listed, c.Added, c.Pending, c.Done, c.Declared)
}

func joinInts(ids []int, sep string) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.Itoa(id)
	}
	return strings.Join(parts, sep)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
