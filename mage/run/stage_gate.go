package run

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"portwave/mage/dotnetout"
	"portwave/mage/gate"
	"portwave/mage/gitx"
	"portwave/mage/pipeline"
	"portwave/mage/port"
)

// gateResult is the gate's verdict on a worktree.
type gateResult struct {
	passed   bool
	summary  string // one line
	feedback string // what the next attempt's prompt carries
}

// gate judges the batch's worktree by gate.Judge, the one set of rules
// every path to main passes. baseCommit is the main commit whose test
// results are the baseline. The files judged are what the branch changed
// on top of main: after main was merged into the branch, that is the
// batch's own work and the resolution of any conflict, not the other
// batches' files main brought in.
func (j *job) gate(ctx context.Context, baseCommit string) (gateResult, error) {
	w, dir := j.w, j.br.Worktree
	if err := j.enter(ctx, port.StageGate, "gate: scope, conflict markers, build, tests, batch audit"); err != nil {
		return gateResult{}, err
	}
	if err := j.cleanCheckout(ctx); err != nil {
		return gateResult{}, err
	}
	changed, err := j.changedFiles(ctx)
	if err != nil {
		return gateResult{}, err
	}
	scope, err := j.scope(ctx)
	if err != nil {
		return gateResult{}, err
	}
	_, all, err := w.Features(ctx)
	if err != nil {
		return gateResult{}, err
	}
	v, err := gate.Judge(ctx, gate.Input{
		Dir: dir, Changed: changed, Scope: scope,
		Build: w.Config.Build, Test: w.Config.Test, Exec: j.logged(w.Exec, "command"),
		ResultsDir: filepath.Join(w.Config.Worktrees, "results", fmt.Sprintf("batch-%02d", j.batch.ID)),
		Baseline:   func(ctx context.Context) (dotnetout.TestCounts, error) { return j.baseline(ctx, baseCommit, "") },
		TestExempt: testsOf(dir, scope.Targets),
		Audit: &gate.BatchAudit{Items: j.batch.MapItems(all), IDs: j.batch.AllIDs(), Root: filepath.Join(dir, w.rel(w.Config.AuditRoot)),
			Naming: w.Naming(), Threshold: w.Config.AuditThreshold, GoRoot: w.Config.GoRoot},
		StubMarker: w.Config.StubMarker, Symbols: w.Config.CSharpSymbols, Configuration: w.Config.CSharpConfiguration,
		Note: func(s string) error { return w.save(ctx, j.br, s) },
	})
	if err != nil {
		j.logGate("could not run: " + err.Error())
		return gateResult{}, asStageErr(err)
	}
	head, _ := gitx.Repo{Dir: dir}.Head(ctx)
	if v.TestsRan && v.Tests.SummarySeen && head != "" {
		// What the tests said of this tree is main's baseline once main
		// holds it: after this batch's merge, the next batch starts there.
		w.keepBaseline(ctx, head, v.Tests.TestCounts)
	}
	if v.Passed {
		j.gatedHead = head
		j.logGate("passed: " + v.Summary)
	} else {
		j.logGate("failed: " + v.Summary + "\n" + v.Feedback)
	}
	return gateResult{passed: v.Passed, summary: v.Summary, feedback: v.Feedback}, nil
}

// cleanCheckout makes the worktree exactly the commit the gate judges and
// the merge takes: every untracked and ignored file goes (an agent's work
// under an ignored folder passed the gate and never reached main; an
// obj/*.targets left there is imported by every later build in the slot),
// and a change to a tracked file is refused, since only committed work
// reaches main.
func (j *job) cleanCheckout(ctx context.Context) error {
	wt := gitx.Repo{Dir: j.br.Worktree}
	removed, err := wt.Clean(ctx)
	if err != nil {
		return fmt.Errorf("cleaning the worktree %s for the gate: %w", j.br.Worktree, err)
	}
	if len(removed) > 0 {
		if err := j.w.save(ctx, j.br, fmt.Sprintf("removed %d untracked or ignored path(s) before the gate: %s", len(removed), strings.Join(firstN(removed, 10), ", "))); err != nil {
			return err
		}
	}
	return uncommitted(ctx, wt)
}

// firstN is the first n of list, with a count of the rest.
func firstN(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	return append(list[:n:n], fmt.Sprintf("and %d more", len(list)-n))
}

// declaredType finds the types a C# file declares.
var declaredType = regexp.MustCompile(`\b(?:class|struct|record|interface)\s+([A-Za-z_][A-Za-z0-9_]*)`)

// testsOf says which tests the batch may change: those of a class one of
// the files it may write (targets, relative to dir) declares, a test being
// named Ns.Class.Method(args). Every other test that passed on main must
// pass again.
func testsOf(dir string, targets []string) func(string) bool {
	classes := map[string]bool{}
	for _, t := range targets {
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(t)))
		if err != nil {
			continue
		}
		for _, m := range declaredType.FindAllSubmatch(src, -1) {
			classes[string(m[1])] = true
		}
	}
	return func(test string) bool {
		name, _, _ := strings.Cut(test, "(")
		parts := strings.Split(name, ".")
		return len(parts) >= 2 && classes[parts[len(parts)-2]]
	}
}

// logGate appends the gate's verdict to the attempt's log, after the
// agent's output and the gate commands' (logged): the log a failure links
// to says what failed even when no command ran (the built-in C# check,
// the batch audit).
func (j *job) logGate(verdict string) {
	if j.br == nil || j.br.LogPath == "" {
		return
	}
	if f, err := os.OpenFile(j.br.LogPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		fmt.Fprintf(f, "\n=== gate %s ===\n", strings.TrimRight(verdict, "\n"))
		f.Close()
	}
}

// changedFiles lists what the branch changed on top of main.
func (j *job) changedFiles(ctx context.Context) ([]string, error) {
	wt := gitx.Repo{Dir: j.br.Worktree}
	base, err := wt.Run(ctx, "merge-base", j.w.Config.MainBranch, "HEAD")
	if err != nil {
		base = j.br.BaseCommit
	}
	return wt.DiffNames(ctx, base, "HEAD")
}

// scope is the batch's scope policy, with paths relative to the worktree.
// The C# tree is the audit root (the source and its tests); the files the
// batch may change are its targets and the files its prompt named for its
// features (placed).
func (j *job) scope(ctx context.Context) (gate.Scope, error) {
	files, err := j.writable(ctx)
	return gate.Scope{Policy: j.w.Config.Scope, CSharpRoot: filepath.ToSlash(j.w.rel(j.w.Config.AuditRoot)),
		Targets: files, Owned: []string{j.w.dbRel()}}, err
}

// asStageErr turns a gate that could not run into a failed batch: a retry
// of the agent cannot help.
func asStageErr(err error) error {
	var se *gate.SetupError
	if errors.As(err, &se) {
		return failed("%v", se)
	}
	return err
}

// baseline is the test result of main at commit, the yardstick for "no
// regression". It is cached under .git/portwave/baseline by what the
// commit holds for the tests (treeKey), so a gate's own run of a tree
// that main then takes is main's baseline and costs no second run.
// Otherwise it is measured in the batch's fresh worktree (which is at
// that commit) when there is one, else in a throw-away worktree.
func (j *job) baseline(ctx context.Context, commit, fresh string) (dotnetout.TestCounts, error) {
	w := j.w
	var counts dotnetout.TestCounts
	path, err := w.baselinePath(ctx, commit)
	if err != nil {
		return counts, err
	}
	// Batches that start together start from the same main: one measures
	// its baseline, the others wait for it instead of running the tests
	// into the same folder at the same time.
	measuring := w.baselineLock(path)
	measuring.Lock()
	defer measuring.Unlock()
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
	results := filepath.Join(w.Config.Worktrees, "results", "baseline-"+commit[:12])
	rep, err := gate.TestCommand(ctx, j.logged(w.Exec, "tests"), dir, w.Config.Test, results)
	if err != nil {
		return counts, asStageErr(err)
	}
	if !rep.SummarySeen {
		w.note(j.batch.ID, "main at %.12s printed no test results: no test baseline, every passing test counts", commit)
	}
	w.storeBaseline(path, rep.TestCounts)
	c := rep.TestCounts
	return c, w.save(ctx, j.br, fmt.Sprintf("test baseline of main at %.12s measured: %d passed, %d failed, %d skipped", commit, c.Passed, c.Failed, c.Skipped))
}

// baselineLock is the lock of one baseline's measurement.
func (w *Orchestrator) baselineLock(path string) *sync.Mutex {
	mu, _ := w.measuring.LoadOrStore(path, &sync.Mutex{})
	return mu.(*sync.Mutex)
}

// keepBaseline records what a test run said of commit's tree, unless a
// baseline of that tree is known already.
func (w *Orchestrator) keepBaseline(ctx context.Context, commit string, counts dotnetout.TestCounts) {
	path, err := w.baselinePath(ctx, commit)
	if err != nil {
		return
	}
	if _, err := os.Stat(path); err == nil {
		return
	}
	w.storeBaseline(path, counts)
}

func (w *Orchestrator) storeBaseline(path string, counts dotnetout.TestCounts) {
	data, _ := json.Marshal(counts)
	os.MkdirAll(filepath.Dir(path), 0o755)
	tmp := path + ".tmp"
	if os.WriteFile(tmp, data, 0o644) == nil {
		os.Rename(tmp, path) // a reader never sees half a file
	}
}

// baselinePath is where the test baseline of commit's tree is cached.
func (w *Orchestrator) baselinePath(ctx context.Context, commit string) (string, error) {
	key, err := w.treeKey(ctx, commit)
	if err != nil {
		return "", err
	}
	return filepath.Join(w.gitDir, "portwave", "baseline", "tree-"+key+".json"), nil
}

// treeKey names what commit holds for the tests: every file but
// porting.db, which each audit commit changes and no test reads. The
// commit after a merge's audit has the key of the merged branch's head.
func (w *Orchestrator) treeKey(ctx context.Context, commit string) (string, error) {
	listing, err := w.Repo.Run(ctx, "ls-tree", "-r", "-z", "--full-tree", commit)
	if err != nil {
		return "", err
	}
	db := w.dbRel()
	h := sha256.New()
	for _, entry := range strings.Split(listing, "\x00") {
		_, p, _ := strings.Cut(entry, "\t")
		if p == db || strings.HasPrefix(p, db+"-") {
			continue
		}
		io.WriteString(h, entry)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

// logged appends a gate command's output to the attempt's log.
func (j *job) logged(run gate.Exec, what string) gate.Exec {
	return func(ctx context.Context, dir string, cmd pipeline.Pipeline) ([]byte, int, error) {
		out, code, err := run(ctx, dir, cmd)
		if j.br != nil && j.br.LogPath != "" {
			if f, ferr := os.OpenFile(j.br.LogPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); ferr == nil {
				fmt.Fprintf(f, "\n=== gate %s: %s (in %s) exit %d ===\n%s", what, cmd, dir, code, out)
				f.Close()
			}
		}
		return out, code, err
	}
}
