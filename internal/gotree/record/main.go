// Command record writes the shape of a nats-server checkout that the
// generated Go trees reproduce (package gotree): every Go file with its
// package and length (files.tsv), the declarations the NatsNet tracker
// leaves out (untracked.tsv), and the calls between tracked features
// (calls.tsv), and every tracked feature's number of parameters
// (params.tsv), into the fixture folder. It records names, files,
// positions and counts only, no code.
//
//	git -C nats-server checkout v2.12.4
//	go run ./internal/gotree/record nats-server internal/fixture/testdata/natsnet
package main

import (
	"bufio"
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"portwave/mage/callgraph"
	"portwave/mage/inventory"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: record NATS_SERVER_CHECKOUT FIXTURE_DIR")
		os.Exit(2)
	}
	if err := record(context.Background(), os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "record:", err)
		os.Exit(1)
	}
}

func record(ctx context.Context, root, dir string) error {
	var items []port.Item
	for _, name := range []string{"features.tsv", "tests.tsv"} {
		m, err := portdb.ReadMapped(filepath.Join(dir, name), nil)
		if err != nil {
			return err
		}
		items = append(append(items, m.Features...), m.Tests...)
	}
	if err := writeFiles(root, filepath.Join(dir, "files.tsv")); err != nil {
		return err
	}
	if err := writeUntracked(ctx, root, items, filepath.Join(dir, "untracked.tsv")); err != nil {
		return err
	}
	if err := writeParams(root, items, filepath.Join(dir, "params.tsv")); err != nil {
		return err
	}
	return writeCalls(ctx, root, items, filepath.Join(dir, "calls.tsv"))
}

// writeFiles lists every Go file the inventory reads, with its package
// name and its number of lines.
func writeFiles(root, out string) error {
	features, tests, err := inventory.GoFiles(root)
	if err != nil {
		return err
	}
	files := slices.Sorted(slices.Values(append(features, tests...)))
	return writeTSV(out, []string{"go_file", "package", "lines"}, func(w func(...any)) error {
		for _, rel := range files {
			src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
			if err != nil {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), rel, src, parser.PackageClauseOnly)
			if err != nil {
				return err
			}
			w(rel, f.Name.Name, strings.Count(string(src), "\n"))
		}
		return nil
	})
}

// writeUntracked lists the declarations a scope-less inventory finds that
// the tracker does not hold.
func writeUntracked(ctx context.Context, root string, items []port.Item, out string) error {
	decls, err := inventory.Scan(ctx, root, inventory.Options{})
	if err != nil {
		return err
	}
	type key struct {
		kind                 port.Kind
		file, receiver, name string
		line                 int
	}
	tracked := map[key]bool{}
	for _, it := range items {
		tracked[key{it.Kind, it.GoFile, it.GoReceiver, it.GoName, it.GoLine}] = true
	}
	return writeTSV(out, []string{"kind", "go_file", "go_receiver", "go_name", "go_line", "go_line_count"}, func(w func(...any)) error {
		for _, d := range decls {
			if !tracked[key{d.Kind, d.GoFile, d.GoReceiver, d.GoName, d.GoLine}] {
				w(d.Kind, d.GoFile, d.GoReceiver, d.GoName, d.GoLine, d.GoLineCount)
			}
		}
		return nil
	})
}

// writeParams lists the number of parameters of every tracked feature
// (receiver left out, a variadic one counted once), which tells C#
// overloads apart.
func writeParams(root string, items []port.Item, out string) error {
	funcs := inventory.GoFuncs(root, items)
	return writeTSV(out, []string{"id", "params"}, func(w func(...any)) error {
		for _, it := range items {
			if g, ok := funcs[inventory.FuncKey{Kind: it.Kind, ID: it.ID}]; ok && it.Kind == port.Feature {
				w(it.ID, g.Params)
			}
		}
		return nil
	})
}

// writeCalls lists every call between two tracked features, with the line
// and column of the callee's name at the call site (in the caller's file).
func writeCalls(ctx context.Context, root string, items []port.Item, out string) error {
	g, err := callgraph.Build(ctx, root)
	if err != nil {
		return err
	}
	return writeTSV(out, []string{"from", "to", "line", "col"}, func(w func(...any)) error {
		for _, e := range g.Edges(items) {
			w(e.From, e.To, e.Pos.Line, e.Pos.Col)
		}
		return nil
	})
}

func writeTSV(path string, header []string, rows func(w func(...any)) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(f)
	fmt.Fprintln(b, strings.Join(header, "\t"))
	err = rows(func(cols ...any) {
		for i, c := range cols {
			if i > 0 {
				b.WriteByte('\t')
			}
			fmt.Fprint(b, c)
		}
		b.WriteByte('\n')
	})
	if err == nil {
		err = b.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
