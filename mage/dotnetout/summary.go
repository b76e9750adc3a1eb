package dotnetout

import (
	"io"
	"regexp"
	"strconv"
)

// TestCounts is a test run as the console summary tells it. FailedTests
// lists the tests printed as failed; PassedTests the tests printed as passed,
// which vstest does only at normal verbosity and a TRX always does.
type TestCounts struct {
	Total, Passed, Failed, Skipped int
	FailedTests, PassedTests       []string
}

// Counts returns c itself, so a TestCounts and a TRXResult both give their
// counts the same way (the gate compares either with a baseline).
func (c TestCounts) Counts() TestCounts { return c }

// PassedComplete reports whether PassedTests names every passing test, so
// that a test absent from it is known not to have passed.
func (c TestCounts) PassedComplete() bool { return len(c.PassedTests) == c.Passed }

var (
	// vstest minimal verbosity, one line per test assembly:
	// "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: 6 s - X.dll (net10.0)".
	minimalSummary = regexp.MustCompile(`^\s*(?:Passed|Failed)!\s+-\s+Failed:\s*(\d+),\s*Passed:\s*(\d+),\s*Skipped:\s*(\d+),\s*Total:\s*(\d+)`)
	// vstest normal verbosity: "Total tests: N" then indented
	// "Passed: N", "Failed: N", "Skipped: N" lines (older versions put them
	// on the same line, separated by ". ").
	normalTotal = regexp.MustCompile(`^\s*Total tests:\s*(\d+)`)
	normalCount = regexp.MustCompile(`(?:^|\.)\s*(Passed|Failed|Skipped):\s*(\d+)`)
	// The terminal logger: "Test summary: total: N, failed: N, succeeded: N,
	// skipped: N, duration: N.Ns", with "," or ";" between the parts.
	terminalSummary = regexp.MustCompile(`^\s*Test summary:`)
	terminalCount   = regexp.MustCompile(`(total|failed|succeeded|skipped):\s*(\d+)`)
	// "  Failed Ns.Class.Method(x: 1) [12 ms]", "  Passed ... [< 1 ms]".
	testLine = regexp.MustCompile(`^\s+(Failed|Passed)\s+(\S.*?)\s+\[[^\[\]]*\]\s*$`)
	// The terminal logger's failed test: "    Ns.Class.Method (12ms): Error Message: ...".
	terminalFailed = regexp.MustCompile(`^\s+(\S.*?) \([\d.]+\s*m?s\): Error Message:`)
)

// ParseTestSummary reads the console output of a test run. Runs of several
// test assemblies are summed. ok is false when no summary line was found:
// the run crashed, was aborted, or never started. Should one log hold
// several formats, vstest's minimal lines win over its normal-verbosity
// block, and both over the terminal logger's summary.
func ParseTestSummary(r io.Reader) (TestCounts, bool) {
	var minimal, normal, terminal TestCounts
	var nMinimal, nNormal, nTerminal int
	inNormal := false
	var failed, passed names
	for line := range consoleLines(r) {
		if m := minimalSummary.FindStringSubmatch(line); m != nil {
			nMinimal++
			minimal.add(atoi(m[4]), atoi(m[2]), atoi(m[1]), atoi(m[3]))
			continue
		}
		if m := normalTotal.FindStringSubmatch(line); m != nil {
			nNormal++
			normal.Total += atoi(m[1])
			for _, m := range normalCount.FindAllStringSubmatch(line[len(m[0]):], -1) {
				normal.addNamed(m[1], m[2])
			}
			inNormal = true
			continue
		}
		if inNormal {
			if ms := normalCount.FindAllStringSubmatch(line, -1); len(ms) > 0 {
				for _, m := range ms {
					normal.addNamed(m[1], m[2])
				}
				continue
			}
			inNormal = false
		}
		if terminalSummary.MatchString(line) {
			nTerminal++
			for _, m := range terminalCount.FindAllStringSubmatch(line, -1) {
				terminal.addNamed(m[1], m[2])
			}
			continue
		}
		if m := testLine.FindStringSubmatch(line); m != nil {
			if m[1] == "Failed" {
				failed.add(m[2])
			} else {
				passed.add(m[2])
			}
			continue
		}
		if m := terminalFailed.FindStringSubmatch(line); m != nil {
			failed.add(m[1])
		}
	}
	var c TestCounts
	switch {
	case nMinimal > 0:
		c = minimal
	case nNormal > 0:
		c = normal
	case nTerminal > 0:
		c = terminal
	default:
		return TestCounts{FailedTests: failed.list, PassedTests: passed.list}, false
	}
	c.FailedTests, c.PassedTests = failed.list, passed.list
	return c, true
}

func (c *TestCounts) add(total, passed, failed, skipped int) {
	c.Total += total
	c.Passed += passed
	c.Failed += failed
	c.Skipped += skipped
}

// addNamed adds one "name: N" part of a summary.
func (c *TestCounts) addNamed(name, n string) {
	v, _ := strconv.Atoi(n)
	switch name {
	case "total":
		c.Total += v
	case "Passed", "succeeded":
		c.Passed += v
	case "Failed", "failed":
		c.Failed += v
	case "Skipped", "skipped":
		c.Skipped += v
	}
}

// names is a list of test names in order of first appearance, each once: a
// log may print the same failure twice (inline and in a summary).
type names struct {
	list []string
	seen map[string]bool
}

func (n *names) add(name string) {
	if n.seen[name] {
		return
	}
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	n.seen[name] = true
	n.list = append(n.list, name)
}
