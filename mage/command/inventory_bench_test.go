package command_test

import (
	"context"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"go/parser"
	"go/token"

	"github.com/sourcegraph/conc/pool"

	"portwave/internal/fixture"
	"portwave/internal/gotree"
	"portwave/mage/inventory"
)

// cpuTime is the CPU this process has used, user and system.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkInventoryAgainstGoParser runs `mage inventory` again over
// NatsNet's tracker (porting.db from the fixture, docs/natsnet.yaml's
// scope) on a generated tree of nats-server v2.12.4's shape and size
// (every file, 389,566 lines, bodies of code), and go/parser alone on the
// files that scope reads, in the same rounds: the median ratio of their
// CPU times is cpu-ratio.
//
//	go test ./mage/command -run '^$' -bench InventoryAgainstGoParser -benchtime 10x
func BenchmarkInventoryAgainstGoParser(b *testing.B) {
	features, tests := fixture.Items(b)
	root := gotree.Write(b, b.TempDir(), gotree.Load(b), gotree.Options{Items: append(features, tests...), Untracked: true, Code: true})
	e, _ := natsnet(b, env{"PORTWAVE_GO_ROOT": root})
	s, _, _ := session(b, e)
	scope := inventory.Scope{Include: s.Config.InventoryInclude, Exclude: s.Config.InventoryExclude}
	regular, testFiles, err := inventory.GoFiles(root)
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for _, rel := range append(regular, testFiles...) {
		if scope.Contains(rel) {
			names = append(names, filepath.Join(root, filepath.FromSlash(rel)))
		}
	}
	parseAll := func() {
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
	ctx := context.Background()
	var ratios []float64
	var inv, parse time.Duration
	for b.Loop() {
		t0 := cpuTime(b)
		parseAll()
		t1 := cpuTime(b)
		s, _, _ := session(b, e)
		if err := s.Inventory(ctx); err != nil {
			b.Fatal(err)
		}
		t2 := cpuTime(b)
		inv, parse = inv+t2-t1, parse+t1-t0
		ratios = append(ratios, float64(t2-t1)/float64(t1-t0))
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "cpu-ratio")
	b.ReportMetric(float64(inv.Milliseconds())/float64(len(ratios)), "inventory-cpu-ms")
	b.ReportMetric(float64(parse.Milliseconds())/float64(len(ratios)), "parser-cpu-ms")
	b.ReportMetric(float64(len(names)), "files")
}
