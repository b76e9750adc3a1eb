package command_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"portwave/internal/fixture"
	"portwave/internal/gotree"
	"portwave/internal/natsnetws"
	"portwave/internal/testws"
	"portwave/mage/command"
	"portwave/mage/magefile"
	"portwave/mage/portdb"
)

// natsnetWithGo is the NatsNet workspace with a Go tree shaped like
// nats-server v2.12.4 (its recorded calls included) and the two known
// collisions mapped away, as a maintainer has it before validate.
func natsnetWithGo(t *testing.T, extra env) env {
	t.Helper()
	if extra == nil {
		extra = env{}
	}
	extra["PORTWAVE_GO_ROOT"] = gotree.Tree(t, false)
	e, _ := natsnet(t, extra)
	s, _, _ := session(t, e)
	resolveCollisions(t, s)
	return e
}

// The calls of the NatsNet plan that the declared dependencies do not
// order are one warning per batch at the batch's heading in the plan
// document (the batch file's line as the second place), counted per batch
// they go into; mage -v validate lists every call site, the five calls of
// batch 45 into an earlier wave that is no dependency among them.
func TestValidateGroupsTheUnorderedCallsPerBatchAtThePlanDocumentsLine(t *testing.T) {
	e := natsnetWithGo(t, nil)
	s, out, log := session(t, e)
	if err := s.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	doc := "internal/fixture/testdata/plan/2026-03-01-deferred-features-design.md"
	heading := map[int]int{42: 20, 43: 38, 44: 53, 45: 75, 46: 88}
	var calls []string
	for _, line := range strings.Split(log.String(), "\n") {
		if strings.Contains(line, " calls into ") {
			calls = append(calls, line)
		}
	}
	if len(calls) != len(heading) {
		t.Fatalf("%d warnings about calls, want one per batch that makes some (%d):\n%s", len(calls), len(heading), log)
	}
	for _, line := range calls {
		var id int
		fmt.Sscanf(line[strings.Index(line, ": batch ")+len(": batch "):], "%d", &id)
		at := fmt.Sprintf("warning: %s:%d: batch %d (wave ", doc, heading[id], id)
		file := fmt.Sprintf("%d-", id)
		if !strings.HasPrefix(line, at) || !strings.Contains(line, "; mage -v validate lists every call (") ||
			!strings.Contains(line[strings.LastIndex(line, "("):], file) || !strings.HasSuffix(line, ".yaml:4:5)") {
			t.Errorf("a call warning is not at its batch's heading %q with the batch file's place:\n%s", at, line)
		}
	}
	want45 := "5 calls into batches 43 (wave 1, 2 calls) and 46 (wave 2, 3 calls) it does not depend on: implied dependencies, every run waits for them; 3 calls into batch 47 (wave 4) of a later wave"
	if !strings.Contains(log.String(), want45) {
		t.Errorf("batch 45's warning lacks %q:\n%s", want45, log)
	}
	if !strings.Contains(out.String(), "no errors, 7 warnings") { // and the C# members the tracker shares
		t.Errorf("validate said %q", out)
	}

	e["MAGEFILE_VERBOSE"] = "1"
	s, _, log = session(t, e)
	if err := s.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, call := range [][2]int{{883, 2223}, {897, 334}, {925, 2172}, {926, 2172}, {936, 208}} {
		callee := map[int]int{2223: 46, 334: 43, 2172: 46, 208: 43}[call[1]]
		re := regexp.MustCompile(fmt.Sprintf(`(?m)^warning: %s:75: batch 45 \(wave 3\): %d \S+ calls %d \S+ at server/events\.go:\d+:\d+, which batch %d ports \(wave \d\): it runs first, an implied dependency \(`,
			regexp.QuoteMeta(doc), call[0], call[1], callee))
		if !re.MatchString(log.String()) {
			t.Errorf("mage -v validate does not list %d -> %d as an implied dependency on batch %d", call[0], call[1], callee)
		}
	}
}

// Every run follows the implied dependencies: a wave's scheduler runs
// batch 46 before 44 (44 calls into it), and all runs 45 after 43 and 46,
// which it calls without declaring them. order_by_calls: false runs by the
// declared dependencies only.
func TestTheSchedulerWaitsForTheBatchesTheCallsImply(t *testing.T) {
	ctx := context.Background()
	ws := natsnetws.New(t, natsnetws.Options{})
	for _, c := range []struct {
		order      string
		wave2, all string
		deps44     string
		deps45     string
	}{
		{"true", "order (3 at once): 46, 44", "order (3 at once): 42, 43, 46, 44, 45, 47", "depends on 42, 46;", "depends on 44, 43, 46;"},
		{"false", "order (3 at once): 44, 46", "order (3 at once): 42, 44, 45, 47, 46, 43", "depends on 42;", "depends on 44;"},
	} {
		s, out, _ := session(t, env{"PORTWAVE_CONFIG": ws.Config, "PORTWAVE_DRY_RUN": "1", "PORTWAVE_ORDER_BY_CALLS": c.order})
		if err := s.Wave(ctx, 2); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), c.wave2) || !regexp.MustCompile(`batch 44 Events Core & Dispatch: never run; .*`+c.deps44).MatchString(out.String()) {
			t.Errorf("order_by_calls %q: wave2's dry run lacks %q and batch 44 %q:\n%s", c.order, c.wave2, c.deps44, out)
		}
		out.Reset()
		if err := s.All(ctx); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), c.all) || !regexp.MustCompile(`batch 45 Events Server Methods: never run; .*`+c.deps45).MatchString(out.String()) {
			t.Errorf("order_by_calls %q: all's dry run lacks %q and batch 45 %q:\n%s", c.order, c.all, c.deps45, out)
		}
	}
}

// A real run of all on the example, whose batch 13 no longer declares its
// dependencies on 11 and 12 but calls into them: batch 13's agent starts
// only once both are merged. The ledger's stage transitions are numbered
// in the order they happened.
func TestAllStartsABatchOnlyAfterTheBatchItsCallsGoInto(t *testing.T) {
	t.Chdir(t.TempDir())
	ws := testws.New(t, nil)
	e := env{"PORTWAVE_CONFIG": ws.Config.Source, "PORTWAVE_AGENT": "replay", "PORTWAVE_BUILD": "portwave:csharp-check", "PORTWAVE_TEST": " ", "PORTWAVE_JOBS": "3"}
	for k, v := range ws.Env {
		e[k] = v
	}
	file := filepath.Join(ws.Dir, "batches", "13-client-subscriptions.yaml")
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(text), "depends_on: [11, 12]", "depends_on: []", 1)
	if edited == string(text) {
		t.Fatal("the example's batch 13 no longer declares its dependencies as this test expects")
	}
	os.WriteFile(file, []byte(edited), 0o644)
	ctx := context.Background()
	for _, args := range [][]string{{"add", "-A"}, {"commit", "-qm", "batch 13 no longer declares its dependencies"}} {
		if out, err := exec.Command("git", append([]string{"-C", ws.Dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	s, _, log := session(t, e)
	if err := s.All(ctx); err != nil {
		t.Fatalf("all: %v\n%s", err, log)
	}
	db, err := portdb.OpenReadOnly(ctx, s.Config.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	first := func(batch int, stage, state string) int {
		var id int
		q := `SELECT coalesce(min(t.id), 0) FROM stage_transitions t JOIN batch_runs r ON r.id = t.batch_run_id WHERE r.batch = ? AND t.stage = ? AND t.state = ?`
		if err := db.Reader().QueryRow(q, batch, stage, state).Scan(&id); err != nil || id == 0 {
			t.Fatalf("no %s/%s transition of batch %d (%v)", stage, state, batch, err)
		}
		return id
	}
	started13 := first(13, "agent", "running")
	for _, dep := range []int{11, 12} {
		if merged := first(dep, "done", "done"); started13 < merged {
			t.Errorf("batch 13's agent started (transition %d) before batch %d was merged (transition %d)", started13, dep, merged)
		}
	}
}

// The generated targets run a batch's implied dependencies first, as
// mg.CtxDeps, and say so in their docs; a generated target refuses to run
// once the implied dependencies differ from those it was generated with.
func TestTheGeneratedBatchTargetsRunTheImpliedDependenciesFirst(t *testing.T) {
	e := natsnetWithGo(t, nil)
	magefileHere(t)
	s, _, _ := session(t, e)
	ctx := context.Background()
	if err := s.PlanTargets(ctx); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(magefile.FileName)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"// Batch45 runs batch 45, Events Server Methods, in wave 3.\n//\n// After Batch44, and Batch43 and Batch46, which its features call (implied); nothing once merged.",
		"mg.CtxDeps(ctx, Batch43, Batch44, Batch46)\n\treturn targets.Generated.Batch(ctx, 45, planGraph)",
		"mg.CtxDeps(ctx, Batch42, Batch46)\n\treturn targets.Generated.Batch(ctx, 44, planGraph)",
		"mg.CtxDeps(ctx, Batch42, Batch43)\n\treturn targets.Generated.Batch(ctx, 46, planGraph)",
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("magefile_plan.go lacks %q:\n%s", want, src)
		}
	}
	if err := s.Validate(ctx); err != nil {
		t.Fatalf("validate after plan:targets: %v", err)
	}
	graph := regexp.MustCompile(`const planGraph = "([0-9a-f]+)"`).FindSubmatch(src)
	if graph == nil {
		t.Fatal("no planGraph in magefile_plan.go")
	}
	// Without the implied dependencies the plan has another shape.
	e["PORTWAVE_ORDER_BY_CALLS"] = "false"
	for k, v := range e {
		t.Setenv(k, v)
	}
	if err := command.PlanBatch(ctx, 45, string(graph[1])); err == nil || !strings.Contains(err.Error(), "generated from another plan") {
		t.Errorf("batch45 generated with implied dependencies, run without: err = %v", err)
	}
	s, _, _ = session(t, e)
	if err := s.Validate(ctx); !errors.Is(err, magefile.ErrStale) {
		t.Errorf("validate with order_by_calls off over targets generated with it on: err = %v, want them stale", err)
	}
}

// The prompt says a callee is ported before the batch runs only when
// every run guarantees it: batch 45 calls 2223 of batch 46 (wave 2), which
// it does not declare; with the implied dependency the callee is an
// earlier batch's, without it the prompt says it may not be ported yet.
func TestThePromptClaimsACalleeIsPortedFirstOnlyWhenADependencyMakesItSo(t *testing.T) {
	ws := natsnetws.New(t, natsnetws.Options{})
	for _, c := range []struct{ order, section string }{
		{"true", "### Callees an earlier batch ports before this one runs"},
		{"false", "### Callees not ported before this batch"},
	} {
		s, out, _ := session(t, env{"PORTWAVE_CONFIG": ws.Config, "PORTWAVE_ORDER_BY_CALLS": c.order, "PORTWAVE_PROMPT_BUDGET_TOKENS": "1000000"})
		if err := s.BatchPrompt(context.Background(), 45); err != nil {
			t.Fatal(err)
		}
		line := regexp.MustCompile(`(?m)^- 2223 Server\.raftNodeToClusterInfo -> .*$`).FindString(out.String())
		if line == "" {
			t.Fatalf("order_by_calls %q: the prompt does not name callee 2223:\n%s", c.order, out)
		}
		at := strings.Index(out.String(), line)
		head := strings.LastIndex(out.String()[:at], "### ")
		if got := out.String()[head:]; !strings.HasPrefix(got, c.section) {
			t.Errorf("order_by_calls %q: 2223 is under %q, want %q", c.order, strings.SplitN(got, "\n", 2)[0], c.section)
		}
	}
}

// Batches that can run at the same time and change the same file are
// reported by validate and plan before the run, with the files their
// pending features are placed in: in a C# tree of a file per class,
// NatsNet's batches 44 and 46 (wave 2) both change ClientConnection.cs and
// NatsServer.cs. Under git's line merge alone the one merged second may
// conflict; with the merge by members in force (the default) both files
// are said to merge member by member. Ordered by the calls 44 makes into
// 46, they no longer run together.
func TestValidateAndPlanReportParallelBatchesThatChangeTheSameFile(t *testing.T) {
	ctx := context.Background()
	ws := natsnetws.New(t, natsnetws.Options{WholeClasses: true})
	for _, c := range []struct {
		order string
		want  bool
	}{{"false", true}, {"true", false}} {
		for name, run := range map[string]func(*command.Session) error{
			"validate": func(s *command.Session) error { return s.Validate(ctx) },
			"plan":     func(s *command.Session) error { return s.PlanShow(ctx) },
		} {
			s, _, log := session(t, env{"PORTWAVE_CONFIG": ws.Config, "PORTWAVE_ORDER_BY_CALLS": c.order, "PORTWAVE_MERGE_DRIVER": "git"})
			if err := run(s); err != nil {
				t.Fatal(err)
			}
			line := regexp.MustCompile(`(?m)^warning: plan\.md:53: batches 44 and 46 can run at the same time in wave 2 and both change (.*): the one merged second may conflict`).FindStringSubmatch(log.String())
			if got := line != nil; got != c.want {
				t.Errorf("order_by_calls %s: %s reports 44 and 46 changing the same files: %v, want %v\n%s", c.order, name, got, c.want, log)
				continue
			}
			if line != nil && (!strings.Contains(line[1], "ClientConnection.cs") || !strings.Contains(line[1], "NatsServer.cs")) {
				t.Errorf("%s: 44 and 46 share %s; want ClientConnection.cs and NatsServer.cs among them", name, line[1])
			}
		}
		if c.order != "false" {
			continue
		}
		// The same plan with the default merge driver: the warning says
		// the merge relies on merging by members.
		s, _, log := session(t, env{"PORTWAVE_CONFIG": ws.Config, "PORTWAVE_ORDER_BY_CALLS": c.order, "PORTWAVE_MERGE_DRIVER": "portwave"})
		if err := s.Validate(ctx); err != nil {
			t.Fatal(err)
		}
		const members = "(merged member by member unless both change one member (merge_driver: portwave))"
		line := regexp.MustCompile(`(?m)^warning: plan\.md:53: batches 44 and 46 can run at the same time in wave 2 and both change (.*)$`).FindStringSubmatch(log.String())
		if line == nil || !strings.Contains(line[1], "ClientConnection.cs "+members) || !strings.Contains(line[1], "NatsServer.cs "+members) ||
			strings.Contains(line[1], "may conflict") {
			t.Errorf("with the merge by members in force, validate says:\n%s", log)
		}
	}
}

// plan:import records the plan document as the plan setting names it,
// relative to the folder of portwave.yaml (docs/plan.md, not plan.md), and
// the batch files carry its lines, where validate then points.
func TestPlanImportNamesTheDocumentByItsPathAndValidatePointsAtItsLines(t *testing.T) {
	e, _ := natsnet(t, env{"PORTWAVE_GO_ROOT": gotree.Tree(t, false)})
	dir := filepath.Dir(e["PORTWAVE_CONFIG"])
	doc, err := os.ReadFile(fixture.PlanPath())
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "docs"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "plan.md"), doc, 0o644)
	os.WriteFile(filepath.Join(dir, "magefile.go"), []byte("//go:build mage\n\npackage main\n"), 0o644)
	e["PORTWAVE_PLAN"] = filepath.Join(dir, "docs", "plan.md")
	e["PORTWAVE_BATCHES"] = filepath.Join(dir, "batches")
	s, _, _ := session(t, e)
	resolveCollisions(t, s)
	if err := s.PlanImport(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	overview, err := os.ReadFile(filepath.Join(dir, "batches", "plan.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(overview), "\ndocument: docs/plan.md\n") {
		t.Errorf("plan.yaml does not name docs/plan.md:\n%s", overview)
	}
	s, _, log := session(t, e)
	if err := s.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "warning: docs/plan.md:75: batch 45 (wave 3): ") {
		t.Errorf("validate does not point at docs/plan.md's line of batch 45:\n%s", log)
	}
}
