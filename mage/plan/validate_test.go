package plan_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/plan"
)

// TestTheSharedPlanValidatesAgainstTheFixture checks the plan as committed
// and as written: no errors, and only the warning that batch 47 lists more
// IDs than it declares because 13 of them are already verified.
func TestTheSharedPlanValidatesAgainstTheFixture(t *testing.T) {
	inv := fixtureInventory(t)
	const warning = "batch 47 declares 139 features but lists 152 IDs, 13 of them already verified: 2372, 2392-2403"
	for _, c := range []struct {
		name string
		load func() (*plan.Plan, error)
		at   plan.Pos
	}{
		{"batch files", func() (*plan.Plan, error) { return plan.LoadBatches(committedBatches) },
			posIn(t, committedBatches+"/47-mqtt-full-runtime.yaml", "declared_features:", "139")},
		{"document", func() (*plan.Plan, error) { return plan.ImportDocument(sharedPlan) },
			posIn(t, sharedPlan, "### Batch 47:", "139")},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.load()
			if err != nil {
				t.Fatal(err)
			}
			d := plan.Validate(p, inv, "")
			if diff := cmp.Diff([]string(nil), messages(d.Errors)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{c.at.String() + ": " + warning}, messages(d.Warnings)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if d.Err() != nil {
				t.Errorf("Err() = %v, want nil", d.Err())
			}
		})
	}
}

func TestValidateRefusesATargetThatLeavesTheRootThroughASymlink(t *testing.T) {
	root := filepath.Join(t.TempDir(), "dotnet")
	outside := t.TempDir()
	for _, dir := range []string{filepath.Join(root, "Server"), filepath.Join(root, "Inner")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"Escape":   outside,                      // a directory outside the root
		"Loop":     filepath.Join(root, "Inner"), // a directory inside it
		"Dangling": filepath.Join(outside, "gone", "x.cs"),
	}
	for name, to := range links {
		if err := os.Symlink(to, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	at := plan.Pos{File: "plan.md", Line: 3, Col: 4}
	p := &plan.Plan{Batches: []plan.Batch{{ID: 1, Wave: 1, Targets: []plan.Target{
		{Path: "Server/New.cs", Pos: at},
		{Path: "Loop/Deeper/New.cs", Pos: at},
		{Path: "Escape/New.cs", Pos: at},
		{Path: "Dangling", Pos: at},
	}}}}
	d := plan.Validate(p, nil, root)
	want := []string{
		`plan.md:3:4: batch 1: target path "Escape/New.cs" leaves the C# root through a symlink (to ` + mustEval(t, outside) + `)`,
		`plan.md:3:4: batch 1: target path "Dangling" leaves the C# root through a symlink (to ` + links["Dangling"] + `, which does not resolve)`,
	}
	if diff := cmp.Diff(want, messages(d.Errors)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var list plan.ErrorList
	if !errors.As(d.Err(), &list) || len(list) != 2 {
		t.Errorf("Err() = %v, want an ErrorList of 2", d.Err())
	}
	var one plan.Diagnostic
	if !errors.As(d.Err(), &one) || one.Pos != at {
		t.Errorf("errors.As found %v, want a Diagnostic at %v", one, at)
	}
}

func mustEval(t *testing.T, path string) string {
	t.Helper()
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	return real
}

func TestValidateWarnsAboutFeaturesThatVanishedFromTheGoSource(t *testing.T) {
	p, err := plan.ImportDocument("testdata/docs/valid.md")
	if err != nil {
		t.Fatal(err)
	}
	inv := smallInventory()
	for _, id := range []int{7, 8} {
		it := inv[id]
		it.Vanished = true
		inv[id] = it
	}
	d := plan.Validate(p, inv, "")
	want := []string{"testdata/docs/valid.md:33:9: batch 2 lists 2 features no longer in the Go source: 7-8"}
	if diff := cmp.Diff(want, messages(d.Warnings)); diff != "" || len(d.Errors) > 0 {
		t.Errorf("errors %v; warnings (-want +got):\n%s", d.Errors, diff)
	}
}
