package csharp

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/sourcegraph/conc/pool"
)

// buffers recycles file buffers between files: a File keeps no reference to
// its source, and fresh buffers cost a tree's size in allocation and
// page faults on every audit.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// ScanFiles reads and scans the files at paths with up to workers files at
// a time (at least one), and returns their results in the order of paths.
// A file that cannot be read, or is over opt.MaxFileSize, comes back with an
// error and no members; the others are scanned all the same. When ctx ends,
// files not yet started come back with the context's error.
func ScanFiles(ctx context.Context, paths []string, opt Options, workers int) []*File {
	opt = opt.withDefaults()
	out := make([]*File, len(paths))
	p := pool.New().WithMaxGoroutines(max(workers, 1))
	for i, path := range paths {
		p.Go(func() { out[i] = scanPath(ctx, path, opt) })
	}
	p.Wait()
	return out
}

// scanPath reads one file, checking its size before reading it.
func scanPath(ctx context.Context, path string, opt Options) *File {
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
	buf := buffers.Get().(*[]byte)
	defer buffers.Put(buf)
	if int64(cap(*buf)) < f.Size {
		*buf = make([]byte, f.Size)
	}
	src := (*buf)[:f.Size]
	if _, err := io.ReadFull(fh, src); err != nil {
		f.fail(fmt.Sprintf("reading: %v", err))
		return f
	}
	return Scan(path, src, opt)
}
