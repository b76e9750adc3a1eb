package command

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"portwave/mage/handoff"
	"portwave/mage/progress"
	"portwave/mage/run"
	"portwave/mage/schedule"
)

// Merge is the port workflow's merge job. It imports every ledger file
// in dir (the batch jobs' artifacts; a bad or foreign file stops it before
// anything is written), then merges the gated batches, whose branches the
// workflow has fetched, in dependency order through the same merge queue
// and audit as a local run. A batch whose job failed is not merged, nor
// are its dependents (skipped); independent batches are. porting.db is
// committed at the end, so main holds the whole ledger. It fails if any
// batch did not end merged.
func (s *Session) Merge(ctx context.Context, dir string) error {
	view, stop := s.view()
	summary := &progress.Summary{Width: progress.TableWidth(s.Out)}
	w, files, err := s.openMergeOrchestrator(ctx, dir, progress.Tee(view, summary))
	if err != nil {
		stop()
		return err
	}
	ids, err := s.importLedgers(ctx, w, files)
	if err != nil {
		stop()
		return closeWith(w, err)
	}
	rep, runErr := w.MergeGated(ctx, ids)
	stop()
	summary.WriteSummary(s.Out)
	w.Ended(runErr)
	commitErr := w.FinishLedger(context.WithoutCancel(ctx), mergeMessage(rep))
	return closeWith(w, errors.Join(runErr, commitErr))
}

// openMergeWorkspace checks every ledger file of dir against the plan,
// then takes the workspace in merge mode: a bad or foreign file stops the
// job before it writes anything. No agent runs in a merge job, so the
// agent is named (for the ledger) but not checked.
func (s *Session) openMergeOrchestrator(ctx context.Context, dir string, sink progress.Sink) (*run.Orchestrator, []*handoff.File, error) {
	st, err := s.readPlan(ctx)
	if err != nil {
		return nil, nil, err
	}
	files, err := handoff.LoadDir(dir, st.Plan)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.agent()
	if err != nil {
		return nil, nil, err
	}
	tmpl, err := s.template()
	if err != nil {
		return nil, nil, err
	}
	s.warnUnconfined()
	if err := s.recover(ctx); err != nil {
		return nil, nil, err
	}
	w, err := run.Open(ctx, s.Config, run.Options{Command: "merge " + dir, Plan: st.Plan, Agent: a, Template: tmpl, Events: sink, Mode: run.MergeMode})
	return w, files, err
}

// importLedgers imports the ledger files and returns their batches.
func (s *Session) importLedgers(ctx context.Context, w *run.Orchestrator, files []*handoff.File) ([]int, error) {
	var ids []int
	for _, f := range files {
		res, err := f.Import(ctx, w.DB, w.RunID)
		if err != nil {
			return nil, err
		}
		s.logf("%s: batch %d %s at %s; %d run(s) imported, %d already here", f.Path(), f.Batch,
			res.Latest.State, res.Latest.Stage, res.Added, res.Present)
		ids = append(ids, f.Batch)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// mergeMessage is the commit message of the merge job's porting.db.
func mergeMessage(rep schedule.Report) string {
	var parts []string
	for _, o := range []struct {
		label    string
		outcomes []schedule.Outcome
	}{{"merged", []schedule.Outcome{schedule.Done}}, {"already done", []schedule.Outcome{schedule.AlreadyDone}},
		{"failed", []schedule.Outcome{schedule.Failed, schedule.Interrupted}}, {"skipped", []schedule.Outcome{schedule.Skipped}},
		{"not started", []schedule.Outcome{schedule.NotStarted}}} {
		if ids := rep.IDs(o.outcomes...); len(ids) > 0 {
			parts = append(parts, o.label+" "+strings.ReplaceAll(strings.Trim(fmt.Sprint(ids), "[]"), " ", ", "))
		}
	}
	return "portwave: merge job: " + strings.Join(parts, "; ")
}

// LedgerExport writes batch's ledger (every attempt, with its stage
// transitions) into dir as ledger-NN.json, with the attempts' logs beside
// it: the batch job's artifact for the merge job.
func (s *Session) LedgerExport(ctx context.Context, batch int, dir string) error {
	db, err := s.OpenDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := s.loadPlan(ctx, db)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	f, err := handoff.Export(ctx, db, batch, handoff.Options{Plan: st.Plan, Workspace: host + ":" + s.Config.Workspace})
	if err != nil {
		return err
	}
	path, err := f.Save(dir)
	if err != nil {
		return err
	}
	last := f.Runs[len(f.Runs)-1]
	fmt.Fprintf(s.Out, "ledger of batch %d: %s (%d run(s); the last %s at %s)\n", batch, path, len(f.Runs), last.State, last.Stage)
	return nil
}
