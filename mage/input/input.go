// Package input reads the files portwave is given: batch files, the plan
// document, TSV files, the config, prompt templates and transcripts.
//
// Every one of them must be a regular file and is size-capped. A named
// pipe would block a plain open(2) forever (and leave porting.db's -wal
// and -shm behind when the run is killed), and /dev/zero or a runaway
// file would be read until memory runs out. So a file is opened with
// O_NONBLOCK, checked with fstat on the open descriptor (no race with a
// rename between a stat and an open), and read through a limit.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// The caps of each kind of file. Each is far above any real file of its
// kind (the NatsNet plan is 60 KB, its features.tsv 600 KB) and far below
// what would hurt a CI runner.
const (
	MaxBatchFile  = 1 << 20   // one batch file or plan.yaml
	MaxDocument   = 8 << 20   // the plan document plan:import reads
	MaxTSV        = 64 << 20  // features.tsv, tests.tsv
	MaxConfig     = 1 << 20   // portwave.yaml
	MaxProject    = 4 << 20   // a .csproj or a .props file it imports
	MaxTemplate   = 1 << 20   // the prompt template
	MaxTranscript = 256 << 20 // one recorded agent transcript
	MaxLedgerFile = 64 << 20  // one ledger-NN.json of the port workflow
	MaxReport     = 64 << 20  // a previous report (markdown or its JSON twin)
	MaxCache      = 256 << 20 // the audit's scan cache under .git/portwave
	MaxTRX        = 1 << 30   // a test run's TRX file (large suites write large files)
)

// ErrNotRegular is matched by the error for a path that is a pipe, a
// device, a socket or a folder.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is matched by the error for a file above its cap.
var ErrTooLarge = errors.New("file too large")

// Open opens path for reading after checking that it is a regular file of
// at most max bytes. The caller closes it; reads past max are cut off.
func Open(path string, max int64) (*os.File, error) {
	f, _, err := open(path, max)
	return f, err
}

// open is Open, also returning what it stat'ed.
func open(path string, max int64) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err == nil {
		err = Check(path, st, max)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	// Back to blocking reads: a regular file never blocks anyway, and the
	// descriptor may be handed to code that expects the usual mode.
	syscall.SetNonblock(int(f.Fd()), false)
	return f, st, nil
}

// Check is the test Open applies, for a file already stat'ed (an entry of
// an fs.FS, say).
func Check(path string, st fs.FileInfo, max int64) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s: %w (it is a %s); want a plain file", path, ErrNotRegular, kind(st.Mode()))
	}
	if st.Size() > max {
		return fmt.Errorf("%s: %w: %d bytes, the limit is %d", path, ErrTooLarge, st.Size(), max)
	}
	return nil
}

// ReadFile is os.ReadFile with Open's checks, and a limit on what is read
// in case the file grows while it is read.
func ReadFile(path string, max int64) ([]byte, error) {
	f, st, err := open(path, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(path, f, max, st.Size())
}

// ReadFS reads name from fsys with the same checks: the entry is stat'ed
// first, so a named pipe is refused before it is opened.
func ReadFS(fsys fs.FS, name, display string, max int64) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := Check(display, st, max); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(display, f, max, st.Size())
}

// readAll reads r, a file of about size bytes, into one buffer of that
// size (the audit cache is a megabyte, read after every merge), and fails
// past max.
func readAll(path string, r io.Reader, max, size int64) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(size, max)+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: %w: more than %d bytes", path, ErrTooLarge, max)
	}
	return data, nil
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m.IsDir():
		return "folder"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	}
	return "special file"
}
