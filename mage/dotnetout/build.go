package dotnetout

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// BuildResult is what one build printed.
type BuildResult struct {
	// Succeeded is true when a summary was seen and every summary reported
	// success. Without a summary (quiet verbosity, a crash) it is false and
	// the caller decides from the exit code.
	Succeeded   bool
	SummarySeen bool
	// Errors and Warnings are the distinct diagnostics in order of first
	// appearance.
	Errors, Warnings []Diagnostic
	// ErrorCount and WarningCount are msbuild's own counts from the
	// summaries, which can exceed the distinct diagnostics (a multi-targeted
	// project counts an error once per framework); without a summary they
	// count the distinct diagnostics.
	ErrorCount, WarningCount int
	// Tail is the end of the output of a failed command in which no error
	// line was found (a crash, a missing SDK, a filter that dropped them),
	// so the next attempt sees what went wrong; empty otherwise. The
	// parser never sets it: the caller that knows the exit code does
	// (see LastLines).
	Tail string `json:",omitempty"`
}

var (
	classicResult = regexp.MustCompile(`^\s*Build (succeeded|FAILED)\.\s*$`)
	classicCount  = regexp.MustCompile(`^\s*(\d+) (Warning|Error)\(s\)\s*$`)
	// The terminal logger: "Build succeeded in 1.2s", "Build succeeded with
	// 2 warning(s) in 1.2s", "Build failed with 3 error(s) and 1 warning(s)
	// in 1.2s".
	terminalResult = regexp.MustCompile(`^\s*Build (succeeded|failed)(?: with (?:(\d+) error\(s\))?(?: and )?(?:(\d+) warning\(s\))?)? in [\d.,]+\s*m?s\b`)
)

// ParseBuild reads the console output of a build. Several builds in one log
// (a solution built project by project, a test run's build) add up: the
// result succeeded only if every summary says so.
func ParseBuild(r io.Reader) BuildResult {
	var res BuildResult
	seen := map[Diagnostic]bool{}
	summaries, failed := 0, false
	errorsSum, warningsSum := 0, 0
	for line := range consoleLines(r) {
		if m := classicResult.FindStringSubmatch(line); m != nil {
			summaries++
			failed = failed || m[1] == "FAILED"
			continue
		}
		if m := classicCount.FindStringSubmatch(line); m != nil && summaries > 0 {
			n, _ := strconv.Atoi(m[1])
			if m[2] == "Error" {
				errorsSum += n
			} else {
				warningsSum += n
			}
			continue
		}
		if m := terminalResult.FindStringSubmatch(line); m != nil {
			summaries++
			failed = failed || m[1] == "failed"
			errorsSum += atoi(m[2])
			warningsSum += atoi(m[3])
			continue
		}
		d, ok := parseDiagnostic(line)
		if !ok || seen[d.key()] {
			continue
		}
		seen[d.key()] = true
		if d.Severity == "error" {
			res.Errors = append(res.Errors, d)
		} else {
			res.Warnings = append(res.Warnings, d)
		}
	}
	res.SummarySeen = summaries > 0
	res.Succeeded = res.SummarySeen && !failed
	res.ErrorCount, res.WarningCount = len(res.Errors), len(res.Warnings)
	if res.SummarySeen {
		res.ErrorCount = max(errorsSum, res.ErrorCount)
		res.WarningCount = max(warningsSum, res.WarningCount)
	}
	return res
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// Rel returns r with every diagnostic's paths made relative to root.
func (r BuildResult) Rel(root string) BuildResult {
	rel := func(ds []Diagnostic) []Diagnostic {
		var out []Diagnostic
		for _, d := range ds {
			out = append(out, d.Rel(root))
		}
		return out
	}
	r.Errors, r.Warnings = rel(r.Errors), rel(r.Warnings)
	return r
}

// Feedback lists the errors, one per line with paths relative to root, as
// the next attempt's prompt carries them; at most limit lines (0: all), then
// a count of the rest.
func (r BuildResult) Feedback(root string, limit int) string {
	var b strings.Builder
	for i, d := range r.Errors {
		if limit > 0 && i == limit {
			fmt.Fprintf(&b, "... and %d more error(s)\n", len(r.Errors)-limit)
			break
		}
		b.WriteString(d.Rel(root).String() + "\n")
	}
	return b.String()
}

// String is the one-line form for progress displays and the ledger.
func (r BuildResult) String() string {
	switch {
	case !r.SummarySeen && len(r.Errors) == 0:
		return "build printed no summary"
	case r.Succeeded && r.ErrorCount == 0:
		return fmt.Sprintf("build succeeded, %d warning(s)", r.WarningCount)
	case len(r.Errors) > 0:
		return fmt.Sprintf("build failed, %d error(s), first %s", r.ErrorCount, firstErr(r.Errors[0]))
	}
	return fmt.Sprintf("build failed, %d error(s)", r.ErrorCount)
}

func firstErr(d Diagnostic) string {
	if d.File != "" {
		d.File = filepath.Base(d.File)
	}
	return d.String()
}
