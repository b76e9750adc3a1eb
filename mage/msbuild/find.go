package msbuild

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Skipped reports whether a folder is one the compiler's default globs
// leave out and a tree walk should not enter: build output (bin, obj) and
// hidden folders.
func Skipped(name string) bool {
	return name == "bin" || name == "obj" || strings.HasPrefix(name, ".")
}

// IsProject reports whether a file name is a C# project file.
func IsProject(name string) bool { return strings.HasSuffix(name, ".csproj") }

// Find lists the project files that compile the C# under root: every
// .csproj below it, and those of the nearest folder above it that has one
// (a tree that is part of one project).
func Find(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && p != root && Skipped(d.Name()):
			return filepath.SkipDir
		case !d.IsDir() && IsProject(d.Name()):
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("looking for project files under %s: %w", root, err)
	}
	return append(out, Enclosing(root)...), nil
}

// Enclosing lists the project files of the nearest folder above dir that
// holds any.
func Enclosing(dir string) []string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
		return nil // dir is the top of its repository or worktree
	}
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		entries, _ := os.ReadDir(d)
		var out []string
		for _, e := range entries {
			if !e.IsDir() && IsProject(e.Name()) {
				out = append(out, filepath.Join(d, e.Name()))
			}
		}
		if len(out) > 0 {
			sort.Strings(out)
			return out
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil || filepath.Dir(d) == d {
			return nil // the top of the repository
		}
	}
}

// FallbackFramework is the framework whose symbols a tree without any
// project file is scanned with: the current long-term .NET.
const FallbackFramework = "net10.0"

// Fallback is the build of a tree without project files: FallbackFramework
// under the configuration, as a project naming only it would have.
func Fallback(configuration string) Build {
	if configuration == "" {
		configuration = DefaultConfiguration
	}
	f, _ := ParseFramework(FallbackFramework)
	symbols := []string{"TRACE", strings.ToUpper(configuration)}
	return Build{Framework: FallbackFramework, Symbols: append(symbols, f.Symbols()...)}
}
