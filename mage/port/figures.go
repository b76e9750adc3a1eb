package port

import (
	"slices"
	"time"
)

// Figures is what the ledger says about one batch, summed over every row
// the ledger holds for it. It is the one definition of a batch's numbers:
// `status` (text and JSON), the live view, the run summary and the report
// (markdown and JSON) all show these, computed by SumFigures. Definitions
// says the same in words for the report's footer.
type Figures struct {
	Batch int
	// State, Stage, Error and LogPath are the newest row's (the newest log
	// written, when the newest row has none yet).
	State   State
	Stage   Stage
	Error   string
	LogPath string
	// Attempt is the newest attempt's number. An attempt is one run of the
	// agent; a gate retry or a `retry` after a failed gate is the next
	// attempt. A run that picks the same attempt up at a later stage (after
	// a kill or a failed merge) keeps its number.
	Attempt int
	// Rows counts the ledger rows: one per attempt per orchestrator run
	// that worked on it.
	Rows int
	// Turns adds up every row's agent turns: each run of the agent counts
	// its own turns, a resumed session's included.
	Turns int
	// CostUSD adds up every row's agent cost. A row holds its own share: a
	// resumed session reports the whole session's cost, and the row keeps
	// that less what earlier rows of the same session hold (SessionCost).
	CostUSD      float64
	InputTokens  int64
	OutputTokens int64
	// Seconds adds up every row's time from its start to its end (its last
	// update while it runs): the time spent on the batch, not the pauses
	// between runs.
	Seconds float64
	// Started is the first row's start; Finished the newest row's end, zero
	// while it runs.
	Started  time.Time
	Finished time.Time
}

// Definitions are the Figures in words, as the report's footer prints
// them: name, then meaning.
var Definitions = [][2]string{
	{"attempt", "one run of the agent on a batch; a retry after a failed gate (in the same run or by `retry`) is the next attempt, while resuming after a kill or a failed merge keeps the number"},
	{"turns", "the agent's turns summed over every attempt and resumed run of the batch"},
	{"cost", "the agent's cost summed over every attempt; a resumed session reports the session's total, and each ledger row keeps only its own share of it"},
	{"duration", "the time the batch was worked on, summed over its ledger rows: from each row's start to its end, without the pauses between runs"},
	{"verified", "the batch's listed features that porting.db has as verified now, whichever audit promoted them"},
}

// SumFigures folds ledger rows (in any batch order, oldest first within a
// batch, as BatchRuns returns them) into one Figures per batch, by batch.
func SumFigures(rows []BatchRun) []Figures {
	byBatch := map[int]*Figures{}
	for _, br := range rows {
		f := byBatch[br.Batch]
		if f == nil {
			f = &Figures{Batch: br.Batch, Started: br.Started}
			byBatch[br.Batch] = f
		}
		f.add(br)
	}
	out := make([]Figures, 0, len(byBatch))
	for _, f := range byBatch {
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b Figures) int { return a.Batch - b.Batch })
	return out
}

// FiguresOf is SumFigures for the rows of one batch; the zero Figures
// (with Batch set) when it has none.
func FiguresOf(batch int, rows []BatchRun) Figures {
	var mine []BatchRun
	for _, br := range rows {
		if br.Batch == batch {
			mine = append(mine, br)
		}
	}
	if fs := SumFigures(mine); len(fs) == 1 {
		return fs[0]
	}
	return Figures{Batch: batch}
}

func (f *Figures) add(br BatchRun) {
	f.Rows++
	f.State, f.Stage, f.Error, f.Attempt = br.State, br.Stage, br.Error, br.Attempt
	if br.LogPath != "" {
		f.LogPath = br.LogPath
	}
	f.Turns += br.Turns
	f.CostUSD += br.CostUSD
	f.InputTokens += br.InputTokens
	f.OutputTokens += br.OutputTokens
	f.Seconds += RowSeconds(br)
	f.Finished = br.Finished
	if f.Started.IsZero() || (!br.Started.IsZero() && br.Started.Before(f.Started)) {
		f.Started = br.Started
	}
}

// RowSeconds is how long one ledger row lasted: start to end, or to its
// last update while it runs.
func RowSeconds(br BatchRun) float64 {
	end := br.Finished
	if end.IsZero() {
		end = br.Updated
	}
	if br.Started.IsZero() || end.Before(br.Started) {
		return 0
	}
	return end.Sub(br.Started).Seconds()
}

// SessionCost is what the rows before `before` of an agent session already
// hold: a resumed session's reported cost less this is the new row's share.
func SessionCost(rows []BatchRun, session string, before int64) float64 {
	if session == "" {
		return 0
	}
	var cost float64
	for _, br := range rows {
		if br.SessionID == session && br.ID != before && (before == 0 || br.ID < before) {
			cost += br.CostUSD
		}
	}
	return cost
}

// CountVerified counts the distinct IDs of ids that items has as verified:
// the "verified" figure of a batch.
func CountVerified(ids []int, items map[int]Item) int {
	seen := make(map[int]bool, len(ids))
	n := 0
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if it, ok := items[id]; ok && it.Status == Verified {
			n++
		}
	}
	return n
}
