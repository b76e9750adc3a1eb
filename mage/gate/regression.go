package gate

import (
	"fmt"
	"strings"

	"portwave/mage/dotnetout"
)

// TestRun is what CompareTests compares: a console summary
// (dotnetout.TestCounts) or a TRX (dotnetout.TRXResult).
type TestRun interface {
	Counts() dotnetout.TestCounts
}

// Regression is how a test run compares with the baseline recorded on main.
type Regression struct {
	// NewFailures are the tests that passed in the baseline and fail now,
	// in the order the run reported them.
	NewFailures []string
	// Gone are the tests that passed in the baseline and do not pass now
	// without failing: skipped, removed or renamed. Switching a passing
	// test off and adding an empty one keeps the count; it is still a
	// regression.
	Gone []string
	// ByName says both runs named every passing test: the comparison is
	// by name, and a count that fell is explained by Gone, NewFailures or
	// a test the batch may change.
	ByName bool
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
//
// When both runs name every passing test, each test that passed in the
// baseline must pass again, unless exempt says the batch may change it
// (exempt may be nil: no test is).
func CompareTests(baseline, now TestRun, exempt func(test string) bool) Regression {
	b, n := baseline.Counts(), now.Counts()
	reg := Regression{BaselinePassed: b.Passed, Passed: n.Passed}
	passedBefore, failedBefore := set(b.PassedTests), set(b.FailedTests)
	byName := b.PassedComplete()
	allowed := func(name string) bool { return exempt != nil && exempt(name) }
	for _, name := range n.FailedTests {
		if ((byName && passedBefore[name]) || (!byName && !failedBefore[name])) && !allowed(name) {
			reg.NewFailures = append(reg.NewFailures, name)
		}
	}
	if byName && n.PassedComplete() {
		reg.ByName = true
		passedNow, failedNow := set(n.PassedTests), set(n.FailedTests)
		for _, name := range b.PassedTests {
			if !passedNow[name] && !failedNow[name] && !allowed(name) {
				reg.Gone = append(reg.Gone, name)
			}
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
	return len(r.NewFailures) > 0 || len(r.Gone) > 0 || (!r.ByName && r.Passed < r.BaselinePassed)
}

// String describes the comparison in one line, naming up to three new
// failures.
func (r Regression) String() string {
	counts := fmt.Sprintf("%d passed, baseline %d", r.Passed, r.BaselinePassed)
	switch {
	case len(r.NewFailures) > 0:
		return fmt.Sprintf("%d new test failure(s): %s; %s", len(r.NewFailures), firstTests(r.NewFailures), counts)
	case len(r.Gone) > 0:
		return fmt.Sprintf("%d test(s) that passed on main no longer pass (skipped or removed): %s; %s", len(r.Gone), firstTests(r.Gone), counts)
	case !r.ByName && r.Passed < r.BaselinePassed:
		return fmt.Sprintf("fewer passing tests: %s", counts)
	}
	return fmt.Sprintf("no test regression: %s", counts)
}

// firstTests names the first three tests and counts the rest, for the one
// line a verdict has: "A, B, C and 2 more".
func firstTests(tests []string) string {
	shown := tests[:min(3, len(tests))]
	s := strings.Join(shown, ", ")
	if len(tests) > len(shown) {
		s += fmt.Sprintf(" and %d more", len(tests)-len(shown))
	}
	return s
}
