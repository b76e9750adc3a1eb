package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Module is portwave's own Go module path: a folder of that module is
// portwave's clone, where the targets work on the bundled example when
// there is no portwave.yaml.
const Module = "portwave"

// NotFound is Find's error when no config file was named or found. It
// matches ErrNoConfig and says where Find looked.
type NotFound struct {
	Dir      string   // the folder the search started from
	Searched []string // every folder looked in, Dir first
	Repo     string   // the top of the git repository around Dir; "" outside one
	Clone    string   // portwave's clone around Dir, if it is in one
}

func (e *NotFound) Is(target error) bool { return target == ErrNoConfig }

func (e *NotFound) Error() string {
	where := "in " + e.Dir
	if len(e.Searched) > 1 {
		where = fmt.Sprintf("in %s or the folders above it up to %s, the top of its git repository", e.Dir, e.Repo)
	} else if e.Repo == "" {
		where += " (not in a git repository)"
	}
	setup := e.Repo
	if setup == "" {
		setup = e.Dir
	}
	return fmt.Sprintf("no %s %s: this is not a portwave workspace. To set one up, run `go run mage.go -w %s init` in portwave's clone (docs/getting-started.md); to use another, %s=FILE; to try the bundled example, %s=1",
		FileName, where, setup, ConfigEnv, ExampleEnv)
}

// Find names the config file to use: $PORTWAVE_CONFIG, else the first
// portwave.yaml in the current folder or a folder above it, up to the top
// of the enclosing git repository (only the current folder outside one),
// the way git finds its repository from a subfolder. When there is none it
// returns a *NotFound, which matches ErrNoConfig.
func Find(getenv Getenv) (string, error) {
	if p := getenv(ConfigEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", ConfigEnv, p, err)
		}
		return p, nil
	}
	cwd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", FileName, err)
	}
	nf := &NotFound{Dir: cwd, Repo: RepoTop(cwd), Clone: Clone(cwd)}
	nf.Searched = []string{cwd}
	if nf.Repo != "" {
		for dir := cwd; dir != nf.Repo; {
			dir = filepath.Dir(dir)
			nf.Searched = append(nf.Searched, dir)
		}
	}
	for _, dir := range nf.Searched {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", nf
}

// RepoTop is the top of the git repository dir is in (the folder holding
// its .git, a folder or a worktree's file), or "" outside one.
func RepoTop(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// Clone is the root of portwave's own clone when dir is inside it (the
// nearest go.mod above dir declares module portwave), or "".
func Clone(dir string) string {
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			if ModulePath(data) == Module {
				return dir
			}
			return ""
		}
		if !errors.Is(err, os.ErrNotExist) {
			return ""
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// ModulePath is the module path a go.mod declares, or "".
func ModulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}
