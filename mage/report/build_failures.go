package report

import (
	"strconv"
	"strings"

	"portwave/mage/port"
)

// Failure is one batch that failed, conflicted, was interrupted or needed
// more than one attempt: what went wrong in each of its attempts and what
// the retries cost.
type Failure struct {
	Batch    int            `json:"batch"`
	State    port.State     `json:"state"` // the newest row's
	Attempt  int            `json:"attempt"`
	Turns    int            `json:"turns"`
	CostUSD  float64        `json:"cost_usd"` // every attempt's, as in the ledger table
	Attempts []AttemptIssue `json:"attempts"`
}

// AttemptIssue is what the ledger recorded about one row of a failed or
// retried batch. Every field comes from the row's stage transitions today
// (the details mage/run writes); a ledger table of denials, API retries or
// gate findings would be read by one more entry of issueSources.
type AttemptIssue struct {
	Attempt        int        `json:"attempt"`
	Run            int64      `json:"run"`
	Stage          port.Stage `json:"stage"`
	State          port.State `json:"state"`
	Error          string     `json:"error,omitempty"`
	Findings       []string   `json:"gate_findings"`
	Denied         []string   `json:"denied_tools"`
	OutsideTargets []string   `json:"outside_targets"`
	DroppedDB      bool       `json:"dropped_db_changes,omitempty"`
	APIRetries     int        `json:"api_retries"`
	Turns          int        `json:"turns"`
	CostUSD        float64    `json:"cost_usd"`
	LogPath        string     `json:"log_path,omitempty"`
}

// issueSources read one kind of record of a row into its AttemptIssue. A
// new ledger record (a table of denials, of API retries, of stored gate
// findings) is one more entry here; the markdown and the JSON show every
// field already.
var issueSources = []func(br port.BatchRun, trs []port.Transition, a *AttemptIssue){
	transitionIssues,
}

// transitionIssues reads the details the run writes into stage
// transitions: the gate's findings before a retry, files changed outside
// the targets, dropped changes to porting.db, the agent's denied tool uses
// and API retries.
func transitionIssues(br port.BatchRun, trs []port.Transition, a *AttemptIssue) {
	for _, tr := range trs {
		switch d := tr.Detail; {
		case strings.HasPrefix(d, "gate failed, retrying with its findings: "):
			a.Findings = appendNew(a.Findings, strings.TrimPrefix(d, "gate failed, retrying with its findings: "))
		case strings.HasPrefix(d, "outside the targets: "):
			for _, f := range strings.Split(strings.TrimPrefix(d, "outside the targets: "), ", ") {
				a.OutsideTargets = appendNew(a.OutsideTargets, f)
			}
		case strings.HasPrefix(d, "dropped the agent's changes to "):
			a.DroppedDB = true
		case strings.HasPrefix(d, port.DetailDenied):
			for _, u := range strings.Split(strings.TrimPrefix(d, port.DetailDenied), "; ") {
				a.Denied = appendNew(a.Denied, u)
			}
		case strings.HasPrefix(d, port.DetailAPIRetries):
			if n, err := strconv.Atoi(strings.TrimPrefix(d, port.DetailAPIRetries)); err == nil {
				a.APIRetries = max(a.APIRetries, n)
			}
		}
	}
	if strings.HasPrefix(br.Error, "gate: ") {
		a.Findings = appendNew(a.Findings, strings.TrimPrefix(br.Error, "gate: "))
	}
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// failures lists the batches that went wrong at least once, from the
// ledger rows and their transitions (read by timeline).
func (b *builder) failures() {
	r := b.r
	r.Failures = []Failure{}
	byBatch := map[int][]port.BatchRun{}
	for _, br := range b.runs {
		byBatch[br.Batch] = append(byBatch[br.Batch], br)
	}
	for _, l := range r.Ledger {
		rows := byBatch[l.Batch]
		if !troubled(l, rows) {
			continue
		}
		f := Failure{Batch: l.Batch, State: l.State, Attempt: l.Attempt, Turns: l.Turns, CostUSD: l.CostUSD,
			Attempts: []AttemptIssue{}}
		for _, br := range rows {
			a := AttemptIssue{Attempt: br.Attempt, Run: br.RunID, Stage: br.Stage, State: br.State, Error: br.Error,
				Findings: []string{}, Denied: []string{}, OutsideTargets: []string{},
				Turns: br.Turns, CostUSD: br.CostUSD, LogPath: br.LogPath}
			for _, src := range issueSources {
				src(br, b.transitions[br.ID], &a)
			}
			f.Attempts = append(f.Attempts, a)
		}
		r.Failures = append(r.Failures, f)
	}
}

// troubled reports whether a batch belongs in the failures section: it
// stands failed, conflicted or interrupted, or any of its rows does, or it
// took more than one attempt.
func troubled(l BatchLedger, rows []port.BatchRun) bool {
	if l.Attempt > 1 {
		return true
	}
	for _, br := range rows {
		switch br.State {
		case port.StateFailed, port.StateConflict, port.StateInterrupted:
			return true
		}
	}
	return false
}
