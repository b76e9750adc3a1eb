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
	"portwave/mage/msbuild"
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
// skipping build output (bin/, obj/) and hidden folders, and the project
// files (absolute) that compile them: those under root and the nearest
// above it.
func csFiles(root string) (files, projects []string, err error) {
	var out []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && msbuild.Skipped(name) {
				return filepath.SkipDir
			}
			return nil
		}
		if msbuild.IsProject(name) {
			projects = append(projects, p)
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
		return nil, nil, fmt.Errorf("listing C# files under %s: %w", root, err)
	}
	sort.Strings(out)
	return out, append(projects, msbuild.Enclosing(root)...), nil
}

// scanFiles reads and scans the given files in parallel. A file that cannot
// be read or scanned completely becomes a failed FileScan, not an error:
// one bad file must not stop the audit of the others.
func scanFiles(ctx context.Context, root string, rels []string, opt csharp.Options, sym *Symbols, workers int) (map[string]FileScan, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Files compiled in the same builds are scanned together: one group
	// per project folder, nearly always one for the whole tree.
	type group struct {
		builds []csharp.Build
		abs    []string
		at     []int
	}
	var groups []*group
	byIndex := map[int]*group{}
	for i, rel := range rels {
		abs := filepath.Join(root, filepath.FromSlash(rel))
		k, builds := sym.group(abs)
		g := byIndex[k]
		if g == nil {
			g = &group{builds: builds}
			byIndex[k] = g
			groups = append(groups, g)
		}
		g.abs, g.at = append(g.abs, abs), append(g.at, i)
	}
	scans := make([]FileScan, len(rels))
	for _, g := range groups {
		o := opt
		o.Builds = g.builds
		csharp.ScanEach(ctx, g.abs, o, workers, func(i int, f *csharp.File) { scans[g.at[i]] = entries(rels[g.at[i]], f) })
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]FileScan, len(rels))
	for i, f := range scans {
		out[rels[i]] = f
	}
	return out, nil
}

func scanOne(root, rel string, opt csharp.Options, sym *Symbols) FileScan {
	var out FileScan
	abs := filepath.Join(root, filepath.FromSlash(rel))
	opt.Builds = sym.For(abs)
	csharp.ScanEach(context.Background(), []string{abs}, opt, 1, func(_ int, f *csharp.File) { out = entries(rel, f) })
	return out
}

// ScanSource scans one file's text in the builds it is compiled in (see
// Symbols.For) as the audit files it: its members, and extension members
// and JSON converters under the type they serve. rel names the file in
// the result; nothing is read from disk.
func ScanSource(rel string, src []byte, opt Options, builds []csharp.Build) FileScan {
	o := opt.scanner()
	o.Builds = builds
	return entries(rel, csharp.Scan(rel, src, o))
}
