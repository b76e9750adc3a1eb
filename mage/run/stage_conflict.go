package run

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/port"
	"portwave/mage/prompt"
	"portwave/scripts"
)

// mergeConflict is the merge stage's error when merging main into the
// batch's branch conflicts; paths are the conflicted files.
type mergeConflict struct {
	paths []string
	err   error
}

func (e *mergeConflict) Error() string { return e.err.Error() }
func (e *mergeConflict) Unwrap() error { return e.err }

// conflictTask is the resolution the current agent attempt works on: set
// while runAgent runs it, so the attempt's prompt and commit are the
// conflict's, not the batch's.
type conflictTask struct {
	main     string // main's commit being merged
	paths    []string
	message  string // the merge commit's message
	prepared bool   // the worktree is mid-merge
}

// resolveConflict runs, with the setting conflict: agent, one agent attempt
// on a conflict that merging main into the batch's branch left: the
// worktree is put back mid-merge, the agent gets the conflicting hunks and
// both sides, and whatever it leaves is committed as the merge. The merge
// stage then runs again, and the gate judges the result before main
// moves (a marker left behind fails it). It returns err, the conflict,
// when the setting is stop or the batch has no attempt left.
func (j *job) resolveConflict(ctx context.Context, mc *mergeConflict, err error) error {
	w := j.w
	if w.Config.Conflict != config.ConflictAgent || w.Agent == nil || ctx.Err() != nil {
		return err
	}
	if j.br.Attempt >= w.Config.Attempts {
		return &stageErr{port.StateConflict, fmt.Errorf("%w (conflict: agent, but batch %d has used its %d attempt(s); raise attempts to let the agent resolve it)",
			mc, j.batch.ID, w.Config.Attempts)}
	}
	// The budget is checked again before the attempt runs (and caps it);
	// checked here first, an exhausted budget leaves the attempts as they
	// were for when it is raised.
	if left, spent, limited, berr := w.budgetLeft(ctx); berr != nil {
		return berr
	} else if limited && left <= 0 {
		return &stageErr{port.StateConflict, fmt.Errorf("%w (conflict: agent, but $%.2f of the plan's $%.2f budget is spent; raise PORTWAVE_BUDGET_USD to let the agent resolve it)",
			mc, spent, w.Config.BudgetUSD)}
	}
	main, rerr := w.Repo.RevParse(ctx, w.Config.MainBranch)
	if rerr != nil {
		return rerr
	}
	j.br.State, j.br.Error = port.StateConflict, oneLine(mc.Error())
	if err := w.save(ctx, j.br, "conflict: the agent resolves it in the next attempt"); err != nil {
		return err
	}
	w.note(j.batch.ID, "batch %d: merging %s conflicts in %s; the agent resolves it (attempt %d)",
		j.batch.ID, w.Config.MainBranch, strings.Join(mc.paths, ", "), j.br.Attempt+1)
	j.feedback = ""
	j.br = j.nextAttempt()
	j.conflict = &conflictTask{main: main, paths: mc.paths,
		message: fmt.Sprintf("Merge %s into %s (conflicts resolved by the agent, attempt %d)", w.Config.MainBranch, j.br.Branch, j.br.Attempt)}
	defer func() { j.conflict = nil }()
	err = j.runAgent(ctx)
	j.attempts++
	if err != nil {
		// The worktree goes back to the branch's last commit, so that a
		// retry, at the merge, finds the conflict again.
		j.abortMerge(context.WithoutCancel(ctx))
		j.br.Stage = port.StageMerge
		return err
	}
	return nil
}

// abortMerge ends a merge left in progress in the worktree, dropping what
// the agent wrote for it.
func (j *job) abortMerge(ctx context.Context) {
	wt := gitx.Repo{Dir: j.br.Worktree}
	if _, err := wt.RevParse(ctx, "MERGE_HEAD"); err != nil {
		return
	}
	if _, err := wt.Run(ctx, "merge", "--abort"); err == nil {
		j.w.save(ctx, j.br, "aborted the unfinished resolution's merge; the worktree is back at the branch's last commit")
	}
}

// abortUnfinishedResolution handles a worktree a killed process left
// mid-merge while the agent resolved a conflict: the last ledger row is
// the resolution's attempt, stopped at the agent, after a row that ended in
// conflict. Every other ending of a resolution aborts its merge, and no
// batch attempt can run in one. What the resolution had changed is written
// as a patch under .git/portwave/resolutions/ (it was paid for), then the
// merge is aborted so that the merge stage conflicts again and the
// resolution runs again. A merge someone started by hand is theirs to
// finish and is left alone. It returns the patch's path, or "" when there
// was no unfinished resolution.
func (j *job) abortUnfinishedResolution(ctx context.Context, runs []port.BatchRun) (string, error) {
	if len(runs) < 2 {
		return "", nil
	}
	prev, before := runs[len(runs)-1], runs[len(runs)-2]
	if before.State != port.StateConflict || prev.Stage != port.StageAgent || prev.AgentDone || prev.Worktree == "" {
		return "", nil
	}
	wt := gitx.Repo{Dir: prev.Worktree}
	if _, err := os.Stat(prev.Worktree); err != nil {
		return "", nil // not here: reattach checks the branch out elsewhere
	}
	if _, err := wt.RevParse(ctx, "MERGE_HEAD"); err != nil {
		return "", nil
	}
	patch, err := wt.Run(ctx, "diff", "--binary", "HEAD")
	if err != nil {
		return "", fmt.Errorf("keeping the unfinished resolution in %s: %w", prev.Worktree, err)
	}
	dir := filepath.Join(j.w.gitDir, "portwave", "resolutions")
	path := filepath.Join(dir, fmt.Sprintf("batch-%d-attempt-%d.diff", j.batch.ID, prev.Attempt))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, []byte(patch+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("keeping the unfinished resolution in %s: %w", prev.Worktree, err)
	}
	if _, err := wt.Run(ctx, "merge", "--abort"); err != nil {
		return "", fmt.Errorf("aborting the unfinished merge in %s (its changes are kept in %s): %w", prev.Worktree, path, err)
	}
	return path, nil
}

// conflictPrompt puts the worktree mid-merge (the merge the merge stage
// aborted) and renders the conflict prompt from the files' hunks.
func (j *job) conflictPrompt(ctx context.Context) (string, error) {
	w, c := j.w, j.conflict
	wt := gitx.Repo{Dir: j.br.Worktree}
	if !c.prepared {
		// The merge is expected to conflict; any other failure shows as no
		// unmerged paths.
		wt.Run(ctx, "-c", "merge.conflictStyle=merge", "merge", "--no-ff", "--no-commit", w.Config.MainBranch)
		c.prepared = true
	}
	paths, err := wt.Unmerged(ctx)
	if err != nil {
		return "", err
	}
	if len(paths) == 0 {
		wt.Run(ctx, "merge", "--abort")
		return "", failed("merging %.12s into %s again for the agent left no conflicted file (%s conflicted before)", c.main, j.br.Branch, strings.Join(c.paths, ", "))
	}
	c.paths = paths
	d := prompt.ConflictData{Batch: j.batch, Branch: j.br.Branch, Main: w.Config.MainBranch, MainCommit: c.main[:min(12, len(c.main))], Build: w.Config.Build}
	for _, p := range paths {
		src, err := os.ReadFile(filepath.Join(j.br.Worktree, filepath.FromSlash(p)))
		if err != nil {
			return "", err
		}
		f := prompt.ConflictFile{Path: p, Hunks: prompt.Hunks(string(src), 3)}
		f.MainCommits, _ = wt.Lines(ctx, "log", "--format=%h %s", "-n", "10", "HEAD.."+c.main, "--", p)
		d.Files = append(d.Files, f)
	}
	return prompt.RenderConflict(scripts.ConflictName, scripts.Conflict, d, w.Config.PromptBudgetTokens)
}

// collectResolution commits what the agent left as the merge commit:
// every file, markers or not (the gate judges them), with porting.db as
// the merge had it. An attempt whose worktree is no longer mid-merge
// fails: the agent was told not to run git.
func (j *job) collectResolution(ctx context.Context) error {
	w := j.w
	wt := gitx.Repo{Dir: j.br.Worktree}
	if _, err := wt.RevParse(ctx, "MERGE_HEAD"); err != nil {
		return failed("the worktree %s is no longer mid-merge after the agent's resolution", j.br.Worktree)
	}
	db := w.dbRel()
	if changed, _ := wt.Names(ctx, "diff", "--name-only", "-z", "--", db); len(changed) > 0 {
		if _, err := wt.Run(ctx, "checkout", j.conflict.main, "--", db); err != nil {
			return fmt.Errorf("dropping the agent's changes to %s: %w", db, err)
		}
		w.note(j.batch.ID, "batch %d: the agent changed %s; its changes were dropped", j.batch.ID, db)
	}
	if _, err := wt.Run(ctx, "add", "-A"); err != nil {
		return err
	}
	if _, err := wt.Run(ctx, "commit", "-q", "--no-verify", "-m", j.conflict.message); err != nil {
		return fmt.Errorf("committing the agent's resolution: %w", err)
	}
	if left := markersIn(j.br.Worktree, j.conflict.paths); len(left) > 0 {
		w.note(j.batch.ID, "batch %d: the agent's resolution left conflict markers in %s; the gate will refuse it", j.batch.ID, strings.Join(left, ", "))
	}
	return w.save(ctx, j.br, "committed the agent's resolution: "+j.conflict.message)
}

// markersIn lists the paths that still hold conflict markers.
func markersIn(dir string, paths []string) []string {
	var out []string
	for _, p := range paths {
		if src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); err == nil && len(gitx.ConflictMarkers(src)) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// asConflict finds the merge conflict in a merge stage error.
func asConflict(err error) (*mergeConflict, bool) {
	var mc *mergeConflict
	return mc, errors.As(err, &mc)
}
