package handoff

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// Options says what an export is about beyond porting.db.
type Options struct {
	Plan      *plan.Plan // the plan the batch ran under
	Workspace string     // where it ran, recorded for people (host:directory)
	Now       time.Time  // the export time; zero means now
}

// Export reads every recorded attempt of batch, with its transitions, from
// db. The attempts' logs are named by file name; Save copies them.
func Export(ctx context.Context, db *portdb.DB, batch int, opt Options) (*File, error) {
	if opt.Plan == nil {
		return nil, fmt.Errorf("exporting the ledger of batch %d: no plan", batch)
	}
	if _, err := opt.Plan.Find(batch); err != nil {
		return nil, fmt.Errorf("exporting the ledger of batch %d: %w", batch, err)
	}
	rows, err := db.BatchRuns(ctx, batch)
	if err != nil {
		return nil, fmt.Errorf("exporting the ledger of batch %d: %w", batch, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("exporting the ledger of batch %d: porting.db has no run of it", batch)
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	f := &File{Format: Format, Version: Version, Plan: PlanHash(opt.Plan), Workspace: opt.Workspace,
		Batch: batch, Exported: opt.Now.UTC(), logs: map[string]string{}}
	evs, err := db.AgentEvents(ctx, batch)
	if err != nil {
		return nil, fmt.Errorf("exporting the ledger of batch %d: %w", batch, err)
	}
	events := map[int64][]AgentEvent{}
	for _, e := range evs {
		events[e.BatchRunID] = append(events[e.BatchRunID], AgentEvent{Kind: string(e.Kind), At: e.At.UTC(), Detail: e.Detail})
	}
	for _, br := range rows {
		trs, err := db.Transitions(ctx, br.ID)
		if err != nil {
			return nil, fmt.Errorf("exporting the ledger of batch %d: %w", batch, err)
		}
		r := fromRow(br)
		r.AgentEvents = events[br.ID]
		if br.LogPath != "" {
			r.Log = filepath.Base(br.LogPath)
			f.logs[r.Log] = br.LogPath
		}
		for _, t := range trs {
			r.Transitions = append(r.Transitions, Transition{Stage: string(t.Stage), State: string(t.State), At: t.At.UTC(), Detail: t.Detail})
		}
		f.Runs = append(f.Runs, r)
	}
	return f, nil
}

// Save writes f into dir as FileName(f.Batch), with each attempt's log
// that still exists copied beside it, and returns the ledger's path.
func (f *File) Save(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, FileName(f.Batch))
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	for name, src := range f.logs {
		if err := copyFile(src, filepath.Join(dir, name)); err != nil && !os.IsNotExist(err) {
			return "", fmt.Errorf("copying the log %s: %w", src, err)
		}
	}
	return path, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func fromRow(br port.BatchRun) Run {
	return Run{ID: br.ID, Attempt: br.Attempt, Stage: string(br.Stage), State: string(br.State),
		Started: br.Started.UTC(), Updated: br.Updated.UTC(), Finished: br.Finished.UTC(),
		Branch: br.Branch, Worktree: br.Worktree, BaseCommit: br.BaseCommit, MergedCommit: br.MergedCommit,
		SpecHash: br.SpecHash, PromptHash: br.PromptHash, Agent: br.Agent, AgentExit: br.AgentExit,
		SessionID: br.SessionID, Turns: br.Turns, InputTokens: br.InputTokens, OutputTokens: br.OutputTokens,
		CostUSD: br.CostUSD, Error: br.Error, Feedback: br.Feedback, SessionCost: br.SessionCost, AgentDone: br.AgentDone}
}
