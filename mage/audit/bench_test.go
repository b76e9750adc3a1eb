package audit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/conc/pool"

	"portwave/internal/cstree"
	"portwave/mage/audit"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// A tree of about 1,000,000 lines and 10,500 mapped members, the size the
// audit must handle in well under a second after every merge.
const benchItems, benchBodyLines = 10500, 106

var (
	benchOnce  sync.Once
	benchRoot  string
	benchItemz []port.Item
	benchStats cstree.Stats
)

func benchTree(b *testing.B) (string, []port.Item) {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "portwave-audit-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchRoot = filepath.Join(dir, "dotnet")
		benchItemz = make([]port.Item, benchItems)
		for i := range benchItemz {
			st := port.Verified
			if i%9 == 0 {
				st = port.Deferred
			}
			benchItemz[i] = port.Item{ID: i + 1, Kind: port.Feature, GoFile: fmt.Sprintf("server/file%03d.go", i/30),
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

// benchDB writes the items into a new porting.db and returns its path.
func benchDB(b *testing.B, items []port.Item) string {
	path := filepath.Join(b.TempDir(), "porting.db")
	db, err := portdb.Create(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.UpsertItems(context.Background(), items, "bench", 0); err != nil {
		b.Fatal(err)
	}
	return path
}

// openDB opens porting.db as a new process does: nothing read yet.
func openDB(b *testing.B, path string) *portdb.DB {
	db, err := portdb.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkReadTree is the floor: only reading every file of the tree.
func BenchmarkReadTree(b *testing.B) {
	root, _ := benchTree(b)
	files := treeFiles(root)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		readAll(files)
	}
	b.ReportMetric(float64(benchStats.Lines), "lines")
}

// BenchmarkFullAuditVsRead measures the full audit against the raw read
// of the tree in the same rounds: each round reads every file (as
// BenchmarkReadTree) and then audits (as BenchmarkFullAudit), so both
// see the same machine. It reports the medians of the rounds and the
// median of each round's ratio, which the architecture holds to 2
// (go test ./mage/audit -run '^$' -bench VsRead -benchtime 10x), and the
// same ratio of the processor time each phase used, which a busy machine
// disturbs less.
func BenchmarkFullAuditVsRead(b *testing.B) {
	root, items := benchTree(b)
	path := benchDB(b, items)
	ctx := context.Background()
	files := treeFiles(root)
	db := openDB(b, path)
	_, err := audit.Run(ctx, db, audit.Options{Root: root})
	db.Close()
	if err != nil {
		b.Fatal(err)
	}
	var reads, audits, ratios, cpuRatios, auditCPU []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start, cpu := time.Now(), cpuTime()
		readAll(files)
		read, readCPU := time.Since(start), cpuTime()-cpu
		b.StopTimer()
		db := openDB(b, path)
		b.StartTimer()
		start, cpu = time.Now(), cpuTime()
		res, err := audit.Run(ctx, db, audit.Options{Root: root})
		took, tookCPU := time.Since(start), cpuTime()-cpu
		b.StopTimer()
		db.Close()
		b.StartTimer()
		if err != nil || len(res.Findings) != benchItems || len(res.Changes) != 0 {
			b.Fatalf("findings %d changes %d err %v", len(res.Findings), len(res.Changes), err)
		}
		reads, audits = append(reads, read.Seconds()*1000), append(audits, took.Seconds()*1000)
		ratios = append(ratios, took.Seconds()/read.Seconds())
		if readCPU > 0 {
			cpuRatios = append(cpuRatios, tookCPU.Seconds()/readCPU.Seconds())
			auditCPU = append(auditCPU, tookCPU.Seconds()*1000)
		}
	}
	b.ReportMetric(median(reads), "read-ms")
	b.ReportMetric(median(audits), "audit-ms")
	b.ReportMetric(median(ratios), "audit/read")
	if len(cpuRatios) > 0 {
		b.ReportMetric(median(cpuRatios), "audit/read-cpu")
		b.ReportMetric(median(auditCPU), "audit-cpu-ms")
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// treeFiles lists every file of the tree, as BenchmarkReadTree reads it.
func treeFiles(root string) []string {
	var files []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	return files
}

// readAll reads every file with two workers, as BenchmarkReadTree does.
func readAll(files []string) {
	p := pool.New().WithMaxGoroutines(2)
	for _, f := range files {
		p.Go(func() { os.ReadFile(f) })
	}
	p.Wait()
}

// BenchmarkFullAudit scans the whole tree and classifies every item against
// porting.db, the way `mage audit` runs without a cache: each audit opens
// porting.db anew and reads every item.
func BenchmarkFullAudit(b *testing.B) {
	root, items := benchTree(b)
	path := benchDB(b, items)
	ctx := context.Background()
	db := openDB(b, path)
	_, err := audit.Run(ctx, db, audit.Options{Root: root}) // takes in what earlier benchmarks ported
	db.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := openDB(b, path)
		b.StartTimer()
		res, err := audit.Run(ctx, db, audit.Options{Root: root})
		b.StopTimer()
		db.Close()
		b.StartTimer()
		if err != nil || len(res.Findings) != benchItems || len(res.Changes) != 0 {
			b.Fatalf("findings %d changes %d err %v", len(res.Findings), len(res.Changes), err)
		}
	}
	b.ReportMetric(float64(benchStats.Lines), "lines")
	b.ReportMetric(float64(benchStats.Members), "members")
}

// BenchmarkIncrementalAudit ports three stubs in three files and commits
// them, as a batch's merge does, then audits again, promoting the three:
// the audit the orchestrator runs after every merge, with the cache and the
// items of the previous audit in memory.
func BenchmarkIncrementalAudit(b *testing.B) { benchIncremental(b, false) }

// BenchmarkIncrementalAuditNewProcess is the same audit in a process that
// starts with nothing in memory: a `mage audit` after a hand merge.
func BenchmarkIncrementalAuditNewProcess(b *testing.B) { benchIncremental(b, true) }

// stub is the body the bench tree gives most deferred features.
const stub = "throw new NotImplementedException();"

func benchIncremental(b *testing.B, newProcess bool) {
	root, items := benchTree(b)
	path := benchDB(b, items)
	ctx := context.Background()
	opt := audit.Options{Root: root, Incremental: true}
	db := openDB(b, path)
	defer func() { db.Close() }()
	if newProcess {
		audit.ForgetCache() // start from the file, and write it
	}
	if _, err := audit.Run(ctx, db, opt); err != nil {
		b.Fatal(err)
	}
	var stubbed []string // files that still hold a stub, one entry per stub
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			for range strings.Count(string(data), stub) {
				stubbed = append(stubbed, p)
			}
		}
		return nil
	})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if len(stubbed) < 3 {
			b.Fatal("the bench tree has no stubs left to port")
		}
		// Three stubs in three files: a stub's file may appear again in
		// the list, so take the next three distinct ones.
		var batch []string
		for k := 0; len(batch) < 3 && k < len(stubbed); k++ {
			if !slices.Contains(batch, stubbed[k]) {
				batch = append(batch, stubbed[k])
				stubbed = slices.Delete(stubbed, k, k+1)
				k--
			}
		}
		for _, p := range batch {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			os.WriteFile(p, []byte(strings.Replace(string(data), stub, "return _state;", 1)), 0o644)
		}
		git(b, filepath.Dir(root), "commit", "-qam", fmt.Sprintf("batch %d", i))
		if newProcess {
			audit.ForgetCache()
			db.Close()
			db = openDB(b, path)
		}
		b.StartTimer()
		res, err := audit.Run(ctx, db, opt)
		if err != nil {
			b.Fatal(err)
		}
		if res.Scan.Full || res.Scan.Scanned > 3 || len(res.Promotions) != 3 {
			b.Fatalf("after porting 3 stubs: %+v, %d promotions; want 3 files rescanned and 3 items promoted", res.Scan, len(res.Promotions))
		}
	}
}
