package report

import (
	"time"

	"portwave/mage/port"
)

// JSONVersion is the version of the JSON twin's shape; it grows when a field
// changes meaning or goes away, not when one is added.
const JSONVersion = 2

// Report is everything a report shows, built by Build. Its JSON form is the
// report's machine-readable twin.
type Report struct {
	Version   int       `json:"version"`
	Title     string    `json:"title"`
	Generated time.Time `json:"generated"`
	Database  string    `json:"database,omitempty"` // the porting.db file, as given to Build
	Previous  *Previous `json:"previous"`           // nil for a first report

	Summary     Summary       `json:"summary"`
	Plan        *PlanProgress `json:"plan"`    // nil when there is no plan
	Ledger      []BatchLedger `json:"ledger"`  // every batch with a recorded run, by batch
	Changes     Changes       `json:"changes"` // since the previous report
	Regressions ItemList      `json:"regressions"`
	Modules     ModuleTable   `json:"modules"`
	Open        OpenList      `json:"open"` // still deferred, stub or unknown
	Cost        Cost          `json:"cost"`
	BurnUp      []BurnUpPoint `json:"burn_up"`
	// BurnUpBands are the plan's waves as they ran: one per wave and run.
	BurnUpBands []BurnUpBand `json:"burn_up_bands"`
	// BurnUpTarget is the verified count once every listed feature is
	// verified: the plan's expectation, not a measurement. 0 without a plan.
	BurnUpTarget int           `json:"burn_up_target"`
	Timeline     *PlanTimeline `json:"timeline"` // nil when nothing has run
	Failures     []Failure     `json:"failures"` // failed or retried batches
	Limits       Limits        `json:"limits"`
	jsonTwin     bool          // Write also writes the JSON twin
}

// Previous identifies the report the changes are counted from.
type Previous struct {
	Generated time.Time `json:"generated"`
	File      string    `json:"file"` // its file name in the reports directory
}

// Summary is the whole port in numbers.
type Summary struct {
	Features StatusCounts `json:"features"`
	Tests    StatusCounts `json:"tests"`
	All      StatusCounts `json:"all"`
	Line     string       `json:"line"` // "5694/6942 = 82.0%": items done of all items
}

// StatusCounts is how many live items have each status, and how many of
// them are done (verified, complete or n/a).
type StatusCounts struct {
	Verified int     `json:"verified"`
	Complete int     `json:"complete"`
	NA       int     `json:"na"`
	Stub     int     `json:"stub"`
	Deferred int     `json:"deferred"`
	Unknown  int     `json:"unknown"`
	Done     int     `json:"done"`
	Total    int     `json:"total"`
	Percent  float64 `json:"percent"` // Done of Total, rounded to 0.1, below 100 while anything is open
}

// Open is how many items still need porting.
func (c StatusCounts) Open() int { return c.Stub + c.Deferred + c.Unknown }

// add counts n items of status s.
func (c *StatusCounts) add(s port.Status, n int) {
	switch s {
	case port.Verified:
		c.Verified += n
	case port.Complete:
		c.Complete += n
	case port.NA:
		c.NA += n
	case port.Stub:
		c.Stub += n
	case port.Deferred:
		c.Deferred += n
	default:
		c.Unknown += n
	}
	c.Total += n
	if s.Done() {
		c.Done += n
	}
	c.Percent = percent(c.Done, c.Total)
}

// plus is the sum of two counts.
func (c StatusCounts) plus(o StatusCounts) StatusCounts {
	s := StatusCounts{
		Verified: c.Verified + o.Verified, Complete: c.Complete + o.Complete, NA: c.NA + o.NA,
		Stub: c.Stub + o.Stub, Deferred: c.Deferred + o.Deferred, Unknown: c.Unknown + o.Unknown,
		Done: c.Done + o.Done, Total: c.Total + o.Total,
	}
	s.Percent = percent(s.Done, s.Total)
	return s
}

// BurnUpPoint is the port at one instant of its history.
type BurnUpPoint struct {
	T        time.Time `json:"t"`
	Verified int       `json:"verified"` // features and tests verified
	Total    int       `json:"total"`    // items tracked
}

// BurnUpBand is one wave of the plan in one run: from the first start of
// one of its batches to the last end.
type BurnUpBand struct {
	Label string    `json:"label"`
	Wave  int       `json:"wave"`
	Run   int64     `json:"run"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Limits are the caps the lists of this report were built with.
type Limits struct {
	MaxModules int `json:"max_modules"`
	MaxListed  int `json:"max_listed"`
}
