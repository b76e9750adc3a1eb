// Package gotree writes a Go tree shaped like nats-server v2.12.4 from the
// NatsNet fixture, for the tests and benchmarks of the inventory, the call
// graph and the plan tools: the real tree cannot be part of the repository,
// its shape can.
//
// The fixture records the shape (files.tsv, untracked.tsv, calls.tsv and
// params.tsv beside
// the inventory; `go run ./internal/gotree/record` writes them from a
// checkout): every Go file with its package and length, the declarations the
// tracker leaves out, every call between two tracked features with its
// line and column, and each feature's number of parameters. The tree puts every function, method and test at its
// recorded line with its recorded length, and every recorded call on its
// line, its callee's name at its column where the line has room, so that the
// inventory numbers the tree as the tracker does and the call graph finds the
// recorded calls. A feature takes as many int parameters as the recorded
// one (which tells C# overloads apart), and a call passes zeros; a method
// is called through a package variable of its receiver type
// (X_Server.start(0)), which is what the type checker needs to resolve it.
package gotree

import (
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"portwave/internal/fixture"
	"portwave/mage/port"
)

// Module is the generated tree's module path, nats-server's.
const Module = "github.com/nats-io/nats-server/v2"

// File is one Go file of the recorded tree.
type File struct {
	Path    string // slash path from the root
	Package string
	Lines   int
}

// Call is one recorded call between two tracked features, in the caller's
// file.
type Call struct {
	From, To  int
	Line, Col int
}

// Shape is the recorded tree.
type Shape struct {
	Files     []File
	Untracked []port.Item // declarations the tracker leaves out; ID 0
	Calls     []Call
	Params    map[int]int // each tracked feature's number of parameters
}

// Load reads the recorded shape of nats-server from the fixture.
func Load(tb testing.TB) Shape {
	tb.Helper()
	var s Shape
	for _, row := range readTSV(tb, "files.tsv", 3) {
		s.Files = append(s.Files, File{Path: row[0], Package: row[1], Lines: atoi(tb, row[2])})
	}
	for _, row := range readTSV(tb, "untracked.tsv", 6) {
		s.Untracked = append(s.Untracked, port.Item{Kind: port.Kind(row[0]), GoFile: row[1], GoReceiver: row[2],
			GoName: row[3], GoLine: atoi(tb, row[4]), GoLineCount: atoi(tb, row[5])})
	}
	for _, row := range readTSV(tb, "calls.tsv", 4) {
		s.Calls = append(s.Calls, Call{From: atoi(tb, row[0]), To: atoi(tb, row[1]), Line: atoi(tb, row[2]), Col: atoi(tb, row[3])})
	}
	s.Params = map[int]int{}
	for _, row := range readTSV(tb, "params.tsv", 2) {
		s.Params[atoi(tb, row[0])] = atoi(tb, row[1])
	}
	return s
}

// Options say what to write.
type Options struct {
	// Items are the tracked items to write, features and tests; usually
	// the fixture's (fixture.Items).
	Items []port.Item
	// Untracked also writes what the tracker leaves out: its declarations
	// in the tracked files, and the files it does not track at all.
	Untracked bool
	// Code fills function bodies and the lines between declarations with
	// code and comments, so that the tree has nats-server's size in lines
	// as well as its shape (for benchmarks); otherwise they are blank.
	Code bool
}

// Write writes the tree under dir and returns dir.
func Write(tb testing.TB, dir string, shape Shape, opt Options) string {
	tb.Helper()
	files := map[string]*file{}
	get := func(rel string) *file {
		f, ok := files[rel]
		if !ok {
			f = &file{File: File{Path: rel, Package: path.Base(path.Dir(rel))}}
			if f.Package == "." {
				f.Package = "main"
			}
			files[rel] = f
		}
		return f
	}
	recorded := map[string]File{}
	for _, f := range shape.Files {
		recorded[f.Path] = f
		if opt.Untracked {
			get(f.Path)
		}
	}
	byID := map[int]port.Item{}
	for _, it := range opt.Items {
		get(it.GoFile).decls = append(get(it.GoFile).decls, decl{Item: it})
		if it.Kind == port.Feature {
			byID[it.ID] = it
		}
	}
	if opt.Untracked {
		for _, it := range shape.Untracked {
			get(it.GoFile).decls = append(get(it.GoFile).decls, decl{Item: it})
		}
	}
	calls := map[int][]Call{}
	for _, c := range shape.Calls {
		if _, ok := byID[c.To]; ok {
			calls[c.From] = append(calls[c.From], c)
		}
	}
	pkgs := map[string]*pkg{}
	for rel, f := range files {
		if r, ok := recorded[rel]; ok {
			f.Package, f.Lines = r.Package, r.Lines
		}
		k := path.Dir(rel) + " " + f.Package
		if pkgs[k] == nil {
			pkgs[k] = &pkg{dir: path.Dir(rel), name: f.Package}
		}
		f.pkg = pkgs[k]
		for i := range f.decls {
			d := &f.decls[i]
			if d.Kind == port.Feature && d.ID != 0 {
				d.calls = calls[d.ID]
			}
		}
	}
	// A receiver type is declared in the first regular file of its
	// package that has a method on it.
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		f := files[rel]
		for _, d := range f.decls {
			if r := d.GoReceiver; r != "" && !strings.HasSuffix(rel, "_test.go") && !f.pkg.typeDeclared(r) {
				f.pkg.types[r] = rel
				f.types = append(f.types, r)
			}
		}
	}
	w := writer{byID: byID, files: files, code: opt.Code, params: shape.Params}
	for rel, f := range files {
		src, err := w.source(f)
		if err != nil {
			tb.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module "+Module+"\n\ngo 1.24\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Tree writes the fixture's tracked items as a nats-server-shaped tree
// (Options.Untracked as asked) into a temporary folder and returns it.
func Tree(tb testing.TB, untracked bool) string {
	tb.Helper()
	features, tests := fixture.Items(tb)
	return Write(tb, tb.TempDir(), Load(tb), Options{Items: append(features, tests...), Untracked: untracked})
}

type pkg struct {
	dir, name string
	types     map[string]string // receiver type -> the file that declares it
}

func (p *pkg) typeDeclared(name string) bool {
	if p.types == nil {
		p.types = map[string]string{}
	}
	_, ok := p.types[name]
	return ok
}

type file struct {
	File
	pkg   *pkg
	decls []decl
	types []string // receiver types this file declares
}

type decl struct {
	port.Item
	calls []Call
}

func readTSV(tb testing.TB, name string, cols int) [][]string {
	tb.Helper()
	p := filepath.Join(fixture.Dir(tb), name)
	data, err := os.ReadFile(p)
	if err != nil {
		tb.Fatalf("the recorded shape of nats-server is missing: %v", err)
	}
	var rows [][]string
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if i == 0 {
			continue
		}
		row := strings.Split(line, "\t")
		if len(row) != cols {
			tb.Fatalf("%s:%d: %d columns, want %d", p, i+1, len(row), cols)
		}
		rows = append(rows, row)
	}
	return rows
}

func atoi(tb testing.TB, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		tb.Fatalf("the recorded shape of nats-server: %v", err)
	}
	return n
}
