package inventory

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/sourcegraph/conc/pool"

	"portwave/mage/port"
)

// Scan parses every .go file under root that the scope reads and returns
// the features the scope holds, in the port's ID order (CompareFiles, then
// source order), followed by its tests in theirs.
//
// Like the go tool, it skips vendor and testdata directories and files or
// directories whose name starts with '.' or '_'. Unlike it, it ignores build
// constraints. Files are parsed in parallel; the result does not depend on
// scheduling. If any file fails to parse, Scan returns a *ScanError listing
// every error in every file and no declarations.
func Scan(ctx context.Context, root string, opt Options) ([]Decl, error) {
	include, exclude, err := opt.Scope.compile()
	if err != nil {
		return nil, err
	}
	sc := scope{include, exclude}
	features, tests, err := GoFiles(root)
	if err != nil {
		return nil, fmt.Errorf("scanning %s: %w", root, err)
	}
	features = slices.DeleteFunc(features, func(rel string) bool { return !sc.file(rel) })
	tests = slices.DeleteFunc(tests, func(rel string) bool { return !sc.file(rel) })
	slices.SortFunc(features, func(a, b string) int { return CompareFiles(port.Feature, a, b) })
	slices.SortFunc(tests, func(a, b string) int { return CompareFiles(port.Test, a, b) })
	files := append(features, tests...)

	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type result struct {
		decls []Decl
		errs  []ParseError
	}
	results := make([]result, len(files))
	p := pool.New().WithMaxGoroutines(workers)
	for i, rel := range files {
		p.Go(func() {
			if ctx.Err() != nil {
				return
			}
			results[i].decls, results[i].errs = parseFile(root, rel)
		})
	}
	p.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("scanning %s: %w", root, err)
	}

	var decls []Decl
	var errs []ParseError
	for _, r := range results {
		for _, d := range r.decls {
			if sc.item(d.GoFile, d.QualifiedName()) {
				decls = append(decls, d)
			}
		}
		errs = append(errs, r.errs...)
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b ParseError) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		return nil, &ScanError{Root: root, Errors: errs}
	}
	return decls, nil
}

// GoFiles walks root and returns the slash paths, relative to root, of its
// regular Go files and of its test files: vendor, testdata and names
// starting with '.' or '_' are skipped, build constraints are not applied.
// The call graph reads the same files, so both see the same tree.
func GoFiles(root string) (features, tests []string, err error) {
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if ignored(name) || name == "vendor" || name == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if ignored(name) || !strings.HasSuffix(name, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if isTestFile(rel) {
			tests = append(tests, rel)
		} else {
			features = append(features, rel)
		}
		return nil
	})
	return features, tests, err
}

// ignored is the go tool's rule for names it never builds.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

func joinRoot(root, rel string) string {
	return filepath.Join(root, filepath.FromSlash(rel))
}
