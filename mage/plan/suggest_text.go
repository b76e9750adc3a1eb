package plan

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// WriteSuggestion prints a suggestion for people.
func WriteSuggestion(w io.Writer, s Suggestion, db Inventory) error {
	fmt.Fprintf(w, "%d %s the declared dependencies do not order: %d into a later wave, %d into a batch of the same wave, %d into an earlier wave, %d into no batch.\n",
		len(s.Issues), plural(len(s.Issues), "call", "calls"), s.Later, s.Parallel, len(s.Issues)-s.Later-s.Parallel-len(s.Unplanned), len(s.Unplanned))
	if len(s.FeatureMoves) > 0 {
		fmt.Fprintln(w, "\nFeatures to move, to break batches calling each other (the batch a feature joins ports it in the file that declares it):")
		for _, m := range s.FeatureMoves {
			fmt.Fprintf(w, "  %s: batch %d -> %d (%s calls %s at %s)\n", featureName(db, m.ID), m.From, m.To, featureName(db, m.Edge.From), featureName(db, m.Edge.To), m.Edge.Pos)
		}
	}
	for _, id := range s.Dropped {
		fmt.Fprintf(w, "  batch %d has no features left: remove it\n", id)
	}
	if len(s.Moves) > 0 || len(s.Deps) > 0 {
		how := ""
		if s.Strategy != "" {
			how = " (" + s.Strategy + ")"
		}
		fmt.Fprintf(w, "\nWaves and dependencies%s: %d wave %s, %d added %s.\n", how,
			len(s.Moves), plural(len(s.Moves), "change", "changes"), len(s.Deps), plural(len(s.Deps), "dependency", "dependencies"))
		for _, m := range s.Moves {
			fmt.Fprintf(w, "  batch %d: wave %d -> %d\n", m.Batch, m.From, m.To)
		}
		for _, d := range s.Deps {
			fmt.Fprintf(w, "  batch %d: depends on %d (%s calls %s at %s)\n", d.Batch, d.On, featureName(db, d.Edge.From), featureName(db, d.Edge.To), d.Edge.Pos)
		}
	}
	if len(s.Accepted) > 0 {
		fmt.Fprintln(w, "\nCalls no order can place, as their batches call each other both ways and no feature can move to part them; accepted unordered (**Accepted calls**:), their callees are stubs until their batch merges:")
		for _, a := range s.Accepted {
			fmt.Fprintf(w, "  batch %d -> %d: %s (%s calls %s at %s), since %s\n", a.Batch, a.On, plural(a.Calls, "1 call", fmt.Sprintf("%d calls", a.Calls)),
				featureName(db, a.Edge.From), featureName(db, a.Edge.To), a.Edge.Pos, runsAfter(a.Cycle))
		}
	}
	if len(s.Unplanned) > 0 {
		fmt.Fprintln(w, "\nCalls no order can place, into features no batch ports (add each callee to a batch, or port it first):")
		for _, is := range s.Unplanned {
			status := "not in porting.db"
			if it, ok := db.Feature(is.Edge.To); ok {
				status = string(it.Status)
			}
			fmt.Fprintf(w, "  batch %d: %s calls %s at %s (%s)\n", is.Batch, featureName(db, is.Edge.From), featureName(db, is.Edge.To), is.Edge.Pos, status)
		}
	}
	if s.Changes() == 0 {
		fmt.Fprintln(w, "\nNothing to change: every call the plan can place is ordered by its dependencies.")
	}
	fmt.Fprintln(w, "\nMakespan in pending features, the waves one after another:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  agents\tnow\tsuggested")
	for i := range s.Before {
		fmt.Fprintf(tw, "  %d\t%s\t%s\n", i+1, decimal(s.Before[i]), decimal(s.After[i]))
	}
	return tw.Flush()
}

// runsAfter says why a pair of batches cannot be ordered: path runs from
// the callee's batch back to the caller's.
func runsAfter(path []int) string {
	if len(path) == 2 {
		return fmt.Sprintf("%d runs after %d", path[0], path[1])
	}
	return fmt.Sprintf("%d runs after %d (%s)", path[0], path[len(path)-1], joinInts(path, " -> "))
}

func featureName(db Inventory, id int) string {
	if it, ok := db.Feature(id); ok {
		return fmt.Sprintf("%d %s", id, it.GoQualifiedName())
	}
	return strconv.Itoa(id)
}

func decimal(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
