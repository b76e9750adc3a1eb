package plan

import (
	"fmt"
	"math"
	"strings"

	"portwave/mage/port"
)

// FeatureCounts is how many features porting.db holds in each status, over
// the whole features table.
type FeatureCounts map[port.Status]int

// Summary is what `mage plan` shows: each wave and batch with its work, the
// critical path, and the outcome the plan would reach.
type Summary struct {
	Title           string        `json:"title,omitempty"`
	Document        string        `json:"document,omitempty"`
	Context         string        `json:"context,omitempty"`
	ExpectedOutcome []string      `json:"expected_outcome,omitempty"` // as the plan words it
	Waves           []WaveSummary `json:"waves"`
	Total           Counts        `json:"total"`
	CriticalPath    []int         `json:"critical_path"`
	CriticalPending float64       `json:"critical_path_pending"` // the pending features on the path
	// Finished says no feature of the plan is pending: there is no
	// critical path left to show.
	Finished bool    `json:"finished"`
	Outcome  Outcome `json:"outcome"`
}

// WaveSummary is one wave of a Summary.
type WaveSummary struct {
	Wave    int            `json:"wave"`
	Note    string         `json:"note,omitempty"`
	Batches []BatchSummary `json:"batches"`
}

// BatchSummary is one batch of a Summary.
type BatchSummary struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	Wave int    `json:"wave"`
	Counts
	DependsOn     []int           `json:"depends_on"`
	Implied       []int           `json:"implied,omitempty"` // batches it runs after for its calls (ImplyDependencies)
	Targets       []TargetSummary `json:"targets"`
	AddedIDs      []AddedSummary  `json:"added_ids,omitempty"`
	RemainingPath float64         `json:"remaining_path"` // pending features from here to the end of the plan
}

// Counts is the work in a batch, or in the whole plan.
type Counts struct {
	Listed   int `json:"listed"`            // IDs the batch's own section lists
	Added    int `json:"added"`             // IDs other sections add to it
	Pending  int `json:"pending"`           // deferred, stub or unknown: work to do
	Done     int `json:"done"`              // verified, complete or n/a already
	Missing  int `json:"missing,omitempty"` // not in porting.db at all
	Declared int `json:"declared"`          // the count the plan states
}

// TargetSummary is a target file of a batch.
type TargetSummary struct {
	Path string `json:"path"`
	Note string `json:"note,omitempty"`
}

// AddedSummary is a group of IDs another section adds to a batch.
type AddedSummary struct {
	Label string `json:"label"`
	IDs   string `json:"ids"`
	Note  string `json:"note,omitempty"`
}

// Outcome is the plan's expected outcome recomputed from porting.db: every
// feature the plan lists that is not yet done counts as verified afterwards.
type Outcome struct {
	VerifiedNow     int           `json:"verified_now"`
	PlannedDeferred int           `json:"planned_deferred"`
	PlannedStub     int           `json:"planned_stub"`
	PlannedUnknown  int           `json:"planned_unknown"`
	Verified        int           `json:"verified"`
	Total           int           `json:"total"`
	Percent         float64       `json:"percent"` // rounded to 0.1
	Remaining       []StatusCount `json:"remaining"`
	FeaturesLine    string        `json:"features_line"`  // "Features: 3263 + 363 + 1 = 3627 verified (vs 3673 total = 98.7%)"
	RemainingLine   string        `json:"remaining_line"` // "Remaining: 22 complete, 24 n/a"
}

// StatusCount is a number of features in one status.
type StatusCount struct {
	Status port.Status `json:"status"`
	Count  int         `json:"count"`
}

// PendingWeight weighs a batch by the features it still has to port, at
// least 1 so that a batch with nothing left still takes its turn in a
// schedule. It is the weight Summarize uses for the critical path.
func PendingWeight(db Inventory) func(Batch) float64 {
	return func(b Batch) float64 {
		n := 0
		for _, id := range b.AllIDs() {
			if it, ok := db.Feature(id); ok && !it.Status.Done() {
				n++
			}
		}
		return float64(max(n, 1))
	}
}

// Summarize describes the plan against porting.db (db must not be nil).
// counts are the feature counts per status over the whole features table.
func Summarize(p *Plan, db Inventory, counts FeatureCounts) Summary {
	weight := PendingWeight(db)
	rem := p.RemainingPath(weight)
	s := Summary{Title: p.Title, Document: p.Document, Context: p.Context, ExpectedOutcome: p.ExpectedOutcome}
	for _, w := range p.Waves() {
		ws := WaveSummary{Wave: w.Number, Note: w.Note}
		for _, id := range w.Batches {
			b, _ := p.Batch(id)
			bs := summarizeBatch(*b, db)
			bs.RemainingPath = rem[id]
			ws.Batches = append(ws.Batches, bs)
			s.Total.add(bs.Counts)
		}
		s.Waves = append(s.Waves, ws)
	}
	s.CriticalPath, _ = p.CriticalPath(weight)
	// The weight counts a batch with nothing left as 1, so that it keeps
	// its turn in a schedule; what the path still holds is its features.
	s.CriticalPending = 0
	for _, id := range s.CriticalPath {
		b, _ := p.Batch(id)
		s.CriticalPending += float64(summarizeBatch(*b, db).Pending)
	}
	if s.Total.Pending == 0 && s.Total.Missing == 0 {
		s.Finished, s.CriticalPath, s.CriticalPending = true, []int{}, 0
	}
	s.Outcome = outcome(p, db, counts)
	return s
}

func summarizeBatch(b Batch, db Inventory) BatchSummary {
	bs := BatchSummary{ID: b.ID, Name: b.Name, Wave: b.Wave, DependsOn: b.DepIDs(), Implied: b.ImpliedIDs(), Targets: []TargetSummary{}}
	bs.Listed, bs.Added, bs.Declared = len(b.IDs()), len(b.AddedIDs()), b.Declared
	for _, id := range b.AllIDs() {
		it, ok := db.Feature(id)
		switch {
		case !ok:
			bs.Missing++
		case it.Status.Done():
			bs.Done++
		default:
			bs.Pending++
		}
	}
	for _, t := range b.Targets {
		bs.Targets = append(bs.Targets, TargetSummary{t.Path, t.Note})
	}
	for _, g := range b.Added {
		bs.AddedIDs = append(bs.AddedIDs, AddedSummary{Label: g.Label, IDs: g.Ranges.String(), Note: g.Note})
	}
	return bs
}

func (c *Counts) add(o Counts) {
	c.Listed += o.Listed
	c.Added += o.Added
	c.Pending += o.Pending
	c.Done += o.Done
	c.Missing += o.Missing
	c.Declared += o.Declared
}

func outcome(p *Plan, db Inventory, counts FeatureCounts) Outcome {
	planned := map[port.Status]int{}
	seen := map[int]bool{}
	for _, b := range p.Batches {
		for _, id := range b.AllIDs() {
			if it, ok := db.Feature(id); ok && !seen[id] && !it.Status.Done() {
				planned[it.Status]++
			}
			seen[id] = true
		}
	}
	o := Outcome{
		VerifiedNow:     counts[port.Verified],
		PlannedDeferred: planned[port.Deferred],
		PlannedStub:     planned[port.Stub],
		PlannedUnknown:  planned[port.Unknown],
	}
	o.Verified = o.VerifiedNow + o.PlannedDeferred + o.PlannedStub + o.PlannedUnknown
	for _, n := range counts {
		o.Total += n
	}
	if o.Total > 0 {
		o.Percent = math.Round(float64(o.Verified)*1000/float64(o.Total)) / 10
	}
	terms := []string{fmt.Sprint(o.VerifiedNow), fmt.Sprint(o.PlannedDeferred), fmt.Sprint(o.PlannedStub)}
	if o.PlannedUnknown > 0 {
		terms = append(terms, fmt.Sprint(o.PlannedUnknown))
	}
	o.FeaturesLine = fmt.Sprintf("Features: %s = %d verified (vs %d total = %.1f%%)", strings.Join(terms, " + "), o.Verified, o.Total, o.Percent)
	var rest []string
	for _, st := range port.Statuses {
		if n := counts[st] - planned[st]; st != port.Verified && n > 0 {
			o.Remaining = append(o.Remaining, StatusCount{st, n})
			rest = append(rest, fmt.Sprintf("%d %s", n, st))
		}
	}
	if len(rest) == 0 {
		rest = []string{"nothing"}
	}
	o.RemainingLine = "Remaining: " + strings.Join(rest, ", ")
	return o
}
