package run

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-shellwords"

	"portwave/mage/audit"
	"portwave/mage/gate"
	"portwave/mage/portdb"
)

// gateResult is the gate's verdict on a worktree.
type gateResult struct {
	passed   bool
	summary  string // one line
	feedback string // what the next attempt's prompt carries
}

// gate builds, tests and audits the batch in its worktree. baseCommit is
// the main commit whose test results are the baseline.
func (j *job) gate(ctx context.Context, baseCommit string) (gateResult, error) {
	w, dir := j.w, j.br.Worktree
	if err := j.enter(ctx, portdb.StageGate, "gate: build, tests, batch audit"); err != nil {
		return gateResult{}, err
	}
	build, err := j.build(ctx, dir)
	if err != nil || !build.passed {
		return build, err
	}
	testSummary := "no test command"
	if strings.TrimSpace(w.Config.Test) != "" {
		res, err := j.testGate(ctx, dir, baseCommit)
		if err != nil || !res.passed {
			return res, err
		}
		testSummary = res.summary
	}
	_, all, err := w.Features(ctx)
	if err != nil {
		return gateResult{}, err
	}
	ba, err := audit.Batch(ctx, j.batch.MapItems(all), j.batch.AllIDs(), audit.Options{Root: filepath.Join(dir, w.rel(w.Config.AuditRoot)),
		Naming: w.Naming(), StubMarker: w.Config.StubMarker, Symbols: w.Config.CSharpSymbols, GoRoot: w.Config.GoRoot})
	if err != nil {
		return gateResult{}, err
	}
	if err := w.save(ctx, j.br, "batch audit: "+ba.Summary()); err != nil {
		return gateResult{}, err
	}
	if ba.Total > 0 && float64(ba.Implemented) < w.Config.AuditThreshold*float64(ba.Total) {
		var fb strings.Builder
		fb.WriteString("These members of the batch are not implemented yet:\n")
		for _, f := range ba.Pending {
			fmt.Fprintf(&fb, "- feature %d %s: %s\n", f.Item.ID, f.Item.GoQualifiedName(), f.Reason())
		}
		return gateResult{summary: fmt.Sprintf("batch audit: %d of %d implemented", ba.Implemented, ba.Total), feedback: fb.String()}, nil
	}
	return gateResult{passed: true, summary: fmt.Sprintf("build ok, %s, %s", testSummary, ba.Summary())}, nil
}

// testGate runs the tests and compares them with main's baseline.
func (j *job) testGate(ctx context.Context, dir, baseCommit string) (gateResult, error) {
	baseline, err := j.baseline(ctx, baseCommit, "")
	if err != nil {
		return gateResult{}, err
	}
	tests, err := j.tests(ctx, dir, fmt.Sprintf("batch-%02d", j.batch.ID))
	if err != nil {
		return gateResult{}, err
	}
	if !tests.SummarySeen {
		return gateResult{summary: fmt.Sprintf("tests printed no results (exit %d)", tests.ExitCode),
			feedback: "The test command printed no results; the test project probably does not build:\n" + tests.Build.Feedback(dir, 30)}, nil
	}
	if reg := gate.CompareTests(baseline, tests); reg.Regressed() {
		return gateResult{summary: "tests: " + reg.String(),
			feedback: "Tests that passed on main now fail: " + strings.Join(reg.NewFailures, ", ") + "\n" + reg.String()}, nil
	}
	return gateResult{passed: true, summary: fmt.Sprintf("%d tests passed", tests.TestCounts.Passed)}, nil
}

func (j *job) build(ctx context.Context, dir string) (gateResult, error) {
	if j.w.Config.Build == BuiltinCheck {
		return j.structuralCheck(ctx, dir)
	}
	argv, err := split(j.w.Config.Build)
	if err != nil {
		return gateResult{}, failed("build command: %v", err)
	}
	res, code, err := gate.RunBuild(ctx, j.logged(j.w.Exec, "build"), dir, argv)
	if err != nil {
		if ctx.Err() != nil {
			return gateResult{}, err
		}
		return gateResult{}, failed("gate: %v", err) // did not run at all: a retry cannot help
	}
	if !res.Succeeded {
		summary := res.String()
		if len(res.Errors) == 0 {
			summary = fmt.Sprintf("build failed with exit %d and no error lines", code)
		}
		return gateResult{summary: summary, feedback: "The build failed with these errors:\n" + res.Feedback(dir, 30)}, nil
	}
	return gateResult{passed: true}, nil
}

// tests runs the test command, asking dotnet for a TRX file when the
// command is `dotnet test`, so counts and names come from it.
func (j *job) tests(ctx context.Context, dir, name string) (gate.TestReport, error) {
	argv, err := split(j.w.Config.Test)
	if err != nil {
		return gate.TestReport{}, failed("test command: %v", err)
	}
	var trx string
	if len(argv) > 1 && filepath.Base(argv[0]) == "dotnet" && argv[1] == "test" {
		results := filepath.Join(j.w.Config.Worktrees, "results", name)
		trx = filepath.Join(results, "gate.trx")
		argv = append(argv, "--logger", "trx;LogFileName=gate.trx", "--results-directory", results)
	}
	rep, err := gate.RunTests(ctx, j.logged(j.w.Exec, "tests"), dir, argv, trx)
	if err != nil && ctx.Err() == nil {
		return rep, failed("gate: %v", err)
	}
	return rep, err
}

// baseline is the test result of main at commit, the yardstick for "no
// regression". It is measured once per commit and cached under
// .git/portwave/baseline: in the batch's fresh worktree (which is at that
// commit) when there is one, else in a throw-away worktree.
func (j *job) baseline(ctx context.Context, commit, fresh string) (gate.TestCounts, error) {
	w := j.w
	path := filepath.Join(w.gitDir, "portwave", "baseline", commit+".json")
	var counts gate.TestCounts
	if data, err := os.ReadFile(path); err == nil && json.Unmarshal(data, &counts) == nil {
		return counts, nil
	}
	dir := fresh
	if dir == "" {
		dir = filepath.Join(w.Config.Worktrees, "baseline-"+commit[:12])
		os.RemoveAll(dir)
		if _, err := w.Repo.Run(ctx, "worktree", "add", "-q", "--detach", dir, commit); err != nil {
			return counts, failed("baseline worktree: %v", err)
		}
		defer w.Repo.Run(context.WithoutCancel(ctx), "worktree", "remove", "--force", dir)
	}
	rep, err := j.tests(ctx, dir, "baseline-"+commit[:12])
	if err != nil {
		return counts, err
	}
	if !rep.SummarySeen {
		w.note(j.batch.ID, "main at %.12s printed no test results: no test baseline, every passing test counts", commit)
	}
	data, _ := json.Marshal(rep.TestCounts)
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, data, 0o644)
	return rep.TestCounts, nil
}

// logged appends a gate command's output to the attempt's log.
func (j *job) logged(run gate.Exec, what string) gate.Exec {
	return func(ctx context.Context, dir string, argv []string) ([]byte, int, error) {
		out, code, err := run(ctx, dir, argv)
		if j.br != nil && j.br.LogPath != "" {
			if f, ferr := os.OpenFile(j.br.LogPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); ferr == nil {
				fmt.Fprintf(f, "\n=== gate %s: %s (in %s) exit %d ===\n%s", what, strings.Join(argv, " "), dir, code, out)
				f.Close()
			}
		}
		return out, code, err
	}
}

func split(command string) ([]string, error) {
	argv, err := shellwords.Parse(command)
	if err == nil && len(argv) == 0 {
		err = fmt.Errorf("empty command")
	}
	return argv, err
}
