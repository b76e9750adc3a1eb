// Package run drives batches through their pipeline: worktree, agent, gate,
// merge queue, audit. Every stage transition is written to the ledger in
// porting.db before and after it happens, so a run killed at any point is
// resumed from its last finished stage, and no failure loses work.
package run

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"portwave/mage/agent"
	"portwave/mage/audit"
	"portwave/mage/callgraph"
	"portwave/mage/config"
	"portwave/mage/gate"
	"portwave/mage/gitx"
	"portwave/mage/lock"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/proc"
	"portwave/mage/progress"
	"portwave/mage/prompt"
	"portwave/mage/sandbox"
)

// Mode says how a finished gate ends: merged into main here, or pushed as a
// branch for a later merge job (the GitHub Actions matrix).
type Mode int

// The modes.
const (
	MergeMode  Mode = iota // merge queue, then audit on main
	BranchMode             // stop after the gate; the branch is left for `mage merge`
)

// Orchestrator is one run's hold on a workspace (the git repository being
// ported): its repository, its porting.db and the plan, with the
// orchestrator lock taken. "Workspace" names only the repository.
type Orchestrator struct {
	Config   *config.Config
	Repo     gitx.Repo // the main checkout
	DB       *portdb.DB
	Plan     *plan.Plan
	Agent    agent.Agent
	Template *prompt.Template
	Events   progress.Sink
	Exec     gate.Exec // runs build and test commands; defaults to ExecCommand in Box
	// Box confines the agent and the gate's commands (config: sandbox).
	Box   sandbox.Box
	Mode  Mode
	RunID int64
	// AgentEnv is added to every agent's environment (an API endpoint, a
	// key from a secret, a HOME of its own).
	AgentEnv []string

	gitDir  string // the shared .git folder, where locks and caches live
	lock    *lock.Lock
	mergeMu sync.Mutex
	slotMu  sync.Mutex
	slots   map[string]int // worktree slots taken by running batches
	shares  shares         // the budget held by the attempts running at once
	// measuring holds a lock per test baseline being measured (baseline).
	measuring sync.Map
	// graphOnce loads the Go call graph for the prompts once (callGraph).
	graphOnce sync.Once
	graph     *callgraph.Graph
	graphErr  error
	outcome   port.State // how the run ended, for the runs table (Ended)
}

// Options holds what Open needs beyond the config.
type Options struct {
	Command  string // the target being run, recorded in the ledger and the lock
	Plan     *plan.Plan
	Agent    agent.Agent
	Template *prompt.Template
	Events   progress.Sink
	Mode     Mode
	AgentEnv []string
}

// Open takes the orchestrator lock of the workspace (failing with the
// holder's PID if another orchestrator runs), opens porting.db, marks the
// batch runs a dead orchestrator left running as interrupted, and records
// the start of this run.
func Open(ctx context.Context, cfg *config.Config, opt Options) (*Orchestrator, error) {
	repo, gitDir, err := where(ctx, cfg.Workspace)
	if err != nil {
		return nil, err
	}
	l, err := lockOrchestrator(gitDir, cfg.Workspace, opt.Command)
	if err != nil {
		return nil, err
	}
	w := &Orchestrator{Config: cfg, Repo: repo, Plan: opt.Plan, Agent: opt.Agent, Template: opt.Template,
		Events: opt.Events, Mode: opt.Mode, AgentEnv: opt.AgentEnv, gitDir: gitDir, lock: l}
	if w.Events == nil {
		w.Events = progress.Nop{}
	}
	if w.Box, err = sandbox.New(cfg.Sandbox); err != nil {
		l.Release()
		return nil, err
	}
	w.Exec = ExecCommand(cfg.GateTimeout, w.gateExec())
	prepareStopCause(gitDir)
	if w.DB, err = portdb.Open(ctx, cfg.DB); err != nil {
		l.Release()
		return nil, err
	}
	if err := w.pruneGoneWorktrees(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.excludeDBSidecars(); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.registerMergeDriver(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.markInterrupted(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if w.RunID, err = w.DB.StartRun(ctx, opt.Command); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// LockWriter takes the orchestrator lock for a target that writes
// porting.db or main without running batches (audit, audit:reset,
// db:import, inventory): one writer at a time, so an audit run during a
// wave cannot promote a batch's items before the wave's own audit does.
// A workspace that is not a git repository has no orchestrator to meet,
// and gets a no-op lock.
func LockWriter(ctx context.Context, workspace, command string) (*lock.Lock, error) {
	_, gitDir, err := where(ctx, workspace)
	if err != nil {
		return nil, nil // Release of a nil *lock.Lock does nothing
	}
	return lockOrchestrator(gitDir, workspace, command)
}

func where(ctx context.Context, workspace string) (gitx.Repo, string, error) {
	repo, err := gitx.Open(ctx, workspace)
	if err != nil {
		return gitx.Repo{}, "", err
	}
	gitDir, err := repo.CommonDir(ctx)
	return repo, gitDir, err
}

func lockOrchestrator(gitDir, workspace, command string) (*lock.Lock, error) {
	l, err := lock.TryAcquire(filepath.Join(gitDir, "portwave", "orchestrator.lock"), command)
	if errors.Is(err, lock.ErrHeld) {
		return nil, fmt.Errorf("another orchestrator runs on %s: %w", workspace, err)
	}
	if err != nil {
		// Not a held lock: the folder itself is unusable (a file named
		// .git/portwave, no write permission).
		return nil, fmt.Errorf("taking the orchestrator lock under %s: %w; portwave keeps its locks and caches in that folder: make it a writable folder (move a file of that name away)",
			filepath.Join(gitDir, "portwave"), err)
	}
	return l, nil
}

// Close records the end of the run as done, commits porting.db
// (FinishLedger), closes it and releases the lock.
func (w *Orchestrator) Close() error { return w.CloseAfter(nil) }

// CloseAfter is Close for a run that ended with runErr: the runs table
// says done when it is nil, interrupted when the run was cancelled, and
// failed otherwise.
//
// A run that stops on a full disk cannot write the end of its rows nor
// commit them: the cause is recorded where the next run's Recover finds
// it, and the error says the disk is full.
func (w *Orchestrator) CloseAfter(runErr error) error {
	w.Ended(runErr)
	id := w.RunID
	var err error
	if w.DB != nil {
		msg := fmt.Sprintf("portwave: ledger of run %d", w.RunID)
		err = errors.Join(w.FinishLedger(context.Background(), msg), w.DB.Close())
	}
	for _, e := range []error{err, runErr} {
		if e != nil && isDiskFull(e) {
			recordStopCause(w.gitDir, id, DiskFull(e))
			break
		}
	}
	return errors.Join(DiskFull(err), w.lock.Release())
}

// markInterrupted turns every run and batch run left `running` into
// `interrupted`. Holding the orchestrator lock proves that whoever left it
// is gone; its agents may not be, so any still alive is killed first: no
// slot is handed on while a process of an earlier run may still write to it.
func (w *Orchestrator) markInterrupted(ctx context.Context) error {
	if _, err := w.DB.CloseDeadRuns(ctx); err != nil {
		return err
	}
	latest, err := w.DB.LatestBatchRuns(ctx)
	if err != nil {
		return err
	}
	for _, br := range latest {
		if br.AgentPGID > 0 && proc.KillRecorded(br.AgentPGID, br.AgentStart) {
			msg := fmt.Sprintf("killed the agent (process group %d) an earlier run left running", br.AgentPGID)
			w.note(br.Batch, "batch %d: %s", br.Batch, msg)
			if err := w.DB.SaveBatchRun(ctx, &br, msg); err != nil {
				return err
			}
		}
		if br.State != port.StateRunning {
			continue
		}
		br.State = port.StateInterrupted
		br.Error = fmt.Sprintf("the orchestrator stopped during the %s stage", br.Stage)
		br.Finished = br.Updated
		if err := w.DB.SaveBatchRun(ctx, &br, "found running with no orchestrator: interrupted"); err != nil {
			return err
		}
	}
	return nil
}

// Features reads every feature from porting.db, by ID.
func (w *Orchestrator) Features(ctx context.Context) (map[int]port.Item, []port.Item, error) {
	items, err := w.DB.Items(ctx, port.Feature)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[int]port.Item, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	return byID, items, nil
}

// Naming is the audit's C# naming convention from the config.
func (w *Orchestrator) Naming() audit.Naming { return audit.Naming{ClassMap: w.Config.ClassMap} }

// Branch is batch id's branch.
func Branch(id int) string { return fmt.Sprintf("port/batch-%02d", id) }

// LogPath is the log of one attempt of batch id. Logs live beside the
// worktrees, outside any checkout, so they outlive a removed worktree.
func (w *Orchestrator) LogPath(id, attempt int) string {
	return filepath.Join(w.Config.Worktrees, "logs", fmt.Sprintf("batch-%02d-attempt-%d.log", id, attempt))
}

// PromptPath is where the prompt of the attempt logged at logPath is kept.
func PromptPath(logPath string) string { return strings.TrimSuffix(logPath, ".log") + ".prompt.md" }

// dbRel is porting.db's path inside the workspace, for git.
func (w *Orchestrator) dbRel() string {
	rel, err := filepath.Rel(w.Repo.Dir, w.Config.DB)
	if err != nil {
		return filepath.Base(w.Config.DB)
	}
	return filepath.ToSlash(rel)
}

// csharpRel is the C# root inside the workspace, so the same tree can be
// found inside a worktree.
func (w *Orchestrator) csharpRel() string { return w.rel(w.Config.CSharpRoot) }

// rel is a path of the workspace relative to its top, to find the same
// place inside a worktree.
func (w *Orchestrator) rel(p string) string {
	rel, err := filepath.Rel(w.Repo.Dir, p)
	if err != nil {
		return "."
	}
	return rel
}

// excludeDBSidecars keeps SQLite's -wal and -shm files out of git status,
// so they never count as uncommitted changes of the main checkout.
func (w *Orchestrator) excludeDBSidecars() error {
	path := filepath.Join(w.gitDir, "info", "exclude")
	data, _ := os.ReadFile(path)
	var add []string
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		line := "/" + w.dbRel() + suffix
		if !strings.Contains(string(data), line+"\n") {
			add = append(add, line)
		}
	}
	if len(add) == 0 {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	if len(data) > 0 && !strings.HasSuffix(string(data), "\n") {
		f.WriteString("\n")
	}
	_, err = f.WriteString(strings.Join(add, "\n") + "\n")
	return err
}
