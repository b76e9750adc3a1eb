package run

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"portwave/mage/config"
	"portwave/mage/csmerge"
	"portwave/mage/gitx"
)

// batchBranches matches every batch's branch (Branch): the branches
// portwave's merge driver is registered for.
const batchBranches = "port/batch-*"

// MergeDriver is the merge driver the merge_driver setting puts in force
// on the batch branches, with a sentence saying what it is; nil for git's
// own line merge. The portwave driver is this very executable (the
// compiled magefile, a workflow job or a test binary), which serves as
// the driver when git runs it so (csmerge.DriverEnv).
func MergeDriver(cfg *config.Config) (*gitx.MergeDriver, string, error) {
	switch cfg.MergeDriver {
	case config.MergeDriverGit:
		return nil, "git's line merge alone; no driver is registered", nil
	case config.MergeDriverMergiraf:
		where := "not on PATH: git's line merge until it is"
		if p, err := exec.LookPath("mergiraf"); err == nil {
			where = p
		}
		return &gitx.MergeDriver{Name: "portwave", Label: "mergiraf for C# files (portwave)", Command: csmerge.MergirafCommand()},
			"mergiraf for C# files (" + where + "), git's line merge for the rest", nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, "", fmt.Errorf("finding this executable for the merge driver: %w", err)
	}
	return &gitx.MergeDriver{Name: "portwave", Label: "portwave: git's line merge, then C# by members", Command: csmerge.Command(exe, cfg.CSharpSymbols)},
		"git's line merge, then portwave's merge by members for a C# file left in conflict (driver: " + exe + ")", nil
}

// registerMergeDriver puts the setting's driver in force on the batch
// branches for this run and the hand merges after it (see
// gitx.RegisterMergeDriver for where it goes and why).
func (w *Orchestrator) registerMergeDriver(ctx context.Context) error {
	d, _, err := MergeDriver(w.Config)
	if err != nil {
		return err
	}
	if d == nil {
		return w.Repo.UnregisterMergeDriver(ctx)
	}
	return w.Repo.RegisterMergeDriver(ctx, batchBranches, *d)
}

// mergeMain merges main into the batch's branch in its worktree, as
// gitx.MergeInto does, and returns what the merge driver did with each
// file both sides changed. The merge driver writes its reports to a file
// of its own under .git/portwave/merges/, read and removed here.
func (j *job) mergeMain(ctx context.Context, wt gitx.Repo, message string) (ok bool, conflicts []string, reports []csmerge.Report, err error) {
	dir := filepath.Join(j.w.gitDir, "portwave", "merges")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, nil, nil, err
	}
	path := filepath.Join(dir, fmt.Sprintf("batch-%d.jsonl", j.batch.ID))
	os.Remove(path) // a killed run's
	defer os.Remove(path)
	wt.Env = append(wt.Env, csmerge.ReportEnv+"="+path)
	ok, conflicts, err = wt.MergeInto(ctx, j.w.Config.MainBranch, message)
	reports, rerr := csmerge.ReadReports(path)
	if rerr != nil {
		j.w.note(j.batch.ID, "batch %d: the merge driver's report: %v", j.batch.ID, rerr)
	}
	return ok, conflicts, reports, err
}

// recordMembersMerged writes each file the driver merged by members to
// the ledger, with the members of the batch and of main the merge kept,
// and says it in the log, counted.
func (j *job) recordMembersMerged(ctx context.Context, reports []csmerge.Report) error {
	for _, r := range reports {
		if r.Merge != csmerge.MergedByMembers {
			continue
		}
		main := j.w.Config.MainBranch
		j.w.note(j.batch.ID, "batch %d: %s merged by members: %d of the batch's, %d of %s's (the ledger names them)",
			j.batch.ID, r.Path, len(r.Ours), len(r.Theirs), main)
		if err := j.w.save(ctx, j.br, r.Describe("the batch", main)); err != nil {
			return err
		}
	}
	return nil
}

// conflictReasons says, for the C# files left in conflict, why the merge
// by members could not settle them.
func conflictReasons(reports []csmerge.Report) string {
	var out []string
	for _, r := range reports {
		if r.Merge == csmerge.Conflict && r.Reason != "" {
			out = append(out, r.Path+": "+r.Reason)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " (not merged by members: " + strings.Join(out, "; ") + ")"
}
