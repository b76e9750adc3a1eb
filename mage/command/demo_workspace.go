package command

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"portwave/mage/config"
	"portwave/mage/demo"
	"portwave/mage/lock"
)

// demoLockName is the lock a running demo holds in its folder, beside (not
// in) the workspace, so that no other demo cleans the folder up under it.
const demoLockName = ".demo.lock"

// demoFolder is where one demo run keeps its workspace and worktrees.
type demoFolder struct {
	root    string
	reused  bool // $PORTWAVE_DEMO_DIR: kept between runs
	release func()
}

// openDemoFolder returns $PORTWAVE_DEMO_DIR when set, kept between runs so
// that a second demo finds everything done. Otherwise it makes a fresh,
// unique folder under the user's cache folder (portwave/demos/), holds its
// lock while the demo runs, and removes the earlier demos' folders that no
// running demo holds.
func openDemoFolder(getenv config.Getenv, log io.Writer) (*demoFolder, error) {
	if root := getenv(DemoDirEnv); root != "" {
		return &demoFolder{root: root, reused: true, release: func() {}}, nil
	}
	parent := filepath.Join(userCacheDir(getenv), "portwave", "demos")
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("making the demo folder: %w", err)
	}
	root, err := os.MkdirTemp(parent, time.Now().UTC().Format("20060102-150405-"))
	if err != nil {
		return nil, fmt.Errorf("making the demo folder: %w", err)
	}
	l, err := lock.TryAcquire(filepath.Join(root, demoLockName), "demo")
	if err != nil {
		return nil, err
	}
	if n := cleanOldDemos(parent, root); n > 0 {
		fmt.Fprintf(log, "removed %d earlier demo folder(s) under %s\n", n, parent)
	}
	return &demoFolder{root: root, release: func() { l.Release() }}, nil
}

// cleanOldDemos removes the folders under parent, other than keep, whose
// demo is over: their lock is free. A folder without a lock is a demo that
// is just starting, unless it is more than an hour old.
func cleanOldDemos(parent, keep string) int {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return 0
	}
	removed := 0
	for _, e := range entries {
		dir := filepath.Join(parent, e.Name())
		if !e.IsDir() || dir == keep {
			continue
		}
		lockPath := filepath.Join(dir, demoLockName)
		if _, err := os.Stat(lockPath); errors.Is(err, os.ErrNotExist) {
			if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < time.Hour {
				continue
			}
		}
		l, err := lock.TryAcquire(lockPath, "demo cleanup")
		if err != nil {
			continue // a demo is running there
		}
		if os.RemoveAll(dir) == nil {
			removed++
		}
		l.Release()
	}
	return removed
}

// userCacheDir is os.UserCacheDir read through getenv, so that a demo run
// for another HOME (or XDG_CACHE_HOME) uses that user's cache folder.
func userCacheDir(getenv config.Getenv) string {
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" && runtime.GOOS != "ios" && runtime.GOOS != "plan9" {
		if d := getenv("XDG_CACHE_HOME"); filepath.IsAbs(d) {
			return d
		}
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, ".cache")
		}
	}
	if d, err := os.UserCacheDir(); err == nil {
		return d
	}
	return os.TempDir()
}

// buildDemoWorkspace sets the example up in a temporary folder beside ws and
// renames it into place, so that a setup that fails half-way never leaves a
// workspace that a later run would take for a finished one.
func buildDemoWorkspace(ctx context.Context, ws string, getenv config.Getenv) error {
	if err := os.MkdirAll(filepath.Dir(ws), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(ws), ".workspace-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if _, err := demo.BuildWorkspace(ctx, tmp, getenv); err != nil {
		return fmt.Errorf("setting up the demo workspace: %w", err)
	}
	return os.Rename(tmp, ws)
}
