package port

import "time"

// Stage is where a batch run is in its pipeline.
type Stage string

// The stages of one batch, in order.
const (
	StageWorktree Stage = "worktree"
	StageAgent    Stage = "agent"
	StageGate     Stage = "gate"
	StageMerge    Stage = "merge"
	StageAudit    Stage = "audit"
	StageDone     Stage = "done"
)

// Stages lists the pipeline in order.
var Stages = []Stage{StageWorktree, StageAgent, StageGate, StageMerge, StageAudit, StageDone}

// State is how a batch run stands.
type State string

// The states a batch run can end in or pass through.
const (
	StatePending     State = "pending"
	StateRunning     State = "running"
	StateDone        State = "done"
	StateFailed      State = "failed"
	StateConflict    State = "conflict"
	StateSkipped     State = "skipped"
	StateInterrupted State = "interrupted"
	// StateGated: the gate passed and the branch waits for a merge job
	// (branch mode, as the GitHub Actions matrix runs batches).
	StateGated State = "gated"
)

// Final reports whether nothing more will happen to a run in this state
// without a person or a rerun acting.
func (s State) Final() bool { return s != StatePending && s != StateRunning }

// BatchRun is one attempt at one batch: a row of the ledger.
type BatchRun struct {
	ID           int64
	RunID        int64
	Batch        int
	Attempt      int
	Stage        Stage
	State        State
	Started      time.Time
	Updated      time.Time
	Finished     time.Time
	Branch       string
	Worktree     string
	BaseCommit   string
	MergedCommit string
	SpecHash     string
	PromptHash   string
	Agent        string
	AgentExit    *int
	SessionID    string
	Turns        int
	InputTokens  int64
	OutputTokens int64
	CostUSD      float64
	LogPath      string
	Error        string
	// AgentPGID and AgentStart name the attempt's agent process group and
	// its leader's start time (clock ticks since boot, /proc/<pid>/stat),
	// so a later run can tell the agent from a process that reused its pid.
	AgentPGID  int
	AgentStart uint64
	// Feedback is the gate's findings the next attempt is given.
	Feedback string
	// SessionCost is the agent session's total cost as last reported: a
	// resumed session reports its total, and this attempt's share is the
	// difference.
	SessionCost float64
	// AgentDone says the attempt's agent finished its work: a later step
	// of the same attempt that fails is redone from after the agent.
	AgentDone bool
}

// Run is one orchestrator run (`mage wave2`, ...) of the ledger.
type Run struct {
	ID       int64
	Command  string
	State    State
	Started  time.Time
	Finished time.Time
}

// Transition is one recorded stage change of a batch run.
type Transition struct {
	BatchRunID int64
	Stage      Stage
	State      State
	At         time.Time
	Detail     string
}

// Stage-transition details that the report's failures section reads back
// from Transition.Detail: what the agent ran into during an attempt.
const (
	DetailDenied     = "denied tool uses: " // then the uses, "; "-separated
	DetailAPIRetries = "api retries: "      // then their number
)
