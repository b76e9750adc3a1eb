package run

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"portwave/mage/agent"
	"portwave/mage/gitx"
	"portwave/mage/port"
	"portwave/mage/proc"
	"portwave/mage/progress"
)

// agentAndGate runs the agent and the gate, and on a failed gate gives the
// agent another attempt in the same worktree with the gate's findings, up
// to the configured number of attempts. Each attempt is its own ledger row.
func (j *job) agentAndGate(ctx context.Context) error {
	atGate := j.br.Stage == port.StageGate
	if atGate && j.br.AgentDone {
		// Resumed after a finished agent: commit what it left, if the
		// commit is what failed.
		if err := j.collectLeftover(ctx); err != nil {
			return err
		}
	}
	for {
		if !atGate {
			if err := j.runAgent(ctx); err != nil {
				return err
			}
			j.attempts++
		}
		atGate = false
		res, err := j.gate(ctx, j.br.BaseCommit)
		if err != nil {
			return err
		}
		if res.passed {
			return nil
		}
		// Kept in the ledger in full: a `retry` in a later process gives
		// the next attempt the same findings this process would.
		j.feedback, j.br.Feedback = res.feedback, res.feedback
		j.br.AgentDone = false // judged: the next step is another agent attempt
		if j.attempts >= j.w.Config.Attempts || ctx.Err() != nil {
			return failed("gate: %s", res.summary)
		}
		j.br.State, j.br.Error = port.StateFailed, oneLine("gate: "+res.summary)
		if err := j.w.save(ctx, j.br, "gate failed, retrying with its findings: "+res.summary); err != nil {
			return err
		}
		j.w.send(progress.Event{Kind: progress.Note, Batch: j.batch.ID, Message: fmt.Sprintf("batch %d attempt %d failed the gate (%s): retrying", j.batch.ID, j.br.Attempt, res.summary)})
		j.br = j.nextAttempt()
	}
}

// nextAttempt starts the ledger row of the next attempt in the same
// worktree; turns and cost start from zero so each row has its own.
func (j *job) nextAttempt() *port.BatchRun {
	b := j.br
	j.priorTurns += b.Turns
	j.priorCost += b.CostUSD
	return &port.BatchRun{RunID: b.RunID, Batch: b.Batch, Attempt: b.Attempt + 1, Stage: port.StageAgent,
		State: port.StateRunning, Branch: b.Branch, Worktree: b.Worktree, BaseCommit: b.BaseCommit,
		SpecHash: b.SpecHash, PromptHash: b.PromptHash, Agent: b.Agent, SessionID: b.SessionID,
		SessionCost: b.SessionCost, Feedback: j.feedback}
}

// runAgent renders the prompt and runs one agent attempt, then collects
// what it changed into a commit on the batch branch.
func (j *job) runAgent(ctx context.Context) error {
	w, br := j.w, j.br
	br.LogPath = w.LogPath(j.batch.ID, br.Attempt)
	br.AgentDone = false // until this run finishes: a row carried over may say otherwise
	if err := j.enter(ctx, port.StageAgent, fmt.Sprintf("agent %s, attempt %d", w.Agent.Name(), br.Attempt)); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(br.LogPath), 0o755); err != nil {
		return err
	}
	if err := j.keepPartialWork(ctx); err != nil {
		return err
	}
	capUSD, err := j.budgetCap(ctx)
	if err != nil {
		return err
	}
	defer w.shares.release(j)
	text, err := j.prompt(ctx)
	if err != nil {
		return err
	}
	// What the agent was told stays beside its log: the first thing to
	// read when an attempt went wrong.
	if err := os.WriteFile(PromptPath(br.LogPath), []byte(text), 0o644); err != nil {
		return err
	}
	wrap, env := w.agentSandbox(br.Worktree)
	req := agent.Request{Batch: j.batch.ID, Attempt: br.Attempt, Prompt: text, Dir: br.Worktree,
		LogPath: br.LogPath, Timeout: w.Config.AgentTimeout, IdleTimeout: w.Config.AgentIdleTimeout, Env: env, Wrap: wrap,
		MaxBudgetUSD: capUSD,
		Started: func(pgid int) {
			// Named in the ledger while it runs: a later run kills it
			// if this one dies without doing so.
			start, _ := proc.StartTime(pgid)
			j.live.Lock()
			defer j.live.Unlock()
			br.AgentPGID, br.AgentStart = pgid, start
			w.save(context.WithoutCancel(ctx), br, fmt.Sprintf("agent running as process group %d", pgid))
		}}
	if j.feedback != "" {
		req.ResumeSession = br.SessionID
	}
	events := agent.EventsFunc(func(p agent.Progress) {
		j.recordProgress(ctx, req, p)
		w.send(progress.Event{Kind: progress.AgentActivity, Batch: j.batch.ID, Stage: port.StageAgent,
			State: port.StateRunning, Attempt: br.Attempt, Turns: j.priorTurns + p.Turns, CostUSD: j.priorCost + runningCost(p, req), LastTool: p.LastTool})
	})
	watch, err := w.watchOthers(ctx, br.Worktree)
	if err != nil {
		return err
	}
	res, runErr := j.runWithRetries(ctx, req, events)
	// The second line of defence behind the permission rules: the main
	// checkout and the idle slots are as they were before the agent ran.
	if ctx.Err() == nil {
		if stray, err := w.changes(ctx, watch); err != nil || len(stray) > 0 {
			return errors.Join(err, escapedErr(stray))
		}
	}
	if runErr != nil {
		return fmt.Errorf("agent: %w", runErr)
	}
	// The agent's work is paid for: from here on a failure (the commit,
	// the gate's own machinery) resumes after the agent, never before it.
	br.AgentDone = true
	if err := w.save(context.WithoutCancel(ctx), br, "agent finished: "+res.Subtype); err != nil {
		return err
	}
	if j.conflict != nil {
		return j.collectResolution(ctx)
	}
	return j.collect(ctx)
}

func (j *job) prompt(ctx context.Context) (string, error) {
	w := j.w
	if j.conflict != nil {
		return j.conflictPrompt(ctx)
	}
	if w.Template == nil {
		return "", fmt.Errorf("no prompt template loaded")
	}
	placed, err := j.placed(ctx)
	if err != nil {
		return "", err
	}
	d := PromptData(w.Config, j.batch, j.items, placed)
	if j.feedback != "" {
		d.Attempt, d.Feedback = j.br.Attempt, j.feedback
	}
	return j.render(ctx, d)
}

// keepPartialWork moves what an interrupted agent left uncommitted into a
// git stash before the attempt runs again: the rerun starts from the last
// committed state, and nothing the killed agent wrote is lost.
func (j *job) keepPartialWork(ctx context.Context) error {
	wt := gitx.Repo{Dir: j.br.Worktree}
	lines, err := wt.Status(ctx)
	if err != nil || len(lines) == 0 {
		return err
	}
	msg := fmt.Sprintf("portwave: batch %d attempt %d, interrupted", j.batch.ID, j.br.Attempt)
	if _, err := wt.Run(ctx, "stash", "push", "--include-untracked", "-m", msg); err != nil {
		return fmt.Errorf("keeping the interrupted attempt's changes: %w", err)
	}
	j.w.note(j.batch.ID, "batch %d: the interrupted attempt's uncommitted changes are kept in `git stash list` (%q)", j.batch.ID, msg)
	return j.w.save(ctx, j.br, "stashed the interrupted attempt's uncommitted changes: "+msg)
}

// collectLeftover commits what a finished agent left uncommitted because
// the commit failed or the run died before it.
func (j *job) collectLeftover(ctx context.Context) error {
	lines, err := (gitx.Repo{Dir: j.br.Worktree}).Status(ctx)
	if err != nil || len(lines) == 0 {
		return err
	}
	j.w.note(j.batch.ID, "batch %d: committing the finished agent's work the last run left uncommitted", j.batch.ID)
	return j.collect(ctx)
}

// collect commits what the agent changed. Changes to porting.db are
// dropped (portwave owns it), files outside the batch's files are
// reported, and an attempt that changed nothing fails unless the worktree
// holds the earlier attempts' work, which the gate then judges again.
func (j *job) collect(ctx context.Context) error {
	w := j.w
	wt := gitx.Repo{Dir: j.br.Worktree}
	changes, err := wt.Status(ctx)
	if err != nil {
		return err
	}
	db := w.dbRel()
	writable, err := j.writable(ctx)
	if err != nil {
		return err
	}
	allowed := map[string]bool{}
	for _, f := range writable {
		allowed[f] = true
	}
	var dbTouched bool
	var outside []string
	for _, c := range changes {
		p := c.Path
		switch {
		case p == db || strings.HasPrefix(p, db+"-"):
			dbTouched = true
		case !allowed[p]:
			outside = append(outside, p)
		}
	}
	if dbTouched {
		if err := wt.RestorePaths(ctx, "HEAD", db); err != nil {
			return fmt.Errorf("dropping the agent's changes to %s: %w", db, err)
		}
		for _, extra := range []string{"-wal", "-shm", "-journal"} {
			os.Remove(filepath.Join(j.br.Worktree, filepath.FromSlash(db+extra)))
		}
		w.note(j.batch.ID, "batch %d: the agent changed %s; its changes were dropped", j.batch.ID, db)
		if err := w.save(ctx, j.br, "dropped the agent's changes to "+db); err != nil {
			return err
		}
	}
	if len(outside) > 0 {
		w.note(j.batch.ID, "batch %d: files changed beyond its targets and the files declaring its features: %s", j.batch.ID, strings.Join(outside, ", "))
		if err := w.save(ctx, j.br, "outside the batch's files: "+strings.Join(outside, ", ")); err != nil {
			return err
		}
	}
	committed, err := wt.CommitAll(ctx, fmt.Sprintf("batch %d attempt %d: agent changes", j.batch.ID, j.br.Attempt))
	if err != nil {
		return err
	}
	if committed {
		return nil
	}
	// A retry that adds nothing may be right: the work of the attempts
	// before is in the worktree, and what failed the gate may have passed
	// (a feed that was down, a flaky test). The gate judges what is there.
	if j.br.BaseCommit != "" {
		if diff, err := wt.DiffNames(ctx, j.br.BaseCommit, "HEAD"); err == nil && len(diff) > 0 {
			w.note(j.batch.ID, "batch %d attempt %d changed nothing: the gate judges the %d file(s) the earlier attempts changed", j.batch.ID, j.br.Attempt, len(diff))
			return w.save(ctx, j.br, fmt.Sprintf("the agent changed nothing; the gate judges the work already in the worktree (%d file(s))", len(diff)))
		}
	}
	return failed("agent: the agent wrote nothing (attempt %d)", j.br.Attempt)
}
