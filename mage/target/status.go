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
	counts, err := db.CountAgentEvents(ctx)
	if err != nil {
		return err
	}
	cost := map[int]float64{}
	events := map[int]portdb.AgentEventCounts{}
	for _, br := range all {
		cost[br.Batch] += br.CostUSD
		c, e := counts[br.ID], events[br.Batch]
		e.Denials, e.APIRetries, e.AgentRetries = e.Denials+c.Denials, e.APIRetries+c.APIRetries, e.AgentRetries+c.AgentRetries
		events[br.Batch] = e
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
	// DENIED and RETRIES count over every attempt, as COST does: RETRIES
	// is the CLI's API retries + portwave's reruns of the agent.
	fmt.Fprintln(tw, "BATCH\tSTATE\tSTAGE\tATTEMPT\tDURATION\tTURNS\tCOST\tDENIED\tRETRIES\tLOG\tERROR")
	total := 0.0
	for _, id := range ids {
		br := latest[id]
		end := br.Finished
		if end.IsZero() {
			end = br.Updated
		}
		total += cost[id]
		e := events[id]
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%d\t$%.2f\t%d\t%d+%d\t%s\t%s\n", id, br.State, br.Stage, br.Attempt,
			end.Sub(br.Started).Round(time.Second), br.Turns, cost[id], e.Denials, e.APIRetries, e.AgentRetries,
			dash(progress.Printable(br.LogPath)), dash(progress.Printable(br.Error)))
	}
	fmt.Fprintf(tw, "\t\t\t\t\t\t$%.2f\t\t\ttotal agent cost\t\n", total)
	if err := tw.Flush(); err != nil {
		return err
	}
	return s.printDenials(ctx, db)
}

// printDenials lists every tool call the agents were refused: each is an
// agent trying something outside its rules, worth a look.
func (s *Session) printDenials(ctx context.Context, db *portdb.DB) error {
	evs, err := db.AgentEvents(ctx, 0)
	if err != nil {
		return err
	}
	for _, e := range evs {
		if e.Kind == portdb.EventDenial {
			fmt.Fprintf(s.Out, "batch %d attempt %d: denied %s\n", e.Batch, e.Attempt, progress.Printable(e.Detail))
		}
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
