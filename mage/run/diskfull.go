package run

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// DiskFullError is an error whose cause is a full disk: the message says
// so first, whichever program hit it (a write of portwave's, git's "No
// space left on device", SQLite's "database or disk is full").
type DiskFullError struct{ Err error }

func (e *DiskFullError) Error() string {
	return "the disk is full (no space left on device): " + e.Err.Error() +
		"; free space on it, then run again: the run picks up where it stopped and commits the ledger"
}

func (e *DiskFullError) Unwrap() error { return e.Err }

// DiskFull names a full disk as the cause of err when it is one, and
// returns err unchanged otherwise.
func DiskFull(err error) error {
	var df *DiskFullError
	if err == nil || errors.As(err, &df) || !isDiskFull(err) {
		return err
	}
	return &DiskFullError{Err: err}
}

func isDiskFull(err error) bool {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "no space left on device") || strings.Contains(msg, "database or disk is full") ||
		strings.Contains(msg, "disk quota exceeded")
}

// The stop cause is how a run that cannot write any more (its disk is
// full, so porting.db cannot take the end of its rows) tells the next
// run why it stopped: .git/portwave/stop-cause.json, made at the run's
// start at its full size, so that writing the cause into it later needs
// no new space on the disk.
const (
	stopCauseFile = "stop-cause.json"
	stopCauseSize = 2048
)

type stopCause struct {
	Run   int64  `json:"run"`
	Error string `json:"error"`
}

// prepareStopCause makes the stop-cause file at its full size, blank.
func prepareStopCause(gitDir string) {
	path := filepath.Join(gitDir, "portwave", stopCauseFile)
	if st, err := os.Stat(path); err == nil && st.Size() == stopCauseSize {
		return
	}
	os.WriteFile(path, bytes.Repeat([]byte(" "), stopCauseSize), 0o644)
}

// recordStopCause writes why run stopped into the prepared file, in place.
func recordStopCause(gitDir string, run int64, err error) {
	data, _ := json.Marshal(stopCause{Run: run, Error: err.Error()})
	if len(data) > stopCauseSize {
		data, _ = json.Marshal(stopCause{Run: run, Error: err.Error()[:stopCauseSize/2] + "…"})
	}
	f, ferr := os.OpenFile(filepath.Join(gitDir, "portwave", stopCauseFile), os.O_WRONLY, 0)
	if ferr != nil {
		return
	}
	defer f.Close()
	f.WriteAt(append(data, bytes.Repeat([]byte(" "), stopCauseSize-len(data))...), 0)
}

func readStopCause(gitDir string) stopCause {
	var c stopCause
	data, err := os.ReadFile(filepath.Join(gitDir, "portwave", stopCauseFile))
	if err == nil {
		json.Unmarshal(bytes.TrimSpace(data), &c)
	}
	return c
}

func clearStopCause(gitDir string) {
	recordBlank(filepath.Join(gitDir, "portwave", stopCauseFile))
}

func recordBlank(path string) {
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
		f.WriteAt(bytes.Repeat([]byte(" "), stopCauseSize), 0)
		f.Close()
	}
}
