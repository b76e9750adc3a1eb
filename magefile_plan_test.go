package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"portwave/internal/fixture"
	"portwave/internal/goldenfile"
	"portwave/mage/command"
	"portwave/mage/config"
	"portwave/mage/demo"
	"portwave/mage/magefile"
	"portwave/mage/plan"
	"portwave/mage/port"
)

// examplePlan is the bundled example's plan, imported from its document
// the way plan:import does.
func examplePlan(t *testing.T) *plan.Plan {
	t.Helper()
	dir := t.TempDir()
	if err := demo.ExtractExample(dir); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, "portwave.yaml"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.ImportDocument(cfg.Plan)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func natsnetPlan(t *testing.T) *plan.Plan {
	t.Helper()
	p, err := plan.LoadBatches(fixture.BatchesPath())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fiveWaves is a plan of five waves, one batch each, each batch after the
// one before.
func fiveWaves(*testing.T) *plan.Plan {
	p := &plan.Plan{Title: "Five waves"}
	for w := 1; w <= 5; w++ {
		b := plan.Batch{ID: w, Name: "Step", Wave: w}
		if w > 1 {
			b.DependsOn = []plan.Dep{{ID: w - 1}}
		}
		p.Batches = append(p.Batches, b)
	}
	return p
}

var options = magefile.Options{BatchEnv: command.BatchTargetEnv, WaveEnv: command.WaveTargetEnv}

// The repository's own magefile_plan.go is the bundled example's, the plan
// its targets run on when there is no portwave.yaml.
// `mage golden` (-update) rewrites it.
func TestTheCommittedPlanTargetsAreTheBundledExamplesAndFresh(t *testing.T) {
	if *goldenfile.Update {
		if _, err := magefile.Write(".", examplePlan(t), options); err != nil {
			t.Fatal(err)
		}
	}
	if err := magefile.Check(".", examplePlan(t), options); err != nil {
		t.Fatalf("%v\n(after a change to the example's plan, `go run mage.go golden` or `go run mage.go plan:targets` rewrites it)", err)
	}
}

// mageList compiles magefile.go with the plan's generated targets using
// the real Mage, in a folder of its own inside the module, and returns
// what `mage -l` lists.
func mageList(t *testing.T, p *plan.Plan) string {
	t.Helper()
	dir, err := os.MkdirTemp(".", "_magetest-") // "_" keeps it out of ./...
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	src, err := os.ReadFile("magefile.go")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "magefile.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := magefile.Write(dir, p, options); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "run", "mage.go", "-d", dir, "-l").CombinedOutput()
	if err != nil {
		t.Fatalf("mage -l with the generated targets: %v\n%s", err, out)
	}
	return string(out)
}

func TestTheGeneratedTargetsOfTheExampleTheNatsNetPlanAndAFiveWavePlanCompileWithMage(t *testing.T) {
	for _, tc := range []struct {
		name string
		plan func(*testing.T) *plan.Plan
		want []string
		not  []string
	}{
		{"example", examplePlan, []string{"batch11", "batch12", "batch13", "batch14", "wave1", "wave2", "wave3"}, []string{"wave4", "batch42"}},
		{"natsnet", natsnetPlan, []string{"batch42", "batch43", "batch44", "batch45", "batch46", "batch47", "wave1", "wave4"}, []string{"wave5", "batch11"}},
		{"five waves", fiveWaves, []string{"batch1", "batch5", "wave1", "wave4", "wave5"}, []string{"wave6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := mageList(t, tc.plan(t))
			listed := map[string]bool{}
			for _, m := range regexp.MustCompile(`(?m)^\s+(\S+)`).FindAllStringSubmatch(out, -1) {
				listed[m[1]] = true
			}
			for _, w := range tc.want {
				if !listed[w] {
					t.Errorf("mage -l does not list %s:\n%s", w, out)
				}
			}
			for _, w := range tc.not {
				if listed[w] {
					t.Errorf("mage -l lists %s, which this plan does not have:\n%s", w, out)
				}
			}
			for _, w := range []string{"batch:run", "plan:targets", "validate"} {
				if !listed[w] {
					t.Errorf("mage -l lost the hand-written target %s:\n%s", w, out)
				}
			}
		})
	}
}

// `mage batch13` runs Batch11 and Batch12 first (mg.CtxDeps), then 13,
// and nothing of wave 3; a merged batch's target does nothing.
func TestBatch13RunsItsDependenciesFirstAndAMergedBatchIsNotRedone(t *testing.T) {
	env := workspace(t)
	out, err := mage(env, "batch12").CombinedOutput()
	if err != nil {
		t.Fatalf("mage batch12: %v\n%s", err, out)
	}
	doneOnce(t, ledger(t, env), 12)
	out, err = mage(env, "batch13").CombinedOutput()
	if err != nil {
		t.Fatalf("mage batch13: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "batch12: nothing to do, every batch is already done ([12])") {
		t.Errorf("Batch12, merged already, did not say it had nothing to do:\n%s", out)
	}
	runs := ledger(t, env)
	doneOnce(t, runs, 11, 12, 13)
	if len(runs[14]) != 0 {
		t.Errorf("batch 14 (wave 3, after 13) ran: %+v", runs[14])
	}
	last := func(b int) port.BatchRun { return runs[b][len(runs[b])-1] }
	for _, dep := range []int{11, 12} {
		if last(13).Started.Before(last(dep).Finished) {
			t.Errorf("batch 13 started at %v, before batch %d finished at %v", last(13).Started, dep, last(dep).Finished)
		}
	}
	if i, j := strings.Index(string(out), "batch 11 done"), strings.Index(string(out), "batch 13 queued"); i < 0 || j < i {
		t.Errorf("batch 13 was queued before batch 11 was done:\n%s", out)
	}
	out, err = mage(env, "batch13").CombinedOutput()
	if err != nil {
		t.Fatalf("second mage batch13: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "nothing to do"); n != 3 {
		t.Errorf("the second batch13 did not say 11, 12 and 13 were done:\n%s", out)
	}
	doneOnce(t, ledger(t, env), 11, 12, 13)
}
