package magefile_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/magefile"
	"portwave/mage/plan"
)

// chain is a plan of n waves, one batch per wave, each depending on the
// batch before it: batch 10+w in wave w.
func chain(n int) *plan.Plan {
	p := &plan.Plan{Title: "Chain", WaveNotes: map[int]string{}}
	for w := 1; w <= n; w++ {
		b := plan.Batch{ID: 10 + w, Name: "Step", Wave: w, Summary: "one step"}
		if w > 1 {
			b.DependsOn = []plan.Dep{{ID: 9 + w}}
		}
		p.Batches = append(p.Batches, b)
	}
	return p
}

// targets parses generated source and returns each function with the
// targets it names in mg.CtxDeps, and each function's doc.
func targets(t *testing.T, src []byte) (deps map[string][]string, docs map[string]string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), magefile.FileName, src, parser.ParseComments)
	if err != nil {
		t.Fatalf("the generated file does not parse: %v\n%s", err, src)
	}
	deps, docs = map[string][]string{}, map[string]string{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		deps[fn.Name.Name] = nil
		docs[fn.Name.Name] = fn.Doc.Text()
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "CtxDeps" {
					for _, a := range call.Args[1:] {
						deps[fn.Name.Name] = append(deps[fn.Name.Name], a.(*ast.Ident).Name)
					}
				}
			}
			return true
		})
	}
	return deps, docs
}

func TestAPlanWithFiveWavesGetsWave1ToWave5EachAfterTheWaveBefore(t *testing.T) {
	src, err := magefile.Generate(chain(5), magefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := targets(t, src)
	want := map[string][]string{
		"Batch11": nil, "Batch12": {"Batch11"}, "Batch13": {"Batch12"}, "Batch14": {"Batch13"}, "Batch15": {"Batch14"},
		"Wave1": nil, "Wave2": {"Wave1"}, "Wave3": {"Wave2"}, "Wave4": {"Wave3"}, "Wave5": {"Wave4"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("targets and their dependencies (-want +got):\n%s", diff)
	}
}

func TestABatchWithSeveralDependenciesWaitsForEachAndWavesSkipMissingNumbers(t *testing.T) {
	p := &plan.Plan{Batches: []plan.Batch{
		{ID: 42, Name: "Foundation", Wave: 1},
		{ID: 43, Name: "Accounts", Wave: 1},
		{ID: 44, Name: "Events", Wave: 3, DependsOn: []plan.Dep{{ID: 43}, {ID: 42}, {ID: 99}}}, // 99 is not in the plan
	}}
	src, err := magefile.Generate(p, magefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := targets(t, src)
	want := map[string][]string{"Batch42": nil, "Batch43": nil, "Batch44": {"Batch42", "Batch43"}, "Wave1": nil, "Wave3": {"Wave1"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Plan text ends up in comments; whatever it holds, each paragraph of a
// doc stays one line and cannot add code.
func TestBatchDocsAreOneLineWhateverThePlanTextHolds(t *testing.T) {
	p := chain(1)
	p.Title = "Evil\n\"title\""
	p.Batches[0].Name = "Name\r\nfunc Injected() {}"
	p.Batches[0].Summary = "first line\n\n// second\tline\u2028third\x00 [env: X]."
	src, err := magefile.Generate(p, magefile.Options{BatchEnv: []string{"PORTWAVE_CONFIG", "NO_COLOR"}})
	if err != nil {
		t.Fatal(err)
	}
	deps, docs := targets(t, src)
	if _, ok := deps["Injected"]; ok {
		t.Fatalf("plan text became code:\n%s", src)
	}
	want := "Batch11 runs batch 11, Name func Injected() {}, in wave 1.\n\nNothing once merged. first line // second line third [env: X].\n\n[env: PORTWAVE_CONFIG, NO_COLOR]\n"
	if diff := cmp.Diff(want, docs["Batch11"]); diff != "" {
		t.Errorf("doc (-want +got):\n%s", diff)
	}
}

func TestCheckAcceptsOnlyTheFileThePlanGenerates(t *testing.T) {
	dir := t.TempDir()
	p := chain(2)
	if err := magefile.Check(dir, p, magefile.Options{}); !errors.Is(err, magefile.ErrStale) || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing file: err = %v, want ErrStale saying it is missing", err)
	}
	if changed, err := magefile.Write(dir, p, magefile.Options{}); err != nil || !changed {
		t.Fatalf("Write = %v, %v; want a new file", changed, err)
	}
	if err := magefile.Check(dir, p, magefile.Options{}); err != nil {
		t.Errorf("fresh file: %v", err)
	}
	if changed, err := magefile.Write(dir, p, magefile.Options{}); err != nil || changed {
		t.Errorf("second Write = %v, %v; want the file left alone", changed, err)
	}
	p.Batches[1].DependsOn = nil
	if err := magefile.Check(dir, p, magefile.Options{}); !errors.Is(err, magefile.ErrStale) {
		t.Errorf("after a dependency was dropped: err = %v, want ErrStale", err)
	}
	if err := os.WriteFile(filepath.Join(dir, magefile.FileName), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := magefile.Check(dir, chain(2), magefile.Options{}); !errors.Is(err, magefile.ErrStale) {
		t.Errorf("hand-edited file: err = %v, want ErrStale", err)
	}
}

func TestTheGraphHashChangesWithWavesAndDependenciesButNotWithNames(t *testing.T) {
	base := chain(3).GraphHash()
	renamed := chain(3)
	renamed.Batches[0].Name, renamed.Batches[0].Summary = "Other", "other"
	moved := chain(3)
	moved.Batches[2].Wave = 2
	dropped := chain(3)
	dropped.Batches[2].DependsOn = nil
	if renamed.GraphHash() != base {
		t.Error("renaming a batch changed the graph hash")
	}
	if moved.GraphHash() == base || dropped.GraphHash() == base {
		t.Error("moving a batch to another wave or dropping a dependency left the graph hash unchanged")
	}
}

// A plan of one batch in one wave has no dependencies: its targets do not
// import mg, which Go would refuse as unused.
func TestAPlanWithoutDependenciesCompilesWithoutMg(t *testing.T) {
	src, err := magefile.Generate(chain(1), magefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(src), "magefile/mage/mg") {
		t.Errorf("mg imported without a use:\n%s", src)
	}
	src, err = magefile.Generate(chain(2), magefile.Options{})
	if err != nil || !strings.Contains(string(src), "\"github.com/magefile/mage/mg\"") || !strings.Contains(string(src), "mg.CtxDeps(ctx, Batch11)") {
		t.Errorf("a chain of two lost its mg (%v):\n%s", err, src)
	}
}
