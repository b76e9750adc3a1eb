package preflight

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/gate"
	"portwave/mage/gitx"
	"portwave/mage/pipeline"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// BuiltinCheck is the build setting naming portwave's own C# check, which
// needs no compiler on PATH.
const BuiltinCheck = gate.BuiltinCheck

// checkRoots: a missing C# root used to be accepted silently, and every
// batch then failed its gate.
func checkRoots(ctx context.Context, s *state) []Problem {
	var out []Problem
	for _, r := range []struct{ key, path string }{{"go_root", s.cfg.GoRoot}, {"csharp_root", s.cfg.CSharpRoot}, {"audit_root", s.cfg.AuditRoot}} {
		st, err := os.Stat(r.path)
		switch {
		case err != nil:
			out = append(out, Problem{What: fmt.Sprintf("%s %s does not exist", r.key, r.path), Fix: fmt.Sprintf("set %s: in portwave.yaml to the folder of that tree", r.key)})
		case !st.IsDir():
			out = append(out, Problem{What: fmt.Sprintf("%s %s is not a folder", r.key, r.path), Fix: fmt.Sprintf("set %s: in portwave.yaml to the folder of that tree", r.key)})
		}
		if r.key == "csharp_root" && r.path == s.cfg.AuditRoot {
			break // the audit root defaults to the C# root: said once
		}
	}
	return out
}

// checkTools: the agent CLI, git, and the build and test commands.
func checkTools(ctx context.Context, s *state) []Problem {
	var out []Problem
	if s.opt.Agent != nil {
		if err := agent.Preflight(ctx, s.opt.Agent); err != nil {
			out = append(out, Problem{What: agentHint(err), Fix: "install it and put it on PATH, or set agent: in portwave.yaml (claude, codex, command)", Err: err})
		}
	}
	if s.cfg.MergeDriver == config.MergeDriverMergiraf {
		if _, err := exec.LookPath("mergiraf"); err != nil {
			out = append(out, Problem{What: "merge_driver is mergiraf, but mergiraf is not found on PATH: C# files would merge by lines only",
				Fix: "install mergiraf and put it on PATH, or set merge_driver: portwave (portwave's own merge by members) in portwave.yaml"})
		}
	}
	for _, t := range []struct{ key, cmd string }{{"build", s.cfg.Build}, {"test", s.cfg.Test}} {
		if strings.TrimSpace(t.cmd) == "" || t.cmd == BuiltinCheck {
			continue
		}
		p, err := pipeline.Parse(t.cmd)
		if err != nil {
			out = append(out, Problem{What: fmt.Sprintf("the %s command does not parse", t.key), Fix: fmt.Sprintf("write %s: in portwave.yaml as programs joined by |", t.key), Err: err})
			continue
		}
		// Every program of a pipeline must be there, not only the first:
		// a missing one would fail the gate after the agent's whole attempt.
		for _, stage := range p.Stages {
			name := stage.Argv[0]
			if stage.Filter() {
				continue
			}
			if _, err := exec.LookPath(name); err != nil {
				fix := fmt.Sprintf("install %s, or set %s: in portwave.yaml", name, t.key)
				if t.key == "build" {
					fix += fmt.Sprintf(" (%s is portwave's own structural C# check, for machines without a compiler)", BuiltinCheck)
				} else {
					fix += " (an empty test: runs no tests)"
				}
				out = append(out, Problem{What: fmt.Sprintf("the %s command %q: %s is not found on PATH", t.key, t.cmd, name), Fix: fix})
			}
		}
	}
	return out
}

// checkLocks: a git lock file left by a killed git makes every later git
// command fail. A lock is stale only when no git process is alive; while
// one runs, it may be its own.
func checkLocks(ctx context.Context, s *state) []Problem {
	if !s.inRepo || gitRunning(s.repo.Dir, s.gitDir, s.cfg.Worktrees) {
		return nil
	}
	var locks []string
	for _, p := range []string{"index.lock", "HEAD.lock", "config.lock", "packed-refs.lock", "shallow.lock"} {
		if _, err := os.Lstat(filepath.Join(s.gitDir, p)); err == nil {
			locks = append(locks, filepath.Join(s.gitDir, p))
		}
	}
	for _, dir := range []string{"refs", "worktrees"} {
		filepath.WalkDir(filepath.Join(s.gitDir, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".lock") {
				locks = append(locks, p)
			}
			return nil
		})
	}
	if len(locks) == 0 {
		return nil
	}
	return []Problem{{What: fmt.Sprintf("stale git lock(s) and no git process running: %s", list(locks)),
		Fix: "a git command was killed while it held them; remove them: rm " + strings.Join(locks, " ")}}
}

// gitRunning tells whether a git process works on this repository (see
// gitx.Processes, which the merge and the audit use to judge the same
// locks).
func gitRunning(dirs ...string) bool { return len(gitx.Processes(dirs...)) > 0 }

// checkFreeSpace: a full disk in the middle of a merge or a ledger write
// costs more than the check.
func checkFreeSpace(ctx context.Context, s *state) []Problem {
	if s.cfg.MinFreeMB <= 0 {
		return nil
	}
	var out []Problem
	seen := map[syscall.Fsid]bool{}
	for _, p := range []string{s.cfg.Workspace, s.cfg.Worktrees} {
		dir := existing(p)
		var st syscall.Statfs_t
		if err := syscall.Statfs(dir, &st); err != nil {
			continue
		}
		if seen[st.Fsid] {
			continue
		}
		seen[st.Fsid] = true
		free := int64(st.Bavail) * int64(st.Bsize) >> 20
		if free < int64(s.cfg.MinFreeMB) {
			out = append(out, Problem{What: fmt.Sprintf("only %d MB free on the filesystem of %s, less than min_free_mb (%d)", free, p, s.cfg.MinFreeMB),
				Fix: "free some space there, or lower min_free_mb (PORTWAVE_MIN_FREE_MB)"})
		}
	}
	return out
}

// existing is p or its nearest existing parent: the worktrees folder is
// created by the first batch.
func existing(p string) string {
	for {
		if _, err := os.Stat(p); err == nil || filepath.Dir(p) == p {
			return p
		}
		p = filepath.Dir(p)
	}
}

// checkPortwaveDir: portwave keeps its locks and caches in .git/portwave.
// A file there used to be reported as "another orchestrator runs".
func checkPortwaveDir(ctx context.Context, s *state) []Problem {
	if !s.inRepo {
		return nil
	}
	dir := filepath.Join(s.gitDir, "portwave")
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir = s.gitDir // created by the run: its parent must be writable
	case err != nil:
		return []Problem{{What: fmt.Sprintf("%s: %v", dir, err), Fix: "make it a folder portwave can write"}}
	case !st.IsDir():
		return []Problem{{What: fmt.Sprintf("%s is a file, but portwave keeps its locks and caches in that folder", dir),
			Fix: fmt.Sprintf("move it away: mv %s %s.bak", dir, dir)}}
	}
	if err := syscall.Access(dir, 0x2 /* W_OK */); err != nil {
		return []Problem{{What: fmt.Sprintf("%s is not writable: %v", dir, err), Fix: fmt.Sprintf("chmod u+w %s", dir)}}
	}
	return nil
}

// ledgerBranches is the set of batch branches the ledger owns: those of a
// batch whose latest run is not finished (done or skipped).
func ledgerBranches(ctx context.Context, path string) (map[string]bool, error) {
	db, err := portdb.OpenReadOnly(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	latest, err := db.LatestBatchRuns(ctx)
	if err != nil {
		return nil, err
	}
	owned := map[string]bool{}
	for _, br := range latest {
		if br.Branch != "" && br.State != port.StateDone {
			owned[br.Branch] = true
		}
	}
	return owned, nil
}

// agentHint adds, to an agent CLI that is not installed, the one line that
// says how to run without it.
func agentHint(err error) string {
	if !errors.Is(err, agent.ErrNotInstalled) {
		return err.Error()
	}
	return err.Error() + "; to run without it: PORTWAVE_AGENT=replay (the bundled example's recorded transcripts) or PORTWAVE_AGENT=command with PORTWAVE_AGENT_COMMAND (any command that edits the worktree)"
}
