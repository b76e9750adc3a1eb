package run

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"portwave/mage/audit"
	"portwave/mage/port"
	"portwave/mage/progress"
)

// audit runs the audit on main after the merge and commits porting.db with
// a message that says what was promoted. Then the merged branch is deleted
// and its worktree slot freed for the next batch (git refuses to delete
// unmerged work, and so do we).
func (j *job) audit(ctx context.Context) error {
	w := j.w
	release := j.takeMain()
	defer func() {
		if release != nil {
			release()
		}
	}()
	if err := j.enter(ctx, port.StageAudit, "audit on main"); err != nil {
		return err
	}
	actx := context.WithoutCancel(ctx)
	if release == nil { // resumed at the audit: the merge was another run's
		var err error
		if release, err = w.lockMain(actx, fmt.Sprintf("audit of batch %d", j.batch.ID)); err != nil {
			return err
		}
	}
	if err := w.clearGitLocks(actx, j.record); err != nil {
		return err
	}
	if err := w.checkMainClean(actx); err != nil {
		return err
	}
	if maps := j.batch.DBMappings(); len(maps) > 0 {
		if _, err := w.DB.SetMappings(actx, maps, w.RunID); err != nil {
			return err // the batch file's mapping overrides, before the audit weighs them
		}
	}
	res, err := audit.Run(actx, w.DB, audit.Options{Root: w.Config.AuditRoot, Naming: w.Naming(),
		StubMarker: w.Config.StubMarker, Symbols: w.Config.CSharpSymbols, Configuration: w.Config.CSharpConfiguration, GoRoot: w.Config.GoRoot, Incremental: true, RunID: w.RunID, MaxDemote: w.Config.AuditMaxDemote})
	if err != nil {
		return err
	}
	msg := CommitMessage(fmt.Sprintf("audit after batch %d", j.batch.ID), res)
	if err := w.CommitDB(actx, msg); err != nil {
		return err
	}
	if err := w.save(actx, j.br, fmt.Sprintf("audit: %d promoted, %d regressions", len(res.Promotions), len(res.Regressions))); err != nil {
		return err
	}
	_, verified := j.figures(actx)
	w.send(progress.Event{Kind: progress.Audited, Batch: j.batch.ID, Stage: port.StageAudit,
		State: port.StateRunning, Verified: verified, Turns: j.totalTurns(), CostUSD: j.totalCost()})
	if err := w.freeSlot(actx, j.br.Worktree, j.br.Branch); err != nil {
		w.note(j.batch.ID, "batch %d: kept its worktree and branch: %v", j.batch.ID, err)
	}
	return j.regressed(res.Regressions)
}

// regressed fails a batch whose merge took away what main had
// implemented. The gate judged the batch's own features (the batch audit)
// and the tests; the audit after the merge judges every item, and a
// member another batch ported that is a stub again is this merge's doing.
// main keeps the merge (other batches may have merged on top of it, and
// the batch's own work is in it): the batch ends failed, the regressions
// named, and `mage retry` fixes forward, with another attempt of the
// agent on a new branch from main that is told what to restore.
func (j *job) regressed(regressions []audit.Finding) error {
	if len(regressions) == 0 {
		return nil
	}
	var fb strings.Builder
	fb.WriteString("The batch was merged, and the audit of main after the merge found these members, implemented before it, no longer implemented; restore them (keep the batch's own work):\n")
	names := make([]string, 0, len(regressions))
	for _, f := range regressions {
		fmt.Fprintf(&fb, "- %s %d %s: %s\n", f.Item.Kind, f.Item.ID, f.Item.GoQualifiedName(), f.Reason())
		names = append(names, fmt.Sprintf("%d %s", f.Item.ID, f.Item.GoQualifiedName()))
	}
	sort.Strings(names)
	j.feedback, j.br.Feedback = fb.String(), fb.String()
	return failed("the merge took away %d implemented member(s) of main: %s; main keeps the merge: `mage retry %d` gives the agent an attempt to restore them",
		len(regressions), strings.Join(names, ", "), j.batch.ID)
}

// takeMain takes over the merge queue the merge stage kept for the
// audit, or returns nil when it kept none.
func (j *job) takeMain() func() {
	release := j.mainHeld
	j.mainHeld = nil
	return release
}

// record says something about the batch in its ledger and on the display.
func (j *job) record(detail string) error {
	j.w.note(j.batch.ID, "batch %d: %s", j.batch.ID, detail)
	return j.w.save(context.Background(), j.br, detail)
}

// CommitDB commits porting.db on main, whole and alone: the write-ahead
// log is folded in, no write can land while git reads the file, and
// nothing else staged in the main checkout goes into the commit.
func (w *Orchestrator) CommitDB(ctx context.Context, message string) error {
	return w.DB.Snapshot(ctx, func() error {
		_, err := w.Repo.CommitPaths(ctx, message, w.dbRel())
		return err
	})
}

// CommitMessage says what an audit promoted and demoted.
func CommitMessage(title string, res *audit.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "portwave: %s: %d promoted to verified", title, len(res.Promotions))
	if len(res.Regressions) > 0 {
		fmt.Fprintf(&b, ", %d REGRESSIONS", len(res.Regressions))
	}
	b.WriteString("\n")
	list := func(label string, fs []audit.Finding) {
		if len(fs) == 0 {
			return
		}
		ids := make([]string, 0, len(fs))
		for _, f := range fs {
			ids = append(ids, fmt.Sprintf("%s %d %s", f.Item.Kind, f.Item.ID, f.Item.GoQualifiedName()))
		}
		sort.Strings(ids)
		fmt.Fprintf(&b, "\n%s:\n  %s\n", label, strings.Join(ids, "\n  "))
	}
	list("Promoted", res.Promotions)
	list("Regressions", res.Regressions)
	return b.String()
}
