package prompt_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/audit"
	"portwave/mage/callgraph"
	"portwave/mage/inventory"
	"portwave/mage/placement"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/prompt"
	"portwave/scripts"
)

// benchFiles and benchFuncs shape the generated tree: 100 files of 90
// functions and methods, about 1,400 lines each, that call one another
// across files, as nats-server's server package does.
const (
	benchFiles = 100
	benchFuncs = 99
)

// genGo writes file i. Calls go to earlier files and earlier functions
// only: a package whose functions all call one another in one cycle makes
// go/types' initialization-order analysis quadratic, and real code has no
// such cycle of thousands of functions.
func genGo(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package server\n\n// T%d is a type with methods.\ntype T%d struct{ n int }\n\n", i, i)
	prev, far := max(i-1, 0), max(i-7, 0)
	for j := range benchFuncs {
		if j%3 == 0 {
			callee := fmt.Sprintf("f%d_%d", prev, j+1)
			if i == 0 {
				callee = "int"
			}
			fmt.Fprintf(&b, "// M%d is a method.\nfunc (t *T%d) M%d(x int) int {\n\ty := %s(x)\n\tif y > t.n {\n\t\ty -= t.n\n\t}\n\tfor k := 0; k < 3; k++ {\n\t\ty += k\n\t}\n\treturn y + %s(y)\n}\n\n",
				j, i, j, callee, callee)
			continue
		}
		other := fmt.Sprintf("f%d_%d", far, j)
		if i == 0 {
			other = "int"
		}
		fmt.Fprintf(&b, "// f%d_%d is a function.\nfunc f%d_%d(x int) int {\n\tt := &T%d{n: x}\n\ty := x * 2\n\tif y > 10 {\n\t\ty = t.M%d(y) + %s(1)\n\t}\n\tswitch {\n\tcase y < 0:\n\t\treturn -y\n\t}\n\treturn y\n}\n\n",
			i, j, i, j, i, (j/3)*3, other)
	}
	return b.String()
}

func genCS(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "namespace Bench;\n\npublic sealed class T%d\n{\n", i)
	for j := 0; j < benchFuncs; j += 3 {
		fmt.Fprintf(&b, "    internal int M%d(int x)\n    {\n        throw new NotImplementedException();\n    }\n\n", j)
	}
	fmt.Fprintf(&b, "}\n\ninternal static class File%02dHelpers\n{\n", i)
	for j := range benchFuncs {
		if j%3 != 0 {
			fmt.Fprintf(&b, "    internal static int F%d_%d(int x)\n    {\n        return x * 2 + %d;\n    }\n\n", i, j, j)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// BenchmarkBatchPrompt builds the whole prompt of a 150-feature batch over
// a generated Go tree of at least 130,000 lines, with the call graph from
// its cache, the C# tree scanned and every callee's signature looked up:
// go test -run '^$' -bench BenchmarkBatchPrompt -benchmem ./mage/prompt/
func BenchmarkBatchPrompt(b *testing.B) {
	ctx := context.Background()
	root := b.TempDir()
	goRoot, csRoot, cache := filepath.Join(root, "go"), filepath.Join(root, "cs"), filepath.Join(root, "cache")
	lines := 0
	for i := range benchFiles {
		src := genGo(i)
		lines += strings.Count(src, "\n")
		write(b, filepath.Join(goRoot, "server", fmt.Sprintf("file%02d.go", i)), src)
		write(b, filepath.Join(csRoot, fmt.Sprintf("File%02d.cs", i)), genCS(i))
	}
	if lines < 130_000 && benchFiles == 100 {
		b.Fatalf("generated %d lines, want at least 130,000", lines)
	}
	decls, err := inventory.Scan(ctx, goRoot, inventory.Options{})
	if err != nil {
		b.Fatal(err)
	}
	items := map[int]port.Item{}
	all := inventory.Merge(nil, decls).Items
	lo := len(all) / 2
	for _, it := range all {
		it.Status = port.Deferred
		if it.ID < lo-100 {
			it.Status = port.Verified
		}
		items[it.ID] = it
	}
	var ids plan.Ranges
	ids = append(ids, plan.Range{Lo: lo, Hi: lo + 149})
	batch := plan.Batch{ID: 1, Name: "Bench", Wave: 2, Targets: []plan.Target{{Path: "File44.cs"}}, Features: []plan.Group{{Ranges: ids}}}
	later := plan.Batch{ID: 2, Name: "Later", Wave: 3, Features: []plan.Group{{Ranges: plan.Ranges{{Lo: lo + 150, Hi: len(all)}}}}}
	p := &plan.Plan{Batches: []plan.Batch{batch, later}}
	tmpl, err := prompt.Parse(scripts.PromptName, scripts.Prompt)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := callgraph.Load(ctx, goRoot, cache); err != nil { // the cache the runs reuse
		b.Fatal(err)
	}
	naming := audit.Naming{}
	var out prompt.Fitted
	for b.Loop() {
		g, err := callgraph.Load(ctx, goRoot, cache)
		if err != nil {
			b.Fatal(err)
		}
		tree, err := prompt.ReadCSharpTree(ctx, csRoot)
		if err != nil {
			b.Fatal(err)
		}
		d := prompt.Data{Batch: batch, Features: prompt.Features(batch, items, naming.Target, goRoot, placement.Placement{}), CSharpRoot: "cs", Build: "dotnet build"}
		in := prompt.ContextInput{Plan: p, Batch: batch, Items: items, Target: naming.Target, Graph: g, Tree: tree}
		if out, err = tmpl.RenderWithin(d, in, 60000); err != nil {
			b.Fatal(err)
		}
	}
	if !strings.Contains(out.Text, "### Callees already ported") || !strings.Contains(out.Text, "### Callees not ported before this batch") {
		b.Fatalf("the prompt has no context:\n%s", out.Text[len(out.Text)-2000:])
	}
	b.ReportMetric(float64(lines), "lines")
	b.ReportMetric(float64(out.Tokens), "tokens")
	b.ReportMetric(float64(out.Context.Tokens), "context-tokens")
}

// BenchmarkCallGraphBuild is the cold build the cache saves: parsing and
// type-checking the same generated tree.
func BenchmarkCallGraphBuild(b *testing.B) {
	root := b.TempDir()
	for i := range benchFiles {
		write(b, filepath.Join(root, "server", fmt.Sprintf("file%02d.go", i)), genGo(i))
	}
	var g *callgraph.Graph
	for b.Loop() {
		var err error
		if g, err = callgraph.Build(context.Background(), root); err != nil {
			b.Fatal(err)
		}
	}
	calls := 0
	for _, n := range g.Nodes {
		calls += len(n.Calls)
	}
	b.ReportMetric(float64(len(g.Nodes)), "funcs")
	b.ReportMetric(float64(calls), "calls")
}

func write(b *testing.B, path, text string) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
}
