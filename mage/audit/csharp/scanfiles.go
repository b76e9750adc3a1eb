package csharp

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sync/atomic"

	"github.com/sourcegraph/conc/pool"
)

// ScanFiles reads and scans the files at paths with up to workers files at
// a time (at least one), and returns their results in the order of paths.
// A file that cannot be read, or is over opt.MaxFileSize, comes back with an
// error and no members; the others are scanned all the same. When ctx ends,
// files not yet started come back with the context's error.
func ScanFiles(ctx context.Context, paths []string, opt Options, workers int) []*File {
	out := make([]*File, len(paths))
	ScanEach(ctx, paths, opt, workers, func(i int, f *File) {
		f.Members = slices.Clone(f.Members)
		out[i] = f
	})
	return out
}

// ScanEach is ScanFiles for a caller that keeps only part of each file:
// fn gets every file as soon as it is scanned, on the worker that scanned
// it, and the File's Members are valid only until fn returns (the worker
// reuses their memory). fn may run on several files at once.
func ScanEach(ctx context.Context, paths []string, opt Options, workers int, fn func(i int, f *File)) {
	opt = opt.withDefaults()
	var next atomic.Int64
	p := pool.New()
	for range min(max(workers, 1), len(paths)) {
		p.Go(func() {
			s := newScratch(opt)
			for i := int(next.Add(1)) - 1; i < len(paths); i = int(next.Add(1)) - 1 {
				fn(i, scanPath(ctx, paths[i], opt, s))
			}
		})
	}
	p.Wait()
}

// scanPath reads one file into the scratch's buffer, checking its size
// before reading it.
func scanPath(ctx context.Context, path string, opt Options, s *scratch) *File {
	f := &File{Path: path}
	if err := ctx.Err(); err != nil {
		f.fail(fmt.Sprintf("not scanned: %v", err))
		return f
	}
	fh, err := os.Open(path)
	if err != nil {
		f.fail(fmt.Sprintf("reading: %v", err))
		return f
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		f.fail(fmt.Sprintf("reading: %v", err))
		return f
	}
	if f.Size = st.Size(); f.Size > opt.MaxFileSize {
		f.fail(fmt.Sprintf("not scanned: %d bytes, over the limit of %d", f.Size, opt.MaxFileSize))
		return f
	}
	if int64(cap(s.buf)) < f.Size {
		s.buf = make([]byte, f.Size)
	}
	src := s.buf[:f.Size]
	if _, err := io.ReadFull(fh, src); err != nil {
		f.fail(fmt.Sprintf("reading: %v", err))
		return f
	}
	return scan(path, src, opt, s)
}
