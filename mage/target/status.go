package target

import (
	"context"
	"encoding/json"
	"fmt"
	"portwave/mage/progress"
	"sort"
	"text/tabwriter"
	"time"

	"portwave/mage/portdb"
)

// Status prints the ledger: each batch's latest attempt with its state,
// stage, duration, turns, cost and log.
func (s *Session) Status(ctx context.Context) error {
	db, err := s.OpenDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	latest, err := db.LatestBatchRuns(ctx)
	if err != nil {
		return err
	}
	all, err := db.BatchRuns(ctx, 0)
	if err != nil {
		return err
	}
	cost := map[int]float64{}
	for _, br := range all {
		cost[br.Batch] += br.CostUSD
	}
	ids := make([]int, 0, len(latest))
	for id := range latest {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	if s.JSON() {
		rows := make([]portdb.BatchRun, 0, len(ids))
		for _, id := range ids {
			rows = append(rows, latest[id])
		}
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	if len(ids) == 0 {
		fmt.Fprintf(s.Out, "no batch has run yet in %s\n", s.Config.Workspace)
		return nil
	}
	tw := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BATCH\tSTATE\tSTAGE\tATTEMPT\tDURATION\tTURNS\tCOST\tLOG\tERROR")
	total := 0.0
	for _, id := range ids {
		br := latest[id]
		end := br.Finished
		if end.IsZero() {
			end = br.Updated
		}
		total += cost[id]
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%d\t$%.2f\t%s\t%s\n", id, br.State, br.Stage, br.Attempt,
			end.Sub(br.Started).Round(time.Second), br.Turns, cost[id], dash(progress.Printable(br.LogPath)), dash(progress.Printable(br.Error)))
	}
	fmt.Fprintf(tw, "\t\t\t\t\t\t$%.2f\ttotal agent cost\t\n", total)
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
