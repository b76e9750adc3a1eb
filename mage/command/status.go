package command

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/progress"
)

// StatusRow is one batch in `status`: the ledger's figures
// (port.Figures, one definition for every view) and its verified count.
type StatusRow struct {
	Batch    int        `json:"batch"`
	State    port.State `json:"state"`
	Stage    port.Stage `json:"stage"`
	Attempt  int        `json:"attempt"`
	Rows     int        `json:"ledger_rows"`
	Seconds  float64    `json:"seconds"`
	Turns    int        `json:"turns"`
	CostUSD  float64    `json:"cost_usd"`
	Input    int64      `json:"input_tokens"`
	Output   int64      `json:"output_tokens"`
	Verified *int       `json:"verified"` // nil when the plan does not list the batch
	LogPath  string     `json:"log_path"`
	Error    string     `json:"error"`
	// Over every attempt, as the cost: the tool calls the CLI refused, its
	// own API retries, and portwave's reruns of the agent.
	Denials      int `json:"denials"`
	APIRetries   int `json:"api_retries"`
	AgentRetries int `json:"agent_retries"`
}

// Status prints the ledger: each batch's state and stage, its newest
// attempt, and its duration, turns and cost over all attempts, with the
// features of it verified now.
func (s *Session) Status(ctx context.Context) error {
	rows, err := s.statusRows(ctx)
	if err != nil {
		return err
	}
	if s.JSON() {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	if len(rows) == 0 {
		fmt.Fprintf(s.Out, "no batch has run yet in %s\n", s.Config.Workspace)
		return nil
	}
	// RETRIES is the CLI's API retries + portwave's reruns of the agent.
	t := progress.Table{Header: []string{"BATCH", "STATE", "STAGE", "ATTEMPT", "DURATION", "TURNS", "COST", "VERIFIED", "DENIED", "RETRIES", "LOG", "ERROR"},
		Shorten: []func(string, int) string{10: progress.ShortenMiddle, 11: progress.ShortenEnd}, Yield: []int{11, 10}}
	var turns int
	var cost float64
	for _, r := range rows {
		verified := "-"
		if r.Verified != nil {
			verified = fmt.Sprint(*r.Verified)
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(r.Batch), string(r.State), string(r.Stage), fmt.Sprint(r.Attempt),
			formatSeconds(r.Seconds), fmt.Sprint(r.Turns), fmt.Sprintf("$%.2f", r.CostUSD), verified,
			fmt.Sprint(r.Denials), fmt.Sprintf("%d+%d", r.APIRetries, r.AgentRetries),
			dash(progress.Printable(r.LogPath)), dash(progress.Printable(r.Error))})
		turns += r.Turns
		cost += r.CostUSD
	}
	t.Rows = append(t.Rows, []string{"total", "", "", "", "", fmt.Sprint(turns), fmt.Sprintf("$%.2f", cost), "", "", "", "", ""})
	if _, err = fmt.Fprint(s.Out, t.Render(progress.TableWidth(s.Out))); err != nil {
		return err
	}
	return s.printDenials(ctx)
}

// printDenials lists every tool call the agents were refused: each is an
// agent trying something outside its rules, worth a look.
func (s *Session) printDenials(ctx context.Context) error {
	db, err := s.OpenDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
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

// statusRows reads the ledger's figures, and the plan's batches to count
// what each verified; a plan that cannot be read leaves the counts out.
func (s *Session) statusRows(ctx context.Context) ([]StatusRow, error) {
	db, err := s.OpenDBReadOnly(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	figs, err := db.BatchFigures(ctx)
	if err != nil {
		return nil, err
	}
	verified := map[int]int{}
	if p, err := plan.LoadBatches(s.Config.Batches); err == nil {
		var ids []int
		for _, b := range p.Batches {
			ids = append(ids, b.AllIDs()...)
		}
		items, err := db.FeaturesByID(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, b := range p.Batches {
			verified[b.ID] = port.CountVerified(b.AllIDs(), items)
		}
	}
	counts, err := db.CountAgentEvents(ctx)
	if err != nil {
		return nil, err
	}
	all, err := db.BatchRuns(ctx, 0)
	if err != nil {
		return nil, err
	}
	events := map[int]portdb.AgentEventCounts{}
	for _, br := range all {
		c, e := counts[br.ID], events[br.Batch]
		e.Denials, e.APIRetries, e.AgentRetries = e.Denials+c.Denials, e.APIRetries+c.APIRetries, e.AgentRetries+c.AgentRetries
		events[br.Batch] = e
	}
	rows := make([]StatusRow, 0, len(figs))
	for _, f := range figs {
		r := StatusRow{Batch: f.Batch, State: f.State, Stage: f.Stage, Attempt: f.Attempt, Rows: f.Rows,
			Seconds: f.Seconds, Turns: f.Turns, CostUSD: f.CostUSD, Input: f.InputTokens, Output: f.OutputTokens,
			LogPath: f.LogPath, Error: f.Error}
		e := events[f.Batch]
		r.Denials, r.APIRetries, r.AgentRetries = e.Denials, e.APIRetries, e.AgentRetries
		if n, ok := verified[f.Batch]; ok {
			r.Verified = &n
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// formatSeconds prints a duration as the run summary does.
func formatSeconds(sec float64) string {
	return progress.FormatDuration(time.Duration(sec * float64(time.Second)))
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
