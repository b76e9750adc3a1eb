package command_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lintGo is a package whose calls cross the plan below in known ways.
const lintGo = `package lib

func A() { B(); C() }

func B() { A(); D() }

func C() { E() }

func D() {}

func E() { C() }

type T struct{}

func (t *T) M() { t.N(); A() }

func (t *T) N() {}
`

// lintBatches puts A and T.M in wave 1, C and E in a parallel batch of wave
// 1, B and T.N in wave 2, and D in no batch.
var lintBatches = map[string]string{
	"01-one.yaml":   "id: 1\nname: One\nwave: 1\ntargets:\n  - path: One.cs\nfeatures:\n  - ids: 1, 6\n",
	"02-two.yaml":   "id: 2\nname: Two\nwave: 2\ndepends_on: [1]\ntargets:\n  - path: Two.cs\nfeatures:\n  - ids: 2, 7\n",
	"03-three.yaml": "id: 3\nname: Three\nwave: 1\ntargets:\n  - path: Three.cs\nfeatures:\n  - ids: 3, 5\n",
}

func lintWorkspace(t *testing.T) env {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"portwave.yaml": "workspace: .\ngo_root: go\ncsharp_root: dotnet\n",
		"go/lib.go":     lintGo,
	}
	for name, text := range lintBatches {
		files["batches/"+name] = text
	}
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e := env{"PORTWAVE_CONFIG": filepath.Join(dir, "portwave.yaml")}
	s, _, _ := session(t, e)
	if err := s.Inventory(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

// Validate warns once per batch about its calls the dependencies do not
// order, counted by the batch they go into; mage -v validate lists every
// call site after each batch's warning.
func TestValidateWarnsAboutEveryCallIntoALaterParallelOrUnplannedFeature(t *testing.T) {
	e := lintWorkspace(t)
	batches := filepath.Join(filepath.Dir(e["PORTWAVE_CONFIG"]), "batches")
	calls := func(log string) []string {
		var got []string
		for _, line := range strings.Split(log, "\n") {
			if strings.Contains(line, " call") {
				got = append(got, strings.ReplaceAll(line, batches+string(filepath.Separator), "batches/"))
			}
		}
		return got
	}
	s, out, log := session(t, e)
	if err := s.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"warning: batches/01-one.yaml:1:5: batch 1 (wave 1): 1 call into batch 3 (wave 1) it does not depend on: an implied dependency, every run waits for it; 2 calls into batch 2 (wave 2) of a later wave: not ported when it runs (plan:suggest moves the waves); mage -v validate lists every call",
		"warning: batches/02-two.yaml:1:5: batch 2 (wave 2): calls 1 feature no batch ports: 4 D (unknown); mage -v validate lists every call",
	}
	if diff := cmp.Diff(want, calls(log.String())); diff != "" {
		t.Errorf("call warnings (-want +got):\n%s\nwhole log:\n%s", diff, log)
	}
	if !strings.Contains(out.String(), "no errors, 2 warnings") {
		t.Errorf("validate said %q", out)
	}

	e["MAGEFILE_VERBOSE"] = "1"
	s, _, log = session(t, e)
	if err := s.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	want = []string{
		"warning: batches/01-one.yaml:1:5: batch 1 (wave 1): 1 call into batch 3 (wave 1) it does not depend on: an implied dependency, every run waits for it; 2 calls into batch 2 (wave 2) of a later wave: not ported when it runs (plan:suggest moves the waves)",
		"warning: batches/01-one.yaml:1:5: batch 1 (wave 1): 1 A calls 2 B at lib.go:3:12, which batch 2 ports later, in wave 2",
		"warning: batches/01-one.yaml:1:5: batch 1 (wave 1): 1 A calls 3 C at lib.go:3:17, which batch 3 ports (wave 1): it runs first, an implied dependency",
		"warning: batches/01-one.yaml:1:5: batch 1 (wave 1): 6 T.M calls 7 T.N at lib.go:15:21, which batch 2 ports later, in wave 2",
		"warning: batches/02-two.yaml:1:5: batch 2 (wave 2): calls 1 feature no batch ports: 4 D (unknown)",
		"warning: batches/02-two.yaml:1:5: batch 2 (wave 2): 2 B calls 4 D at lib.go:5:17, which no batch ports (unknown)",
	}
	if diff := cmp.Diff(want, calls(log.String())); diff != "" {
		t.Errorf("mage -v validate (-want +got):\n%s\nwhole log:\n%s", diff, log)
	}
}
