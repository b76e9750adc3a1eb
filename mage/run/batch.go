package run

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"portwave/mage/placement"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/progress"
)

// BatchError is how a batch ended when it did not end done. Its one-line
// form goes to the progress display and the ledger.
type BatchError struct {
	Batch int
	Stage port.Stage
	State port.State // failed, conflict or interrupted
	Log   string
	Err   error
}

func (e *BatchError) Error() string {
	msg := e.Err.Error()
	if rest, ok := strings.CutPrefix(msg, string(e.Stage)+": "); ok && rest != "" {
		msg = rest // "failed at agent: the agent wrote nothing", not "at agent: agent: ..."
	}
	s := fmt.Sprintf("batch %d %s at %s: %s", e.Batch, e.State, e.Stage, msg)
	if e.Log != "" {
		s += " (log: " + e.Log + ")"
	}
	return s
}

func (e *BatchError) Unwrap() error { return e.Err }

// job is one batch being driven through its stages by RunBatch.
type job struct {
	w     *Orchestrator
	batch plan.Batch
	br    *port.BatchRun
	items map[int]port.Item
	all   []port.Item
	// feedback is the gate's findings for the next attempt. It is also
	// in the ledger (BatchRun.Feedback), so a retry in another process
	// gets the same full text.
	feedback string
	conflict *conflictTask // the merge conflict the current attempt resolves, if any
	// placement is where the batch's features are ported, read once from
	// the tree the batch started from (placed).
	placement *placement.Placement
	// mainHeld releases the merge queue a successful merge keeps for the
	// audit after it (takeMain).
	mainHeld func()
	// gatedHead is the worktree commit the gate passed in this process; a
	// merge fast-forwards main to nothing else without gating it again.
	gatedHead string
	attempts  int // attempts made in this invocation
	// live guards the row while an agent runs: its start and its
	// progress are recorded from the agent's output goroutines. base is
	// the row as it was before the current agent run.
	live sync.Mutex
	base port.BatchRun
	// turns and cost of the attempts before the current one, so progress
	// shows the batch's running total across retries.
	priorTurns int
	priorCost  float64
}

func (j *job) totalTurns() int    { return j.priorTurns + j.br.Turns }
func (j *job) totalCost() float64 { return j.priorCost + j.br.CostUSD }

// Finished reports whether batch id is done with the current spec and
// prompt template, and if not why it would run.
func (w *Orchestrator) Finished(ctx context.Context, id int) (bool, string, error) {
	return Standing{Plan: w.Plan, DB: w.DB, Template: w.Template}.Finished(ctx, id)
}

// RunBatch drives one batch from wherever its ledger says it stands to
// done: a new batch starts at the worktree, an interrupted or failed one is
// resumed at the stage it stopped in.
func (w *Orchestrator) RunBatch(ctx context.Context, id int) error {
	b, err := w.Plan.Find(id)
	if err != nil {
		return err
	}
	byID, all, err := w.Features(ctx)
	if err != nil {
		return err
	}
	j := &job{w: w, batch: *b, items: byID, all: all}
	start, err := j.begin(ctx)
	if err != nil || start == port.StageDone {
		return err
	}
	return j.drive(ctx, start)
}

// begin creates this invocation's ledger row and picks the first stage.
func (j *job) begin(ctx context.Context) (port.Stage, error) {
	w := j.w
	runs, err := w.DB.BatchRuns(ctx, j.batch.ID)
	if err != nil {
		return "", err
	}
	br := &port.BatchRun{RunID: w.RunID, Batch: j.batch.ID, Attempt: 1, Stage: port.StageWorktree,
		State: port.StateRunning, SpecHash: j.batch.SpecHash(), Agent: w.Agent.Name()}
	if w.Template != nil {
		br.PromptHash = w.Template.Hash
	}
	start := port.StageWorktree
	j.startTotals(runs)
	if len(runs) > 0 {
		prev := runs[len(runs)-1]
		br.Branch, br.Worktree, br.BaseCommit, br.SessionID = prev.Branch, prev.Worktree, prev.BaseCommit, prev.SessionID
		br.SessionCost, br.AgentDone = prev.SessionCost, prev.AgentDone
		switch {
		case prev.State == port.StateDone:
			done, why, _ := w.Finished(ctx, j.batch.ID)
			if done && !w.Config.Force {
				w.send(j.finished(ctx, port.StageDone, port.StateDone, "already done"))
				return port.StageDone, nil
			}
			if !done {
				w.note(j.batch.ID, "batch %d ran before, but %s: running it again", j.batch.ID, why)
			}
			br.Branch, br.Worktree, br.BaseCommit, br.SessionID, br.SessionCost, br.AgentDone = "", "", "", "", 0, false
		case prev.State == port.StateSkipped && prev.Branch == "":
			// a skipped batch that never started: start from scratch
		default:
			start = resumeStage(prev)
			br.Attempt = resumedAttempt(prev, start)
			if kept, err := j.abortUnfinishedResolution(ctx, runs); err != nil {
				return "", err
			} else if kept != "" {
				// The resolution was cut short: like any agent run cut
				// short, it is done again under its own number, which
				// the merge's conflict gives it (one after the merge's).
				start, br.Attempt = port.StageMerge, max(prev.Attempt-1, 1)
				w.note(j.batch.ID, "batch %d: its worktree %s was left mid-merge by a conflict resolution cut short; what the agent had written is kept in %s, the merge was aborted, and the batch merges again",
					j.batch.ID, prev.Worktree, kept)
			}
			if start == port.StageWorktree && prev.Stage == port.StageAudit {
				br.Branch, br.Worktree, br.BaseCommit, br.AgentDone = "", "", "", false
				br.Attempt = prev.Attempt + 1
			}
			if start == port.StageAgent || (start == port.StageWorktree && prev.Stage == port.StageAudit) {
				// The findings the last attempt left or was given: in
				// full, whatever stopped it (the gate, a budget, an
				// attempt that wrote nothing, a kill, the regressions
				// the audit after its merge found).
				j.feedback = prev.Feedback
				if j.feedback == "" && prev.Stage == port.StageGate {
					j.feedback = prev.Error // a ledger from before findings were kept
				}
				br.Feedback = j.feedback
			}
			w.note(j.batch.ID, "batch %d %s at %s last time: resuming from %s", j.batch.ID, prev.State, prev.Stage, start)
		}
	}
	br.Stage = start
	j.br = br
	return start, w.save(ctx, br, fmt.Sprintf("batch %d starts at %s (attempt %d)", j.batch.ID, start, br.Attempt))
}

// resumedAttempt numbers the resumed row. Attempts count agent runs: only
// when the previous attempt's agent finished and the agent runs again is it
// a new attempt; picking up the same attempt at a later stage, or redoing
// an agent run that was cut short, keeps the number.
func resumedAttempt(prev port.BatchRun, start port.Stage) int {
	agentFinished := prev.AgentExit != nil && !(prev.State == port.StateInterrupted && prev.Stage == port.StageAgent)
	if start == port.StageAgent && agentFinished {
		return prev.Attempt + 1
	}
	return max(prev.Attempt, 1)
}

// resumeStage is where a stopped batch picks up. A batch that stopped in
// the gate because of the agent's work goes back to the agent with the
// gate's findings; a merge conflict is retried at the merge.
func resumeStage(prev port.BatchRun) port.Stage {
	if prev.AgentDone && (prev.Stage == port.StageAgent || prev.Stage == port.StageGate) {
		// The agent finished and the gate has not judged its work: what
		// stopped the batch came after the agent (the commit, the gate's
		// own machinery, a kill). Its paid work is picked up at the gate.
		return port.StageGate
	}
	switch prev.Stage {
	case port.StageGate:
		if prev.State == port.StateFailed {
			return port.StageAgent
		}
	case port.StageAudit:
		if prev.State == port.StateFailed && prev.MergedCommit != "" && prev.Feedback != "" {
			// Merged, and the audit found regressions: fix forward on a
			// new branch from main, the findings given to the agent.
			return port.StageWorktree
		}
	case "":
		return port.StageWorktree
	}
	return prev.Stage
}

// drive runs the stages from start to done.
func (j *job) drive(ctx context.Context, start port.Stage) error {
	defer func() {
		if release := j.takeMain(); release != nil {
			release() // the merge kept it for an audit that did not run
		}
	}()
	stages := []struct {
		stage port.Stage
		run   func(context.Context) error
	}{
		{port.StageWorktree, j.worktree},
		{port.StageAgent, j.agentAndGate},
		{port.StageGate, j.agentAndGate},
		{port.StageMerge, j.merge},
		{port.StageAudit, j.audit},
	}
	started := false
	for _, s := range stages {
		if s.stage == start {
			started = true
		}
		if !started || (s.stage == port.StageGate && start != port.StageGate) {
			continue // agentAndGate covers the gate unless we resume right at it
		}
		if s.stage == port.StageMerge && j.w.Mode == BranchMode {
			return j.gated(ctx)
		}
		if s.stage == start && start != port.StageWorktree && start != port.StageAudit {
			if err := j.reattach(ctx); err != nil {
				return j.fail(ctx, err)
			}
			j.w.holdSlot(j.br.Worktree, j.batch.ID)
		}
		if err := s.run(ctx); err != nil {
			return j.fail(ctx, err)
		}
		if s.stage == port.StageWorktree {
			// From here the batch's worktree is known: hold it before
			// any agent runs, whether it was claimed, reused or
			// re-attached (the merge's freeSlot lets it go).
			j.w.holdSlot(j.br.Worktree, j.batch.ID)
		}
	}
	return j.finish(ctx, port.StageDone, "batch done")
}

// stageErr marks an error with the stage and state it ends the batch in.
type stageErr struct {
	state port.State
	err   error
}

func (e *stageErr) Error() string { return e.err.Error() }
func (e *stageErr) Unwrap() error { return e.err }

func failed(format string, args ...any) error {
	return &stageErr{port.StateFailed, fmt.Errorf(format, args...)}
}

// fail records how the batch stopped and returns the typed error.
func (j *job) fail(ctx context.Context, err error) error {
	state := port.StateFailed
	var se *stageErr
	if errors.As(err, &se) {
		state = se.state
	}
	if ctx.Err() != nil {
		state = port.StateInterrupted
	}
	j.br.State, j.br.Error = state, oneLine(err.Error())
	// The ledger write must land even when ctx was cancelled by Ctrl-C.
	if saveErr := j.w.save(context.WithoutCancel(ctx), j.br, string(state)+": "+j.br.Error); saveErr != nil {
		err = errors.Join(err, saveErr)
	}
	be := &BatchError{Batch: j.batch.ID, Stage: j.br.Stage, State: state, Log: j.br.LogPath, Err: err}
	j.w.send(j.finished(ctx, j.br.Stage, state, j.br.Error))
	return be
}

func (j *job) finish(ctx context.Context, stage port.Stage, detail string) error {
	j.br.Stage, j.br.State, j.br.Error = stage, port.StateDone, ""
	if err := j.w.save(context.WithoutCancel(ctx), j.br, detail); err != nil {
		return err
	}
	j.w.send(j.finished(ctx, stage, port.StateDone, detail))
	return nil
}

// gated ends a branch-mode run: the gate passed, the branch waits for the
// merge job.
func (j *job) gated(ctx context.Context) error {
	j.br.Stage, j.br.State, j.br.Error = port.StageMerge, port.StateGated, ""
	if err := j.w.save(context.WithoutCancel(ctx), j.br, "gate passed: the branch waits for the merge job"); err != nil {
		return err
	}
	j.w.send(j.finished(ctx, port.StageMerge, port.StateGated, "gate passed; waiting for the merge job"))
	return nil
}

// enter records that the batch entered a stage, then tells the sinks: the
// ledger is always at least as far as anything shown.
func (j *job) enter(ctx context.Context, stage port.Stage, detail string) error {
	j.br.Stage, j.br.State = stage, port.StateRunning
	if err := j.w.save(ctx, j.br, detail); err != nil {
		return err
	}
	j.w.send(progress.Event{Kind: progress.StageStarted, Batch: j.batch.ID, Stage: stage, State: port.StateRunning, Attempt: j.br.Attempt})
	return nil
}

func (w *Orchestrator) save(ctx context.Context, br *port.BatchRun, detail string) error {
	return w.DB.SaveBatchRun(ctx, br, detail)
}

func (w *Orchestrator) send(e progress.Event) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	w.Events.Send(e)
}

func (w *Orchestrator) note(batch int, format string, args ...any) {
	w.send(progress.Event{Kind: progress.Note, Batch: batch, Message: fmt.Sprintf(format, args...)})
}

func oneLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i] + " ..."
		}
	}
	return s
}
