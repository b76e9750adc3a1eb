// Package handoff moves batch runs between copies of porting.db as files
// (ledger-NN.json): the hand-off between the jobs of the GitHub Actions
// matrix. It is not the run ledger itself, which is portdb's batch_runs
// table (portdb/ledger.go); a handoff file carries a copy of its rows. A
// batch job of the GitHub Actions matrix exports its batch's ledger
// rows (with their stage transitions) beside its logs, and the merge job
// imports them, so `mage status`, the merge queue and the reports see the
// work done on other machines as if it had been done here.
//
// The format is versioned JSON of its own, not a copy of the database or
// of portdb's structs: a file must be readable by exactly the portwave
// that can trust it, and refused with a clear error by any other. Each
// file names the plan it ran under by a hash of every batch's spec, so a
// ledger from another plan (or from before the batch files changed) is
// never merged.
package handoff

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"portwave/mage/plan"
)

// Format names the file type; Version is the layout this portwave reads
// and writes. A new layout gets a new version, and old files a migration.
const (
	Format  = "portwave-ledger"
	Version = 1
)

// File is one exported ledger: every recorded attempt of one batch.
type File struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	Plan      string    `json:"plan"`      // PlanHash of the plan the batch ran under
	Workspace string    `json:"workspace"` // host:directory it ran in, for people
	Batch     int       `json:"batch"`
	Exported  time.Time `json:"exported"`
	Runs      []Run     `json:"runs"` // oldest first

	path string            // the file it was read from, for errors
	logs map[string]string // log file name -> where it is on this machine
}

// Run is one attempt: a ledger row and its stage transitions.
type Run struct {
	ID           int64        `json:"id"` // its row ID where it was recorded; rows get new IDs on import
	Attempt      int          `json:"attempt"`
	Stage        string       `json:"stage"`
	State        string       `json:"state"`
	Started      time.Time    `json:"started"`
	Updated      time.Time    `json:"updated"`
	Finished     time.Time    `json:"finished,omitzero"`
	Branch       string       `json:"branch,omitempty"`
	Worktree     string       `json:"worktree,omitempty"`
	BaseCommit   string       `json:"base_commit,omitempty"`
	MergedCommit string       `json:"merged_commit,omitempty"`
	SpecHash     string       `json:"spec_hash"`
	PromptHash   string       `json:"prompt_hash,omitempty"`
	Agent        string       `json:"agent,omitempty"`
	AgentExit    *int         `json:"agent_exit,omitempty"`
	SessionID    string       `json:"session_id,omitempty"`
	Turns        int          `json:"turns"`
	InputTokens  int64        `json:"input_tokens"`
	OutputTokens int64        `json:"output_tokens"`
	CostUSD      float64      `json:"cost_usd"`
	Log          string       `json:"log,omitempty"` // the attempt's log, a file name beside the ledger
	Error        string       `json:"error,omitempty"`
	Transitions  []Transition `json:"transitions"`
	// What a later attempt elsewhere needs: the gate's findings, the
	// session's last total, whether the agent's work awaits the gate, and
	// the agent's denials and retries. Optional, so version 1 files
	// written before them still read. The agent's process group is not
	// carried: it names a process on the machine that ran it.
	Feedback    string       `json:"feedback,omitempty"`
	SessionCost float64      `json:"session_cost,omitempty"`
	AgentDone   bool         `json:"agent_done,omitempty"`
	AgentEvents []AgentEvent `json:"agent_events,omitempty"`
}

// AgentEvent is a permission denial, an API retry or a rerun of the agent.
type AgentEvent struct {
	Kind   string    `json:"kind"`
	At     time.Time `json:"at"`
	Detail string    `json:"detail,omitempty"`
}

// Transition is one recorded stage change of a run.
type Transition struct {
	Stage  string    `json:"stage"`
	State  string    `json:"state"`
	At     time.Time `json:"at"`
	Detail string    `json:"detail,omitempty"`
}

// FileName is the name batch's ledger is exported under.
func FileName(batch int) string { return fmt.Sprintf("ledger-%02d.json", batch) }

// Path is the file f was read from, or "" for an exported one.
func (f *File) Path() string { return f.path }

// PlanHash identifies a plan by the spec of every batch in it (IDs,
// targets, dependencies): two checkouts agree on it exactly when a batch
// run under one means the same work under the other.
func PlanHash(p *plan.Plan) string {
	ids := make([]int, 0, len(p.Batches))
	for _, b := range p.Batches {
		ids = append(ids, b.ID)
	}
	slices.Sort(ids)
	h := sha256.New()
	for _, id := range ids {
		b, _ := p.Batch(id)
		fmt.Fprintf(h, "%d:%s\n", id, b.SpecHash())
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
