package csmerge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"portwave/mage/audit/csharp"
	"portwave/mage/config"
	"portwave/mage/proc"
)

// DriverEnv set to "1" makes any binary that links this package the merge
// driver, before its main runs (see init): git runs the command that
// Command wrote, which names the executable that registered it. For
// portwave that is the compiled magefile (`go run mage.go` and a mage
// binary both run one), a job of the GitHub Actions workflow, or a test
// binary; Mage generates the magefile's main, so init is the only place
// that runs first in all of them.
const DriverEnv = config.MergeDriverRunEnv

// ReportEnv names a file the driver appends one JSON line to for every
// file it merges (a Report). portwave sets it on its own merges to record
// what the driver did; git passes it through to the driver.
const ReportEnv = config.MergeReportEnv

// The driver's exit codes, which the command git runs (Command) turns
// into git's 0 (merged) and 1 (conflict, markers written). They are codes
// nothing else exits with: a crash, a missing or foreign executable all
// exit otherwise, and the command then falls back to git merge-file.
const (
	ExitMerged   = 90
	ExitConflict = 91
)

func init() {
	if os.Getenv(DriverEnv) == "1" {
		os.Exit(Serve(context.Background(), os.Args[1:], os.Stderr))
	}
}

// Serve is the driver: args are git's %O %A %B %L %P (the base, ours, which
// receives the result, theirs, the conflict marker size and the path) and
// the preprocessor symbols, comma-separated. git's own line merge goes
// first; a C# file it leaves in conflict is merged by members when Merge
// can, and otherwise gets git's conflict as it is. The result replaces
// %A in one rename. It returns the exit code.
func Serve(ctx context.Context, args []string, stderr io.Writer) int {
	if len(args) != 6 {
		fmt.Fprintf(stderr, "portwave merge driver: want 6 arguments (%%O %%A %%B %%L %%P symbols), got %d\n", len(args))
		return 2
	}
	baseFile, oursFile, theirsFile, size, path := args[0], args[1], args[2], args[3], args[4]
	if _, err := strconv.Atoi(size); err != nil {
		fmt.Fprintf(stderr, "portwave merge driver: the marker size %q is not a number\n", size)
		return 2
	}
	var src [3][]byte
	for i, f := range []string{baseFile, oursFile, theirsFile} {
		var err error
		if src[i], err = os.ReadFile(f); err != nil {
			fmt.Fprintf(stderr, "portwave merge driver: %v\n", err)
			return 2
		}
	}
	lines, clean, err := lineMerge(ctx, oursFile, baseFile, theirsFile, size)
	if err != nil {
		fmt.Fprintf(stderr, "portwave merge driver: %s: %v\n", path, err)
		return 2 // the command runs git merge-file, which says the same
	}
	rep := Report{Path: path, Merge: MergedByLines}
	out, code := lines, ExitMerged
	if !clean {
		rep.Merge, code = Conflict, ExitConflict
		if IsCSharp(path) {
			res, err := mergeSafely(ctx, path, src, strings.Split(args[5], ","))
			if err == nil {
				out, code = res.Text, ExitMerged
				rep.Merge, rep.Ours, rep.Theirs, rep.Removed = MergedByMembers, res.Ours, res.Theirs, res.Removed
			} else {
				rep.Reason = strings.TrimPrefix(err.Error(), "no structural merge: ")
			}
		}
	}
	if err := replace(oursFile, out); err != nil {
		fmt.Fprintf(stderr, "portwave merge driver: writing the result of %s: %v\n", path, err)
		return 2
	}
	if rep.Merge != MergedByLines {
		fmt.Fprintf(stderr, "portwave merge driver: %s\n", rep)
	}
	if err := rep.append(os.Getenv(ReportEnv)); err != nil {
		fmt.Fprintf(stderr, "portwave merge driver: %v\n", err)
	}
	return code
}

// mergeSafely is Merge, with a panic turned into a refusal: a bug in the
// merge must leave git's conflict, not a crash git would take for one
// without markers.
func mergeSafely(ctx context.Context, path string, src [3][]byte, symbols []string) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = refuse("the structural merge failed: %v", r)
		}
	}()
	return Merge(ctx, path, src[0], src[1], src[2], csharp.Options{Symbols: symbols})
}

// lineMerge is git's own merge of the file, by lines, with git's labels:
// HEAD for ours and the branch being merged for theirs, as git merge
// names them. clean is false when it left conflict markers.
func lineMerge(ctx context.Context, ours, base, theirs, size string) (text []byte, clean bool, err error) {
	var out, stderr bytes.Buffer
	_, err = proc.Run(ctx, proc.Spec{Name: "git", Args: []string{"merge-file", "-p", "--marker-size=" + size,
		"-L", "HEAD", "-L", "base", "-L", theirsLabel(), ours, base, theirs}, Stdout: &out, Stderr: &stderr})
	var exit *proc.ExitError
	switch {
	case err == nil:
		return out.Bytes(), true, nil
	case errors.As(err, &exit) && exit.Code > 0 && exit.Code < 128:
		return out.Bytes(), false, nil
	}
	return nil, false, fmt.Errorf("git merge-file: %w", err)
}

// theirsLabel is the name git merge gives the other side: git sets
// GITHEAD_<commit> to it for the merge's children.
func theirsLabel() string {
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "GITHEAD_") && v != "" {
			return v
		}
	}
	return "theirs"
}

// replace writes data over path in one rename, so that the file is either
// as git wrote it or the whole result, never half of it: a driver killed
// midway leaves git merge-file an intact file to fall back on. The
// temporary file goes in the git directory when git gives one (not the
// worktree, where a leftover would be an untracked file), else beside path.
func replace(path string, data []byte) error {
	dir := filepath.Dir(path)
	if gd := os.Getenv("GIT_DIR"); gd != "" {
		dir = gd
	}
	err := writeRename(dir, path, data)
	if err != nil && dir != filepath.Dir(path) {
		err = writeRename(filepath.Dir(path), path, data) // another file system
	}
	return err
}

func writeRename(dir, path string, data []byte) error {
	f, err := os.CreateTemp(dir, "portwave-merge-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if st, err := os.Stat(path); err == nil {
		os.Chmod(f.Name(), st.Mode().Perm())
	}
	return os.Rename(f.Name(), path)
}

// IsCSharp reports whether the file at path is one the driver merges by
// members: a C# source file (.cs, in any case).
func IsCSharp(path string) bool { return strings.EqualFold(filepath.Ext(path), ".cs") }
