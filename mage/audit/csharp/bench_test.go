package csharp_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/sourcegraph/conc/pool"

	"portwave/mage/audit/csharp"
)

// benchShape gives a tree of about 1.1 million lines and 30,000 members.
var benchShape = treeShape{Classes: 40, FilesPerClass: 8, MethodsPerFile: 100}

func benchTree(b *testing.B) tree {
	tr := writeTree(b, b.TempDir(), benchShape)
	if tr.Lines < 1_000_000 || tr.Members < 10_000 {
		b.Fatalf("tree too small: %d lines, %d members", tr.Lines, tr.Members)
	}
	return tr
}

// BenchmarkReadTree only reads every file of the tree with as many workers
// as ScanFiles: the floor the scan is measured against. "reused" reads into
// recycled buffers as ScanFiles does; "ReadFile" allocates each file anew.
func BenchmarkReadTree(b *testing.B) {
	tr := benchTree(b)
	workers := runtime.GOMAXPROCS(0)
	bufs := sync.Pool{New: func() any { return new([]byte) }}
	reads := map[string]func(string) error{
		"ReadFile": func(path string) error {
			_, err := os.ReadFile(path)
			return err
		},
		"reused": func(path string) error {
			buf := bufs.Get().(*[]byte)
			defer bufs.Put(buf)
			fh, err := os.Open(path)
			if err != nil {
				return err
			}
			defer fh.Close()
			st, err := fh.Stat()
			if err != nil {
				return err
			}
			if int64(cap(*buf)) < st.Size() {
				*buf = make([]byte, st.Size())
			}
			_, err = io.ReadFull(fh, (*buf)[:st.Size()])
			return err
		},
	}
	for _, name := range []string{"reused", "ReadFile"} {
		read := reads[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(tr.Bytes)
			b.ReportAllocs()
			for b.Loop() {
				p := pool.New().WithMaxGoroutines(workers)
				for _, path := range tr.Paths {
					p.Go(func() {
						if err := read(path); err != nil {
							b.Error(err)
						}
					})
				}
				p.Wait()
			}
		})
	}
}

// BenchmarkScanFiles reads and scans every file of the tree.
func BenchmarkScanFiles(b *testing.B) {
	tr := benchTree(b)
	workers := runtime.GOMAXPROCS(0)
	b.SetBytes(tr.Bytes)
	b.ReportAllocs()
	for b.Loop() {
		files := csharp.ScanFiles(context.Background(), tr.Paths, csharp.Options{}, workers)
		members := 0
		for _, f := range files {
			if !f.OK() {
				b.Fatal(f.Err())
			}
			members += len(f.Members)
		}
		if members != tr.Members {
			b.Fatalf("found %d members, wrote %d", members, tr.Members)
		}
	}
	b.ReportMetric(float64(tr.Lines), "lines")
	b.ReportMetric(float64(tr.Members), "members")
}

// BenchmarkScan scans the tree's files from memory on one goroutine: the
// scanner's own speed, without I/O or parallelism.
func BenchmarkScan(b *testing.B) {
	tr := benchTree(b)
	srcs := make([][]byte, len(tr.Paths))
	for i, path := range tr.Paths {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		srcs[i] = src
	}
	b.SetBytes(tr.Bytes)
	b.ReportAllocs()
	for b.Loop() {
		for i, src := range srcs {
			csharp.Scan(tr.Paths[i], src, csharp.Options{})
		}
	}
}
