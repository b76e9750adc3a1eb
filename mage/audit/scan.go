package audit

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"portwave/mage/audit/csharp"
)

// ScanStats says how much of the tree a scan read.
type ScanStats struct {
	Files   int // .cs files in the tree
	Scanned int // files read and scanned this time
	Reused  int // files taken from the cache
	Failed  int // files with scan errors
	Full    bool
	Why     string // why the scan was full or incremental
}

// csFiles lists the .cs files under root as slash paths relative to it,
// skipping build output (bin/, obj/) and hidden folders.
func csFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (name == "bin" || name == "obj" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".cs") {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing C# files under %s: %w", root, err)
	}
	sort.Strings(out)
	return out, nil
}

// scanFiles reads and scans the given files in parallel. A file that cannot
// be read or scanned completely becomes a failed FileScan, not an error:
// one bad file must not stop the audit of the others.
func scanFiles(ctx context.Context, root string, rels []string, opt csharp.Options, workers int) (map[string]FileScan, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	abs := make([]string, len(rels))
	for i, rel := range rels {
		abs[i] = filepath.Join(root, filepath.FromSlash(rel))
	}
	scans := make([]FileScan, len(rels))
	csharp.ScanEach(ctx, abs, opt, workers, func(i int, f *csharp.File) { scans[i] = entries(rels[i], f) })
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]FileScan, len(rels))
	for i, f := range scans {
		out[rels[i]] = f
	}
	return out, nil
}

func scanOne(root, rel string, opt csharp.Options) FileScan {
	var out FileScan
	csharp.ScanEach(context.Background(), []string{filepath.Join(root, filepath.FromSlash(rel))}, opt, 1,
		func(_ int, f *csharp.File) { out = entries(rel, f) })
	return out
}
