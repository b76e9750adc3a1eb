package command

import (
	"context"
	"fmt"
	"time"

	"portwave/mage/plan"
	"portwave/mage/report"
)

// StepSummaryEnv is where GitHub Actions collects a job's summary.
const StepSummaryEnv = "GITHUB_STEP_SUMMARY"

// Report writes the review report into the reports folder: markdown,
// charts, the JSON twin when PORTWAVE_FORMAT=json, and a short version to
// the GitHub step summary when running in Actions.
func (s *Session) Report(ctx context.Context) error {
	return s.finalReport(ctx)
}

func (s *Session) finalReport(ctx context.Context) error {
	db, err := s.OpenDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := plan.LoadBatches(s.Config.Batches)
	if err != nil {
		s.logf("report without the plan: %v", err)
		p = nil
	}
	now := time.Now()
	prev, err := report.FindPrevious(s.Config.Reports, now)
	if err != nil {
		s.logf("no previous report to compare with: %v", err)
		prev = nil
	}
	r, err := report.Build(ctx, db, p, report.Options{Now: now, Previous: prev, Database: relTo(s.Config.Workspace, s.Config.DB), JSON: s.JSON(),
		BudgetUSD: s.Config.BudgetUSD})
	if err != nil {
		return err
	}
	files, err := report.Write(s.Config.Reports, r, now)
	if err != nil {
		return err
	}
	s.recordOwn(ctx, "report", files.Markdown, files.Latest, files.BurnUp, files.Gantt, files.Cost, files.JSON, files.LatestJSON)
	if path := s.Getenv(StepSummaryEnv); path != "" {
		if err := report.WriteStepSummary(path, r); err != nil {
			return err
		}
	}
	fmt.Fprintf(s.Out, "report: %s (also %s), charts %s, %s and %s\n", files.Markdown, files.Latest, files.BurnUp, files.Gantt, files.Cost)
	if files.JSON != "" {
		fmt.Fprintf(s.Out, "json: %s\n", files.JSON)
	}
	return nil
}
