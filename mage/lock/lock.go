// Package lock is the workspace's inter-process locks: one orchestrator at
// a time, and one merge at a time (the merge queue), also across the
// processes of a CI merge job and a local run.
//
// Locks are flock(2) locks on files under the repository's .git folder, so
// the kernel releases them when the holder dies, even by kill -9: a crashed
// run never leaves a stale lock behind. The holder writes its PID, host,
// start time and command into the file so that a refused caller can say who
// holds it.
package lock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// ErrHeld is matched by the error returned when another process holds the lock.
var ErrHeld = errors.New("lock held by another process")

// Lock is a held lock. Release it when done.
type Lock struct {
	f    *os.File
	path string
}

// TryAcquire takes the lock at path or fails at once, naming the holder.
func TryAcquire(path, command string) (*Lock, error) {
	l, err := open(path)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		l.f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s is held by %s", ErrHeld, path, describe(string(holder)))
		}
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return l, l.record(command)
}

// Acquire waits until the lock at path is free (or ctx ends) and takes it.
func Acquire(ctx context.Context, path, command string) (*Lock, error) {
	for {
		l, err := TryAcquire(path, command)
		if !errors.Is(err, ErrHeld) {
			return l, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %s: %w", path, context.Cause(ctx))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Release frees the lock.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the descriptor drops the flock
	l.f = nil
	return err
}

func open(path string) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening lock %s: %w", path, err)
	}
	return &Lock{f: f, path: path}, nil
}

func (l *Lock) record(command string) error {
	host, _ := os.Hostname()
	info := fmt.Sprintf("pid %d on %s since %s: %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339), command)
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt([]byte(info), 0)
	return err
}

func describe(holder string) string {
	holder = strings.TrimSpace(holder)
	if holder == "" {
		return "another process (it has not written its PID yet)"
	}
	return holder
}
