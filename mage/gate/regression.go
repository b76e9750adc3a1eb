package gate

import (
	"fmt"
	"strings"
)

// Regression is how a test run compares with the baseline recorded on main.
type Regression struct {
	// NewFailures are the tests that passed in the baseline and fail now,
	// in the order the run reported them.
	NewFailures []string
	// BaselinePassed and Passed are the numbers of passing tests.
	BaselinePassed, Passed int
}

// CompareTests compares a run with its baseline. It finds a regression in
// any test that passed in the baseline and fails now, and in fewer passing
// tests than the baseline.
//
// Which baseline tests passed is known by name when the baseline lists them
// all (a TRX, or normal verbosity). When it lists only its failures (minimal
// verbosity), a test that fails now and did not fail then counts as a new
// failure: it cannot be told from a test that passed, and a gate should
// rather hold back a batch than merge a broken one.
func CompareTests(baseline, now TestRun) Regression {
	b, n := baseline.Counts(), now.Counts()
	reg := Regression{BaselinePassed: b.Passed, Passed: n.Passed}
	passedBefore, failedBefore := set(b.PassedTests), set(b.FailedTests)
	byName := b.passedComplete()
	for _, name := range n.FailedTests {
		if (byName && passedBefore[name]) || (!byName && !failedBefore[name]) {
			reg.NewFailures = append(reg.NewFailures, name)
		}
	}
	return reg
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

// Regressed reports whether the run is worse than its baseline.
func (r Regression) Regressed() bool {
	return len(r.NewFailures) > 0 || r.Passed < r.BaselinePassed
}

// String describes the comparison in one line, naming up to three new
// failures.
func (r Regression) String() string {
	counts := fmt.Sprintf("%d passed, baseline %d", r.Passed, r.BaselinePassed)
	switch {
	case len(r.NewFailures) > 0:
		shown := r.NewFailures[:min(3, len(r.NewFailures))]
		more := ""
		if len(r.NewFailures) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(r.NewFailures)-len(shown))
		}
		return fmt.Sprintf("%d new test failure(s): %s%s; %s", len(r.NewFailures), strings.Join(shown, ", "), more, counts)
	case r.Passed < r.BaselinePassed:
		return fmt.Sprintf("fewer passing tests: %s", counts)
	}
	return fmt.Sprintf("no test regression: %s", counts)
}
