package gitx

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Where answers the working tree's top folder, the shared .git folder and
// the HEAD commit (empty before the first commit) of the repository holding
// dir.
//
// The audit asks after every merge, and each git process is milliseconds
// on its critical path: the folders, which do not move, are asked of git
// once per dir and process, and HEAD is read from the ref files when they
// are the plain kind (a branch, loose or packed, or a detached HEAD). Any
// other layout (a reftable, a symbolic ref to another symbolic ref, an
// unborn branch) is asked of git.
func Where(ctx context.Context, dir string) (Repo, string, string, error) {
	l, err := layoutOf(ctx, dir)
	if err != nil {
		return Repo{}, "", "", err
	}
	repo := Repo{Dir: l.top}
	if head, ok := readHead(l.gitDir, l.common); ok {
		return repo, l.common, head, nil
	}
	head, err := Repo{Dir: dir}.Run(ctx, "rev-parse", "--verify", "-q", "HEAD")
	if err != nil {
		return repo, l.common, "", nil // no commit yet
	}
	return repo, l.common, head, nil
}

// layout is where a working tree's repository lives.
type layout struct {
	top    string // the working tree's top folder
	gitDir string // its own .git folder (a linked worktree's is under common)
	common string // the .git folder its worktrees share
}

var layouts sync.Map // dir -> layout

func layoutOf(ctx context.Context, dir string) (layout, error) {
	if l, ok := layouts.Load(dir); ok {
		return l.(layout), nil
	}
	out, err := Repo{Dir: dir}.Run(ctx, "rev-parse", "--show-toplevel", "--git-dir", "--git-common-dir")
	lines := strings.Split(out, "\n")
	if err != nil || len(lines) < 3 {
		if err == nil {
			err = fmt.Errorf("unexpected output %q", out)
		}
		return layout{}, fmt.Errorf("%s is not in a git repository: %w", dir, err)
	}
	abs := func(p string) string {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		return filepath.Clean(p)
	}
	l := layout{top: lines[0], gitDir: abs(lines[1]), common: abs(lines[2])}
	layouts.Store(dir, l)
	return l, nil
}

// readHead resolves HEAD from the files git keeps it in: HEAD itself (a
// commit, or "ref: refs/heads/<branch>"), then the branch's loose ref, then
// packed-refs, as git looks them up. ok is false for anything else.
func readHead(gitDir, common string) (string, bool) {
	data, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err != nil {
		return "", false
	}
	head := strings.TrimSpace(string(data))
	ref, symbolic := strings.CutPrefix(head, "ref: ")
	if !symbolic {
		return head, isObjectName(head)
	}
	if !strings.HasPrefix(ref, "refs/heads/") || strings.Contains(ref, "..") {
		return "", false
	}
	if data, err := os.ReadFile(filepath.Join(common, filepath.FromSlash(ref))); err == nil {
		name := strings.TrimSpace(string(data))
		return name, isObjectName(name)
	}
	packed, err := os.ReadFile(filepath.Join(common, "packed-refs"))
	if err != nil {
		return "", false
	}
	sc := bufio.NewScanner(bytes.NewReader(packed))
	for sc.Scan() {
		name, r, ok := strings.Cut(sc.Text(), " ")
		if ok && r == ref {
			return name, isObjectName(name)
		}
	}
	return "", false
}

// isObjectName reports whether s is a full SHA-1 or SHA-256 object name.
func isObjectName(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
