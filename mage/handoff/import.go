package handoff

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// Imported says what importing one file did.
type Imported struct {
	File    string
	Batch   int
	Added   int           // runs inserted
	Present int           // runs porting.db already had (an earlier import, or the history the job started from)
	Latest  port.BatchRun // the batch's newest run after the import
}

// Import loads the ledger file at path for plan p and inserts its runs
// into db (see File.Import).
func Import(ctx context.Context, db *portdb.DB, path string, p *plan.Plan, runID int64) (Imported, error) {
	f, err := Load(path, p)
	if err != nil {
		return Imported{}, err
	}
	return f.Import(ctx, db, runID)
}

// Import inserts the runs of f that db does not have yet (a run is known
// by batch, attempt and start time, so importing a file twice adds
// nothing), with new IDs, their transitions and their own timestamps, in
// one transaction. They are recorded under runID, the run that imported
// them, so its report shows the batch jobs' stages beside the merges. A
// run the file holds as still running belonged to a job that stopped: it
// is imported as interrupted.
func (f *File) Import(ctx context.Context, db *portdb.DB, runID int64) (Imported, error) {
	res := Imported{File: f.path, Batch: f.Batch}
	existing, err := db.BatchRuns(ctx, f.Batch)
	if err != nil {
		return res, err
	}
	known := map[string]bool{}
	for _, br := range existing {
		known[runKey(br.Attempt, br.Started)] = true
	}
	var add []Run
	for _, r := range f.Runs {
		if known[runKey(r.Attempt, r.Started)] {
			res.Present++
			continue
		}
		add = append(add, r)
	}
	err = db.Write(ctx, func(tx *sql.Tx) error {
		for _, r := range add {
			if err := f.insert(ctx, tx, r, runID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("importing %s: %w", f.path, err)
	}
	res.Added = len(add)
	runs, err := db.BatchRuns(ctx, f.Batch)
	if err != nil {
		return res, err
	}
	res.Latest = runs[len(runs)-1]
	return res, nil
}

func (f *File) insert(ctx context.Context, tx *sql.Tx, r Run, runID int64) error {
	if port.State(r.State) == port.StateRunning {
		r.State = string(port.StateInterrupted)
		if r.Error == "" {
			r.Error = fmt.Sprintf("its batch job stopped during the %s stage", r.Stage)
		}
		if r.Finished.IsZero() {
			r.Finished = r.Updated
		}
	}
	var rid any
	if runID > 0 {
		rid = runID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO batch_runs (run_id, batch, attempt, stage, state,
started_at, updated_at, finished_at, branch, worktree, base_commit, merged_commit, spec_hash, prompt_hash,
agent, agent_exit, session_id, turns, input_tokens, output_tokens, cost_usd, log_path, error,
feedback, session_cost, agent_done)
VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		rid, f.Batch, r.Attempt, r.Stage, r.State, stamp(r.Started), stamp(r.Updated), stamp(r.Finished),
		r.Branch, r.Worktree, r.BaseCommit, r.MergedCommit, r.SpecHash, r.PromptHash, r.Agent, r.AgentExit,
		r.SessionID, r.Turns, r.InputTokens, r.OutputTokens, r.CostUSD, f.logPath(r.Log), r.Error,
		r.Feedback, r.SessionCost, r.AgentDone)
	if err != nil {
		return fmt.Errorf("batch %d attempt %d: %w", f.Batch, r.Attempt, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	for _, e := range r.AgentEvents {
		if _, err := tx.ExecContext(ctx, `INSERT INTO agent_events (batch_run_id, kind, at, detail) VALUES (?,?,?,?)`,
			id, e.Kind, stamp(e.At), e.Detail); err != nil {
			return fmt.Errorf("batch %d attempt %d: %w", f.Batch, r.Attempt, err)
		}
	}
	for _, t := range r.Transitions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stage_transitions (batch_run_id, stage, state, at, detail) VALUES (?,?,?,?,?)`,
			id, t.Stage, t.State, stamp(t.At), t.Detail); err != nil {
			return fmt.Errorf("batch %d attempt %d: %w", f.Batch, r.Attempt, err)
		}
	}
	return nil
}

// logPath is where an attempt's log is on this machine: beside the
// imported file when it came with it, else its name as exported.
func (f *File) logPath(name string) string {
	if name == "" || f.path == "" {
		return name
	}
	p := filepath.Join(filepath.Dir(f.path), name)
	if _, err := os.Stat(p); err != nil {
		return name
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

func runKey(attempt int, started time.Time) string {
	return fmt.Sprintf("%d@%s", attempt, stamp(started))
}

// stamp formats a time as portdb stores it; zero is the empty string.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(portdb.TimeFormat)
}
