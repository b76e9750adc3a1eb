package gate

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"portwave/mage/audit"
	"portwave/mage/dotnetout"
	"portwave/mage/pipeline"
	"portwave/mage/port"
)

// Input is everything the gate judges a tree by. The same rules hold for
// every path to main: a batch's worktree after its agent, the merged
// result of a conflict resolved by hand before `retry` fast-forwards
// main, and main itself in `post`.
type Input struct {
	// Dir is the tree judged.
	Dir string
	// Changed are the files the work changed, slash-separated and relative
	// to Dir: the scope policy, the conflict markers and the built-in C#
	// check look at them.
	Changed []string
	// Scope says which changed files are allowed.
	Scope Scope
	// Build and Test are the configured commands. Build may be
	// BuiltinCheck; an empty Test runs no tests.
	Build, Test string
	Exec        Exec
	// ResultsDir is where a `dotnet test` run writes its TRX file.
	ResultsDir string
	// Baseline gives the test results the run is compared with; nil means
	// the tests are reported, not compared (post).
	Baseline func(context.Context) (dotnetout.TestCounts, error)
	// TestExempt says which tests the batch may change, so that one that
	// passed in the baseline may stop passing: those of the classes its
	// target files declare. nil: none.
	TestExempt func(test string) bool
	// Audit is the batch audit; nil for post, which runs the full audit.
	Audit      *BatchAudit
	StubMarker string
	// Symbols are the preprocessor symbols the C# scanner defines for #if,
	// in the built-in check and the batch audit alike.
	Symbols []string
	// Configuration is the build configuration whose symbols the project
	// files give when Symbols is empty (Debug when empty).
	Configuration string
	// Note records what the gate saw beyond the verdict, for the ledger;
	// a failed write fails the gate's run.
	Note func(string) error
}

// BatchAudit asks whether enough of the batch's features are implemented.
type BatchAudit struct {
	Items     []port.Item
	IDs       []int
	Root      string
	Naming    audit.Naming
	Threshold float64 // share of the features that must be implemented (0..1)
	GoRoot    string  // the Go source, for the audit's signature checks
}

// Verdict is the gate's answer.
type Verdict struct {
	Passed   bool
	Summary  string // one line
	Feedback string // what the next attempt's prompt carries
	Build    dotnetout.BuildResult
	Tests    TestReport
	TestsRan bool
}

// SetupError is a gate that could not run at all (a command that does not
// parse or is not installed): a retry of the agent cannot help.
type SetupError struct{ Err error }

func (e *SetupError) Error() string { return "gate: " + e.Err.Error() }
func (e *SetupError) Unwrap() error { return e.Err }

// Judge applies the gate's rules in order, cheapest first, and stops at the
// first that fails: the scope policy, conflict markers, the build (or the
// built-in C# check), the tests against their baseline, the batch audit
// against its threshold.
func Judge(ctx context.Context, in Input) (Verdict, error) {
	note := in.Note
	if note == nil {
		note = func(string) error { return nil }
	}
	if v, bad := in.Scope.judge(in.Changed); bad {
		return v, nil
	}
	if v, bad, err := markers(in.Dir, in.Changed); err != nil || bad {
		return v, err
	}
	v, err := build(ctx, in, note)
	if err != nil || !v.Passed {
		return v, err
	}
	testSummary := "no test command"
	if strings.TrimSpace(in.Test) != "" {
		t, err := tests(ctx, in)
		if err != nil || !t.Passed {
			t.Build = v.Build
			return t, err
		}
		v.Tests, v.TestsRan, testSummary = t.Tests, true, t.Summary
	}
	if in.Audit == nil {
		v.Summary = "build ok, " + testSummary
		return v, nil
	}
	a := in.Audit
	ba, err := audit.Batch(ctx, a.Items, a.IDs, audit.Options{Root: a.Root, Naming: a.Naming, StubMarker: in.StubMarker,
		Symbols: in.Symbols, Configuration: in.Configuration, GoRoot: a.GoRoot})
	if err != nil {
		return Verdict{}, err
	}
	if err := note("batch audit: " + ba.Summary()); err != nil {
		return Verdict{}, err
	}
	if ba.Total > 0 && float64(ba.Implemented) < a.Threshold*float64(ba.Total) {
		var fb strings.Builder
		fb.WriteString("These members of the batch are not implemented yet:\n")
		for _, f := range ba.Pending {
			fmt.Fprintf(&fb, "- feature %d %s: %s\n", f.Item.ID, f.Item.GoQualifiedName(), f.Reason())
		}
		return Verdict{Summary: fmt.Sprintf("batch audit: %d of %d implemented; %s", ba.Implemented, ba.Total, pendingSummary(ba.Pending, relSlash(in.Dir, a.Root))), Feedback: fb.String(),
			Build: v.Build, Tests: v.Tests, TestsRan: v.TestsRan}, nil
	}
	v.Summary = fmt.Sprintf("build ok, %s, %s", testSummary, ba.Summary())
	return v, nil
}

// pendingSummary names the first members the batch audit found not
// implemented, each with why and where, for the one line the live view,
// status and the report show: "a batch audit: 1 of 2" alone sent the user
// to the log to find which member.
// The audit names files from its root; prefix makes them the tree's
// paths (dotnet/src/..., not src/...).
func pendingSummary(pending []audit.Finding, prefix string) string {
	const most = 3
	var parts []string
	for i, f := range pending {
		if i == most {
			parts = append(parts, fmt.Sprintf("and %d more", len(pending)-most))
			break
		}
		r := f.Reason()
		if where := f.Where(); where != "" && prefix != "" && prefix != "." {
			r = strings.Replace(r, where, path.Join(prefix, where), 1)
		}
		parts = append(parts, r)
	}
	return strings.Join(parts, "; ")
}

// relSlash is p relative to dir, slash-separated, or "" when it is not
// below dir.
func relSlash(dir, p string) string {
	rel, err := filepath.Rel(dir, p)
	if err != nil || strings.HasPrefix(rel, "..") {
		return ""
	}
	return filepath.ToSlash(rel)
}

// build runs the build command, or the built-in C# check.
func build(ctx context.Context, in Input, note func(string) error) (Verdict, error) {
	if in.Build == BuiltinCheck {
		return builtinCheck(in, note)
	}
	cmd, err := pipeline.Parse(in.Build)
	if err != nil {
		return Verdict{}, &SetupError{fmt.Errorf("build command: %w", err)}
	}
	res, code, err := RunBuild(ctx, in.Exec, in.Dir, cmd)
	if err != nil {
		if ctx.Err() != nil {
			return Verdict{}, err
		}
		return Verdict{}, &SetupError{err}
	}
	v := Verdict{Build: res}
	if !res.Succeeded {
		v.Summary = res.String()
		if len(res.Errors) == 0 {
			v.Summary = fmt.Sprintf("build failed with exit %d and no error lines", code)
		}
		v.Feedback = "The build failed with these errors:\n" + res.Feedback(in.Dir, 30)
		if len(res.Errors) == 0 {
			v.Feedback = "The build failed and printed no error lines; its output ended with:\n" + res.Tail
		}
		return v, nil
	}
	v.Passed = true
	return v, nil
}

// tests runs the tests and compares them with the baseline.
func tests(ctx context.Context, in Input) (Verdict, error) {
	var baseline dotnetout.TestCounts
	if in.Baseline != nil {
		var err error
		if baseline, err = in.Baseline(ctx); err != nil {
			return Verdict{}, err
		}
	}
	rep, err := TestCommand(ctx, in.Exec, in.Dir, in.Test, in.ResultsDir)
	if err != nil {
		return Verdict{}, err
	}
	v := Verdict{Tests: rep, TestsRan: true}
	if !rep.SummarySeen {
		v.Summary = fmt.Sprintf("tests printed no results (exit %d)", rep.ExitCode)
		v.Feedback = "The test command printed no results; the test project probably does not build:\n" + rep.Build.Feedback(in.Dir, 30) + rep.Build.Tail
		return v, nil
	}
	if in.Baseline == nil {
		if rep.Failed > 0 {
			v.Summary = fmt.Sprintf("tests: %d failed", rep.Failed)
			if len(rep.FailedTests) > 0 {
				v.Summary += ": " + firstTests(rep.FailedTests)
			}
			v.Feedback = "These tests fail: " + strings.Join(rep.FailedTests, ", ")
			return v, nil
		}
	} else if reg := CompareTests(baseline, rep, in.TestExempt); reg.Regressed() {
		v.Summary = "tests: " + reg.String()
		v.Feedback = "Tests that passed on main now fail: " + strings.Join(reg.NewFailures, ", ") + "\n" + reg.String()
		if len(reg.Gone) > 0 {
			v.Feedback = "Tests that passed on main must pass again, not be skipped or removed: " + strings.Join(reg.Gone, ", ") + "\n" + reg.String()
		}
		return v, nil
	}
	v.Passed, v.Summary = true, fmt.Sprintf("%d tests passed", rep.TestCounts.Passed)
	return v, nil
}

// TestCommand runs a test command in dir, asking dotnet for a TRX file in
// resultsDir when the command (or the first stage of its pipeline) is
// `dotnet test`, so counts and names come from it.
func TestCommand(ctx context.Context, run Exec, dir, command, resultsDir string) (TestReport, error) {
	cmd, err := pipeline.Parse(command)
	if err != nil {
		return TestReport{}, &SetupError{fmt.Errorf("test command: %w", err)}
	}
	var trx string
	if argv := cmd.Stages[0].Argv; len(argv) > 1 && filepath.Base(argv[0]) == "dotnet" && argv[1] == "test" && resultsDir != "" {
		trx = filepath.Join(resultsDir, "gate.trx")
		cmd.Stages[0].Argv = append(argv[:len(argv):len(argv)], "--logger", "trx;LogFileName=gate.trx", "--results-directory", resultsDir)
	}
	rep, err := RunTests(ctx, run, dir, cmd, trx)
	if err != nil && ctx.Err() == nil {
		var se *SetupError
		if !errors.As(err, &se) {
			err = &SetupError{err}
		}
	}
	return rep, err
}
