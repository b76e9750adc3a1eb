package audit

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/sourcegraph/conc/pool"

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
// be read becomes a failed FileScan, not an error: one bad file must not
// stop the audit of the others.
func scanFiles(ctx context.Context, root string, rels []string, opt csharp.Options, workers int) (map[string]FileScan, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([]FileScan, len(rels))
	p := pool.New().WithMaxGoroutines(workers).WithContext(ctx)
	// Hand out contiguous chunks rather than one task per file: per-task
	// overhead matters when a tree has tens of thousands of small files.
	chunk := max(1, len(rels)/(workers*8))
	for start := 0; start < len(rels); start += chunk {
		end := min(start+chunk, len(rels))
		p.Go(func(ctx context.Context) error {
			for i := start; i < end; i++ {
				if err := ctx.Err(); err != nil {
					return err
				}
				results[i] = scanOne(root, rels[i], opt)
			}
			return nil
		})
	}
	if err := p.Wait(); err != nil {
		return nil, err
	}
	out := make(map[string]FileScan, len(rels))
	for _, r := range results {
		out[r.Path] = r
	}
	return out, nil
}

func scanOne(root, rel string, opt csharp.Options) FileScan {
	path := filepath.Join(root, filepath.FromSlash(rel))
	info, err := os.Stat(path)
	if err == nil && opt.MaxFileSize > 0 && info.Size() > opt.MaxFileSize {
		return FileScan{Path: rel, Errors: []string{fmt.Sprintf("%s: %d bytes, over the %d-byte limit; not scanned", rel, info.Size(), opt.MaxFileSize)}}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return FileScan{Path: rel, Errors: []string{fmt.Sprintf("%s: %v", rel, err)}}
	}
	return entries(rel, csharp.Scan(rel, src, opt))
}
