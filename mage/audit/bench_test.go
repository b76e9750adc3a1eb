package audit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sourcegraph/conc/pool"

	"portwave/internal/cstree"
	"portwave/mage/audit"
	"portwave/mage/portdb"
)

// A tree of about 1,000,000 lines and 10,500 mapped members, the size the
// audit must handle in well under a second after every merge.
const benchItems, benchBodyLines = 10500, 106

var (
	benchOnce  sync.Once
	benchRoot  string
	benchItemz []portdb.Item
	benchStats cstree.Stats
)

func benchTree(b *testing.B) (string, []portdb.Item) {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "portwave-audit-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchRoot = filepath.Join(dir, "dotnet")
		benchItemz = make([]portdb.Item, benchItems)
		for i := range benchItemz {
			st := portdb.Verified
			if i%9 == 0 {
				st = portdb.Deferred
			}
			benchItemz[i] = portdb.Item{ID: i + 1, Kind: portdb.Feature, GoFile: fmt.Sprintf("server/file%03d.go", i/30),
				GoName: fmt.Sprintf("f%d", i+1), GoLine: 1, GoLineCount: 1, DotnetClass: fmt.Sprintf("Class%03d", i/70),
				DotnetMember: fmt.Sprintf("Member%d", i+1), Status: st}
		}
		benchStats, err = cstree.Write(benchRoot, benchItemz, cstree.Options{BodyLines: benchBodyLines})
		if err != nil {
			b.Fatal(err)
		}
		git(b, dir, "init", "-q", "-b", "main")
		git(b, dir, "add", "-A")
		git(b, dir, "commit", "-qm", "tree")
	})
	if benchStats.Lines < 1_000_000 || benchStats.Members < 10_000 {
		b.Fatalf("bench tree too small: %+v", benchStats)
	}
	return benchRoot, benchItemz
}

// TestMain removes the benchmarks' tree, which they share, when they are
// all done.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchRoot != "" {
		os.RemoveAll(filepath.Dir(benchRoot))
	}
	os.Exit(code)
}

func benchDB(b *testing.B, items []portdb.Item) *portdb.DB {
	db, err := portdb.Create(context.Background(), filepath.Join(b.TempDir(), "porting.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.UpsertItems(context.Background(), items, "bench", 0); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkReadTree is the floor: only reading every file of the tree.
func BenchmarkReadTree(b *testing.B) {
	root, _ := benchTree(b)
	var files []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pool.New().WithMaxGoroutines(2)
		for _, f := range files {
			p.Go(func() { os.ReadFile(f) })
		}
		p.Wait()
	}
	b.ReportMetric(float64(benchStats.Lines), "lines")
}

// BenchmarkFullAudit scans the whole tree and classifies every item against
// porting.db, the way `mage audit` runs without a cache.
func BenchmarkFullAudit(b *testing.B) {
	root, items := benchTree(b)
	db := benchDB(b, items)
	ctx := context.Background()
	if _, err := audit.Run(ctx, db, audit.Options{Root: root}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := audit.Run(ctx, db, audit.Options{Root: root})
		if err != nil || len(res.Findings) != benchItems || len(res.Changes) != 0 {
			b.Fatalf("findings %d changes %d err %v", len(res.Findings), len(res.Changes), err)
		}
	}
	b.ReportMetric(float64(benchStats.Lines), "lines")
	b.ReportMetric(float64(benchStats.Members), "members")
}

// BenchmarkIncrementalAudit changes three files and commits them, as a
// batch's merge does, then audits again with the cache of the previous
// audit: the audit the orchestrator runs after every merge.
func BenchmarkIncrementalAudit(b *testing.B) { benchIncremental(b, false) }

// BenchmarkIncrementalAuditNewProcess is the same audit in a process that
// starts without the cache in memory: a `mage audit` after a hand merge.
func BenchmarkIncrementalAuditNewProcess(b *testing.B) { benchIncremental(b, true) }

func benchIncremental(b *testing.B, newProcess bool) {
	root, items := benchTree(b)
	db := benchDB(b, items)
	ctx := context.Background()
	opt := audit.Options{Root: root, Incremental: true}
	if _, err := audit.Run(ctx, db, opt); err != nil {
		b.Fatal(err)
	}
	targets := []string{"Class000.File000.cs", "Class000.File001.cs", "Class001.File003.cs"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for _, t := range targets {
			p := filepath.Join(root, "src/ZB.MOM.NatsNet.Server", t)
			f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(f, "// edit %d\n", i)
			f.Close()
		}
		git(b, filepath.Dir(root), "commit", "-qam", fmt.Sprintf("batch %d", i))
		if newProcess {
			audit.ForgetCache()
		}
		b.StartTimer()
		res, err := audit.Run(ctx, db, opt)
		if err != nil {
			b.Fatal(err)
		}
		if res.Scan.Full || res.Scan.Scanned > 3 {
			b.Fatalf("not incremental: %+v", res.Scan)
		}
	}
}
