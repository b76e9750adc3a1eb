package gitx

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockFiles lists the lock files git leaves in the shared .git folder
// gitDir when it dies mid-write to the main checkout on branch: its
// index.lock and HEAD.lock, packed-refs.lock and refs/heads/<branch>.lock.
// Other branches' locks belong to the worktrees, where other batches'
// git commands come and go.
func LockFiles(gitDir, branch string) []string {
	var out []string
	for _, name := range []string{"index.lock", "HEAD.lock", "packed-refs.lock", filepath.Join("refs", "heads", filepath.FromSlash(branch)+".lock")} {
		if _, err := os.Lstat(filepath.Join(gitDir, name)); err == nil {
			out = append(out, filepath.Join(gitDir, name))
		}
	}
	return out
}

// Processes lists the live git processes that may work on the repository
// whose folders are dirs, by pid (Linux: read from /proc; elsewhere
// nothing is known and the list is empty). A git process counts when its
// working directory is inside one of dirs (git -C moves there too) or its
// command line names one of them. Git processes of other repositories,
// and of other users whose working directory cannot be read and whose
// command line names none of dirs, do not count. A lock file is stale only when no such process may still be
// writing it.
func Processes(dirs ...string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		if err != nil || strings.TrimSpace(string(comm)) != "git" {
			continue
		}
		cwd, err := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if (err == nil && inAny(cwd, dirs)) || names(string(cmdline), dirs) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// ProcessesKnown reports whether Processes can see other processes at
// all; without /proc a lock is never judged stale.
func ProcessesKnown() bool {
	_, err := os.Stat("/proc/self/comm")
	return err == nil
}

func inAny(p string, dirs []string) bool {
	for _, d := range dirs {
		if real, err := filepath.EvalSymlinks(d); err == nil {
			d = real
		}
		d = filepath.Clean(d)
		if p == d || strings.HasPrefix(p, d+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func names(cmdline string, dirs []string) bool {
	for _, d := range dirs {
		if d != "" && strings.Contains(cmdline, d) {
			return true
		}
	}
	return false
}
