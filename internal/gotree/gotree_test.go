package gotree_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/fixture"
	"portwave/internal/gotree"
	"portwave/mage/callgraph"
	"portwave/mage/inventory"
	"portwave/mage/port"
)

// The generated tree is worth testing against only if the call graph finds
// in it exactly the calls recorded from nats-server, at their lines.
func TestTheCallGraphOfTheGeneratedTreeHasEveryRecordedCall(t *testing.T) {
	features, tests := fixture.Items(t)
	shape := gotree.Load(t)
	root := gotree.Write(t, t.TempDir(), shape, gotree.Options{Items: append(features, tests...), Untracked: true})
	g, err := callgraph.Build(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Skipped) > 0 {
		t.Fatalf("%d files did not parse, the first: %s", len(g.Skipped), g.Skipped[0])
	}
	var want, got []string
	for _, c := range shape.Calls {
		want = append(want, fmt.Sprintf("%d->%d:%d", c.From, c.To, c.Line))
	}
	for _, e := range g.Edges(features) {
		got = append(got, fmt.Sprintf("%d->%d:%d", e.From, e.To, e.Pos.Line))
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("calls recorded (-) and found in the generated tree (+):\n%s", diff)
	}
}

// A scope-less inventory of the generated tree finds every tracked item at
// its line and every untracked declaration, nothing else.
func TestAnInventoryOfTheGeneratedTreeFindsEveryDeclarationAtItsLine(t *testing.T) {
	features, tests := fixture.Items(t)
	shape := gotree.Load(t)
	for _, code := range []bool{false, true} {
		root := gotree.Write(t, t.TempDir(), shape, gotree.Options{Items: append(features, tests...), Untracked: true, Code: code})
		decls, err := inventory.Scan(context.Background(), root, inventory.Options{})
		if err != nil {
			t.Fatal(err)
		}
		key := func(k port.Kind, file, recv, name string, line, n int) string {
			return fmt.Sprintf("%s %s:%d+%d %s.%s", k, file, line, n, recv, name)
		}
		var want, got []string
		for _, it := range slices.Concat(features, tests, shape.Untracked) {
			want = append(want, key(it.Kind, it.GoFile, it.GoReceiver, it.GoName, it.GoLine, it.GoLineCount))
		}
		for _, d := range decls {
			got = append(got, key(d.Kind, d.GoFile, d.GoReceiver, d.GoName, d.GoLine, d.GoLineCount))
		}
		slices.Sort(want)
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("code %v: declarations recorded (-) and found (+):\n%s", code, diff)
		}
	}
}

// Each feature of the generated tree takes the recorded number of
// parameters, as the Go source says to the tools that weigh C# overloads.
func TestTheGeneratedFeaturesTakeTheRecordedNumberOfParameters(t *testing.T) {
	features, _ := fixture.Items(t)
	shape := gotree.Load(t)
	root := gotree.Write(t, t.TempDir(), shape, gotree.Options{Items: features})
	funcs := inventory.GoFuncs(root, features)
	if len(funcs) != len(features) {
		t.Fatalf("the Go source describes %d of %d features", len(funcs), len(features))
	}
	for _, it := range features {
		if got, want := funcs[inventory.FuncKey{Kind: it.Kind, ID: it.ID}].Params, shape.Params[it.ID]; got != want {
			t.Errorf("feature %d %s takes %d parameters, want %d", it.ID, it.GoQualifiedName(), got, want)
		}
	}
}
