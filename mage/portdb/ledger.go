package portdb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	"portwave/mage/port"
)

// StartRun records the start of an orchestrator run (`mage wave2`, ...).
func (db *DB) StartRun(ctx context.Context, command string) (int64, error) {
	host, _ := os.Hostname()
	var id int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO runs (command, state, pid, host, started_at) VALUES (?,?,?,?,?)`,
			command, string(port.StateRunning), os.Getpid(), host, db.now().Format(TimeFormat))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("recording the run: %w", err)
	}
	return id, nil
}

// FinishRun records how an orchestrator run ended.
func (db *DB) FinishRun(ctx context.Context, id int64, state port.State) error {
	return db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE runs SET state = ?, finished_at = ? WHERE id = ?`,
			string(state), db.now().Format(TimeFormat), id)
		return err
	})
}

// SaveBatchRun inserts br (when its ID is 0) or updates it, and records the
// stage transition with detail, in one transaction: the ledger row and its
// history never disagree.
func (db *DB) SaveBatchRun(ctx context.Context, br *port.BatchRun, detail string) error {
	now := db.now()
	if br.Started.IsZero() {
		br.Started = now
	}
	br.Updated = now
	if br.State.Final() && br.Finished.IsZero() {
		br.Finished = now
	}
	return db.Write(ctx, func(tx *sql.Tx) error {
		args := []any{nullID(br.RunID), br.Batch, br.Attempt, string(br.Stage), string(br.State),
			br.Started.Format(TimeFormat), br.Updated.Format(TimeFormat), formatTime(br.Finished),
			br.Branch, br.Worktree, br.BaseCommit, br.MergedCommit, br.SpecHash, br.PromptHash,
			br.Agent, br.AgentExit, br.SessionID, br.Turns, br.InputTokens, br.OutputTokens, br.CostUSD,
			br.LogPath, br.Error, br.AgentPGID, int64(br.AgentStart), br.Feedback, br.SessionCost, br.AgentDone}
		if br.ID == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO batch_runs (run_id, batch, attempt, stage, state,
started_at, updated_at, finished_at, branch, worktree, base_commit, merged_commit, spec_hash, prompt_hash,
agent, agent_exit, session_id, turns, input_tokens, output_tokens, cost_usd, log_path, error,
agent_pgid, agent_start, feedback, session_cost, agent_done)
VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, args...)
			if err != nil {
				return fmt.Errorf("recording batch %d: %w", br.Batch, err)
			}
			if br.ID, err = res.LastInsertId(); err != nil {
				return err
			}
		} else {
			_, err := tx.ExecContext(ctx, `UPDATE batch_runs SET run_id=?, batch=?, attempt=?, stage=?, state=?,
started_at=?, updated_at=?, finished_at=?, branch=?, worktree=?, base_commit=?, merged_commit=?, spec_hash=?,
prompt_hash=?, agent=?, agent_exit=?, session_id=?, turns=?, input_tokens=?, output_tokens=?, cost_usd=?,
log_path=?, error=?, agent_pgid=?, agent_start=?, feedback=?, session_cost=?, agent_done=? WHERE id=?`, append(args, br.ID)...)
			if err != nil {
				return fmt.Errorf("recording batch %d: %w", br.Batch, err)
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO stage_transitions (batch_run_id, stage, state, at, detail) VALUES (?,?,?,?,?)`,
			br.ID, string(br.Stage), string(br.State), now.Format(TimeFormat), detail)
		return err
	})
}

const batchRunColumns = `id, coalesce(run_id, 0), batch, attempt, stage, state, started_at, updated_at, finished_at,
branch, worktree, base_commit, merged_commit, spec_hash, prompt_hash, agent, agent_exit, session_id, turns,
input_tokens, output_tokens, cost_usd, log_path, error, agent_pgid, agent_start, feedback, session_cost, agent_done`

// BatchRuns returns every attempt of one batch, oldest first; batch 0 means
// every batch.
func (db *DB) BatchRuns(ctx context.Context, batch int) ([]port.BatchRun, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+batchRunColumns+` FROM batch_runs WHERE ? = 0 OR batch = ? ORDER BY id`, batch, batch)
	if err != nil {
		return nil, fmt.Errorf("reading the ledger: %w", err)
	}
	defer rows.Close()
	var out []port.BatchRun
	for rows.Next() {
		var br port.BatchRun
		var stage, state, started, updated, finished string
		var exit sql.NullInt64
		var start int64
		if err := rows.Scan(&br.ID, &br.RunID, &br.Batch, &br.Attempt, &stage, &state, &started, &updated, &finished,
			&br.Branch, &br.Worktree, &br.BaseCommit, &br.MergedCommit, &br.SpecHash, &br.PromptHash, &br.Agent,
			&exit, &br.SessionID, &br.Turns, &br.InputTokens, &br.OutputTokens, &br.CostUSD, &br.LogPath, &br.Error,
			&br.AgentPGID, &start, &br.Feedback, &br.SessionCost, &br.AgentDone); err != nil {
			return nil, fmt.Errorf("reading the ledger: %w", err)
		}
		br.Stage, br.State, br.AgentStart = port.Stage(stage), port.State(state), uint64(start)
		br.Started, br.Updated, br.Finished = parseTime(started), parseTime(updated), parseTime(finished)
		if exit.Valid {
			code := int(exit.Int64)
			br.AgentExit = &code
		}
		out = append(out, br)
	}
	return out, rows.Err()
}

// LatestBatchRuns returns the newest attempt of every batch that has one.
func (db *DB) LatestBatchRuns(ctx context.Context) (map[int]port.BatchRun, error) {
	all, err := db.BatchRuns(ctx, 0)
	if err != nil {
		return nil, err
	}
	latest := map[int]port.BatchRun{}
	for _, br := range all {
		latest[br.Batch] = br // rows come oldest first
	}
	return latest, nil
}

// Transitions returns the recorded stage changes of one batch run.
func (db *DB) Transitions(ctx context.Context, batchRunID int64) ([]port.Transition, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT batch_run_id, stage, state, at, detail FROM stage_transitions
WHERE batch_run_id = ? ORDER BY id`, batchRunID)
	if err != nil {
		return nil, fmt.Errorf("reading stage transitions: %w", err)
	}
	defer rows.Close()
	var out []port.Transition
	for rows.Next() {
		var t port.Transition
		var stage, state, at string
		if err := rows.Scan(&t.BatchRunID, &stage, &state, &at, &t.Detail); err != nil {
			return nil, err
		}
		t.Stage, t.State, t.At = port.Stage(stage), port.State(state), parseTime(at)
		out = append(out, t)
	}
	return out, rows.Err()
}

// BatchFigures reads the ledger and sums it per batch.
func (db *DB) BatchFigures(ctx context.Context) ([]port.Figures, error) {
	rows, err := db.BatchRuns(ctx, 0)
	if err != nil {
		return nil, err
	}
	return port.SumFigures(rows), nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id > 0} }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeFormat)
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(TimeFormat, s)
	return t
}
