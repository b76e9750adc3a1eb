package report

import "time"

// Options are the settings of one report.
type Options struct {
	// Title heads the report; DefaultTitle when empty.
	Title string
	// Now is when the report is made; time.Now when zero.
	Now time.Time
	// Previous is the report the changes are counted from (see
	// FindPrevious); nil makes a first report, whose changes are the whole
	// history.
	Previous *Previous
	// Database names the porting.db in the report; left out when empty.
	Database string
	// JSON makes Write also write the JSON twin (PORTWAVE_FORMAT=json).
	JSON bool
	// MaxModules caps the rows of the module table and the modules of the
	// open list in the markdown; DefaultMaxModules when zero.
	MaxModules int
	// MaxListed caps how many items each list (changes, regressions, open
	// items) names; DefaultMaxListed when zero. The counts stay exact.
	MaxListed int
	// BudgetUSD, when positive, is drawn as the cost chart's budget line.
	BudgetUSD float64
}

// Defaults of Options.
const (
	DefaultTitle      = "Port report"
	DefaultMaxModules = 200
	DefaultMaxListed  = 2000
)

// maxBurnUpPoints caps the burn-up series: more than one point per pixel
// column of the chart shows nothing more and only grows the JSON twin.
const maxBurnUpPoints = 1000

func (o Options) withDefaults() Options {
	if o.Title == "" {
		o.Title = DefaultTitle
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = o.Now.UTC()
	if o.MaxModules <= 0 {
		o.MaxModules = DefaultMaxModules
	}
	if o.MaxListed <= 0 {
		o.MaxListed = DefaultMaxListed
	}
	return o
}
