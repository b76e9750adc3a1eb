package report

import (
	"time"

	"portwave/mage/port"
)

// PlanProgress is the plan's waves and batches against porting.db and the
// run ledger, with the outcome the plan expects beside the measured one.
type PlanProgress struct {
	Title    string `json:"title,omitempty"`
	Document string `json:"document,omitempty"`
	// Expected is the plan's "Expected Outcome", as written.
	Expected []string `json:"expected"`
	// Measured is the same outcome measured now, one line per subject.
	Measured []string `json:"measured"`
	// Projected is the plan's outcome recomputed from porting.db: every
	// listed feature not yet done counted as verified.
	Projected     string         `json:"projected"`
	ProjectedRest string         `json:"projected_rest"`
	Waves         []WaveProgress `json:"waves"`
	Total         BatchCounts    `json:"total"`
	BatchesDone   int            `json:"batches_done"` // batches with nothing pending
	Batches       int            `json:"batches"`
}

// WaveProgress is one wave of the plan.
type WaveProgress struct {
	Wave    int             `json:"wave"`
	Note    string          `json:"note,omitempty"`
	Batches []BatchProgress `json:"batches"`
}

// BatchProgress is one batch: its features in porting.db and its runs.
type BatchProgress struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	BatchCounts
	Run *BatchLedger `json:"run"` // nil when the batch has not run
}

// BatchCounts is the state of a batch's listed features in porting.db.
type BatchCounts struct {
	Listed   int `json:"listed"`   // IDs the batch lists, added ones included
	Pending  int `json:"pending"`  // deferred, stub or unknown
	Verified int `json:"verified"` // verified now
	Done     int `json:"done"`     // verified, complete or n/a
	Missing  int `json:"missing"`  // listed but not in porting.db
}

func (c *BatchCounts) add(o BatchCounts) {
	c.Listed += o.Listed
	c.Pending += o.Pending
	c.Verified += o.Verified
	c.Done += o.Done
	c.Missing += o.Missing
}

// BatchLedger is what the run ledger says about one batch: the figures of
// port.Figures (see port.Definitions), which `status` shows too.
type BatchLedger struct {
	Batch int    `json:"batch"`
	Name  string `json:"name,omitempty"` // from the plan
	// Attempt is the newest attempt's number; Rows the ledger rows.
	Attempt  int        `json:"attempt"`
	Rows     int        `json:"ledger_rows"`
	State    port.State `json:"state"` // of the newest row
	Stage    port.Stage `json:"stage"`
	Started  time.Time  `json:"started"`
	Finished *time.Time `json:"finished"` // nil while it runs
	// Seconds is the time spent on the batch, summed over its rows.
	Seconds      float64 `json:"seconds"`
	Error        string  `json:"error,omitempty"`
	LogPath      string  `json:"log_path,omitempty"`
	Turns        int     `json:"turns"`
	InputTokens  int64   `json:"input_tokens"`
	OutputTokens int64   `json:"output_tokens"`
	CostUSD      float64 `json:"cost_usd"`
}

// Cost is what the agents cost over the whole ledger.
type Cost struct {
	TotalUSD     float64 `json:"total_usd"`
	Attempts     int     `json:"attempts"` // the batches' newest attempt numbers, added up
	Rows         int     `json:"ledger_rows"`
	Turns        int     `json:"turns"`
	InputTokens  int64   `json:"input_tokens"`
	OutputTokens int64   `json:"output_tokens"`
	BudgetUSD    float64 `json:"budget_usd,omitempty"` // the configured budget, when one is set
}

// PlanTimeline is every ledger row of every run: the data of the Gantt
// chart.
type PlanTimeline struct {
	Started  time.Time         `json:"started"`
	Runs     []RunWindow       `json:"runs"`
	Lanes    []string          `json:"lanes"` // worktree slots, in order
	Attempts []AttemptTimeline `json:"attempts"`
}

// RunWindow is one orchestrator run.
type RunWindow struct {
	Run      int64      `json:"run"`
	Command  string     `json:"command"`
	State    port.State `json:"state"`
	Started  time.Time  `json:"started"`
	Finished *time.Time `json:"finished"`
}

// AttemptTimeline is one ledger row: an attempt of a batch in one run.
type AttemptTimeline struct {
	Batch   int         `json:"batch"`
	Attempt int         `json:"attempt"`
	Run     int64       `json:"run"`
	Lane    string      `json:"lane"`
	State   port.State  `json:"state"`
	Seconds float64     `json:"seconds"`
	Turns   int         `json:"turns"`
	CostUSD float64     `json:"cost_usd"`
	Stages  []StageSpan `json:"stages"`
}

// StageSpan is one stage of a batch run; End is nil while it runs.
type StageSpan struct {
	Stage  port.Stage `json:"stage"`
	Start  time.Time  `json:"start"`
	End    *time.Time `json:"end"`
	Failed bool       `json:"failed,omitempty"`
}
