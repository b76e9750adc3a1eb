package inventory_test

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sourcegraph/conc/pool"

	"portwave/mage/inventory"
	"portwave/mage/port"
)

// benchLayout is a nats-server-shaped tree: one big package, a few small
// ones and subpackages, and tests beside the code and in their own package.
var benchLayout = []struct {
	dir          string
	files, tests int
}{
	{"conf", 6, 2}, {"internal/ldap", 4, 1}, {"internal/ocsp", 3, 1}, {"logger", 3, 1},
	{"server", 44, 12}, {"server/avl", 3, 1}, {"server/stree", 10, 2}, {"test", 0, 8},
}

// benchFileLines is the length of each generated file; 100 files of it make
// the 130,000 lines the inventory must scan in under a second.
const benchFileLines = 1400

// BenchmarkScan measures a scan of a generated tree of at least 130,000
// lines: go test -run '^$' -bench BenchmarkScan -benchmem ./mage/inventory/
func BenchmarkScan(b *testing.B) {
	root, files, lines := benchGoTree(b)
	var decls []inventory.Decl
	for b.Loop() {
		var err error
		if decls, err = inventory.Scan(context.Background(), root, inventory.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lines), "lines")
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(len(decls)), "decls")
}

// BenchmarkScanGoParserOnly is the floor the inventory is measured
// against, in the same run (-bench Scan runs both): go/parser alone on the
// same files, read and parsed with the same mode and parallelism.
func BenchmarkScanGoParserOnly(b *testing.B) {
	root, files, lines := benchGoTree(b)
	names := make([]string, 0, len(files))
	for rel := range files {
		names = append(names, filepath.Join(root, filepath.FromSlash(rel)))
	}
	for b.Loop() {
		p := pool.New().WithMaxGoroutines(runtime.GOMAXPROCS(0))
		for _, name := range names {
			p.Go(func() {
				if _, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution); err != nil {
					b.Error(err)
				}
			})
		}
		p.Wait()
	}
	b.ReportMetric(float64(lines), "lines")
}

// benchGoTree writes the generated tree for one benchmark.
func benchGoTree(b *testing.B) (string, map[string]string, int) { return genGoTree(b) }

func genGoTree(b *testing.B) (string, map[string]string, int) {
	files := map[string]string{}
	lines := 0
	for _, pkg := range benchLayout {
		name := pkg.dir[strings.LastIndex(pkg.dir, "/")+1:]
		for i := range pkg.files {
			src := genSource(name, i, false)
			files[fmt.Sprintf("%s/file%02d.go", pkg.dir, i)] = src
			lines += strings.Count(src, "\n")
		}
		for i := range pkg.tests {
			src := genSource(name, i, true)
			files[fmt.Sprintf("%s/file%02d_test.go", pkg.dir, i)] = src
			lines += strings.Count(src, "\n")
		}
	}
	if lines < 130_000 {
		b.Fatalf("generated %d lines, want at least 130,000", lines)
	}
	return writeTree(b, files), files, lines
}

// genSource writes a file of about benchFileLines lines: a license header,
// types (one generic), documented methods and functions with loops,
// switches and closures, or table-driven tests.
func genSource(pkg string, n int, test bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "// Copyright 2026 The Example Authors.\n// Licensed under the Apache License, Version 2.0.\n\npackage %s\n\n", pkg)
	if test {
		b.WriteString("import (\n\t\"context\"\n\t\"testing\"\n)\n\n")
	} else {
		b.WriteString("import (\n\t\"context\"\n\t\"fmt\"\n\t\"sync\"\n)\n\n")
		fmt.Fprintf(&b, "// Conn%d holds one connection's state.\ntype Conn%d struct {\n\tmu    sync.Mutex\n\tcount uint64\n\tname  string\n}\n\n", n, n)
		fmt.Fprintf(&b, "// List%d is a small generic list.\ntype List%d[T comparable] struct{ items []T }\n\n", n, n)
		fmt.Fprintf(&b, "func (l *List%d[T]) Push(v T) { l.items = append(l.items, v) }\n\n", n)
		fmt.Fprintf(&b, "func (l List%d[T]) Len() int {\n\treturn len(l.items)\n}\n\n", n)
	}
	for i := 0; strings.Count(b.String(), "\n") < benchFileLines; i++ {
		if test {
			genTest(&b, n, i)
		} else {
			genFunc(&b, n, i)
		}
	}
	return b.String()
}

func genFunc(b *strings.Builder, n, i int) {
	recv := fmt.Sprintf("(c *Conn%d) ", n)
	if i%3 == 2 {
		recv = ""
	}
	fmt.Fprintf(b, `// handle%[2]d processes one message and returns how much of it counted.
// It holds the lock for the whole message, as the protocol requires.
func %[1]shandle%[2]d(ctx context.Context, msg []byte, opts map[string]int) (int, error) {
	if len(msg) == 0 {
		return 0, fmt.Errorf("handle%[2]d: empty message (want at least %%d bytes)", %[2]d)
	}
	total := 0
	for i, ch := range msg {
		switch {
		case ch == '\n':
			total += i
		case ch >= 'a' && ch <= 'z':
			total -= int(ch) // lower case weighs less
		default:
			total ^= opts["k"] + %[2]d
		}
	}
	check := func(v int) bool { return v%%2 == 0 }
	select {
	case <-ctx.Done():
		return total, ctx.Err()
	default:
	}
	if !check(total) {
		total++
	}
	return total, nil
}

`, recv, i)
}

func genTest(b *strings.Builder, n, i int) {
	fmt.Fprintf(b, `func TestHandle%[1]dCountsEveryByte%[2]d(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"abc", %[2]d},
		{"a\nb", %[1]d},
	}
	for _, tc := range tests {
		got, err := handle%[2]d(context.Background(), []byte(tc.in), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("handle(%%q) = %%d, want %%d", tc.in, got, tc.want)
		}
	}
}

func helper%[2]d(t *testing.T) { t.Helper() }

`, n, i)
}

// BenchmarkMerge re-runs the inventory over the NatsNet fixture (6,942
// items) with lines shifted, items moved, deleted and added, 7,000 decls in
// all: go test -run '^$' -bench BenchmarkMerge -benchmem ./mage/inventory/
func BenchmarkMerge(b *testing.B) {
	existing := append(loadFixture(b, port.Feature), loadFixture(b, port.Test)...)
	var scanned []inventory.Decl
	for i, it := range existing {
		d := inventory.Decl{Kind: it.Kind, GoFile: it.GoFile, GoReceiver: it.GoReceiver, GoName: it.GoName,
			GoLine: it.GoLine, GoLineCount: it.GoLineCount}
		switch {
		case i%100 == 0:
			continue // deleted
		case i%100 == 1:
			d.GoFile = "moved/" + d.GoFile
		case i%10 == 0:
			d.GoLine += 3
		}
		scanned = append(scanned, d)
	}
	for i := 0; len(scanned) < 7000; i++ {
		scanned = append(scanned, inventory.Decl{Kind: port.Feature, GoFile: "server/new.go",
			GoName: fmt.Sprintf("added%d", i), GoLine: 10 * (i + 1), GoLineCount: 5})
	}
	var res inventory.Result
	for b.Loop() {
		res = inventory.Merge(existing, scanned)
	}
	if res.Added == 0 || res.Vanished == 0 || res.Updated == 0 {
		b.Fatalf("the re-run did not exercise every path: %+v", res.Tally)
	}
	b.ReportMetric(float64(len(existing)), "items")
	b.ReportMetric(float64(len(scanned)), "decls")
}
