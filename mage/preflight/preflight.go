// Package preflight checks a workspace before any agent starts, so that a
// bad setup fails at once, having spent nothing, instead of at the merge
// after every agent of the wave was paid for.
//
// Every check runs, whatever the others found: the report lists every
// problem at once, each with the command or setting that fixes it. No
// check writes anything; porting.db is opened read-only.
package preflight

import (
	"context"
	"fmt"
	"strings"

	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/gitx"
)

// Problem is one thing that would make a run fail or spend in vain.
type Problem struct {
	Check string // which check found it, e.g. "git identity"
	What  string // what is wrong
	Fix   string // what to do about it
	Err   error  // the underlying error, if any, for errors.As
}

// Options is what the checks look at.
type Options struct {
	Config *config.Config
	// Agent is the adapter the run would start; nil skips the agent check
	// (a merge job starts no agent).
	Agent agent.Agent
}

// Error is the report of a failed preflight. It lists every problem.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "preflight found %d problem(s); no agent was started and nothing was spent:", len(e.Problems))
	for i, p := range e.Problems {
		fmt.Fprintf(&b, "\n  %d. %s: %s\n     fix: %s", i+1, p.Check, p.What, p.Fix)
	}
	return b.String()
}

// Unwrap gives errors.As the problems' own errors (an *agent.Error that
// says the agent CLI is not installed, say).
func (e *Error) Unwrap() []error {
	var errs []error
	for _, p := range e.Problems {
		if p.Err != nil {
			errs = append(errs, p.Err)
		}
	}
	return errs
}

// state is what the checks share: the repository, once found.
type state struct {
	opt    Options
	cfg    *config.Config
	repo   gitx.Repo
	gitDir string
	inRepo bool // the workspace is a git repository
}

// check is one named check; it appends what it finds.
type check struct {
	name string
	run  func(ctx context.Context, s *state) []Problem
}

// checks run in this order; the order only decides the listing.
var checks = []check{
	{"git identity", checkIdentity},
	{"main branch", checkMainBranch},
	{"main checkout", checkClean},
	{"committed inputs", checkCommitted},
	{"porting.db", checkDBInside},
	{"worktrees", checkWorktrees},
	{"source trees", checkRoots},
	{"tools", checkTools},
	{"sandbox", checkSandbox},
	{"git locks", checkLocks},
	{"batch branches", checkBranches},
	{"free space", checkFreeSpace},
	{".git/portwave", checkPortwaveDir},
}

// Run runs every check and returns nil, or an *Error listing every problem.
func Run(ctx context.Context, opt Options) error {
	s := &state{opt: opt, cfg: opt.Config}
	var problems []Problem
	repo, err := gitx.Open(ctx, s.cfg.Workspace)
	if err != nil {
		problems = append(problems, Problem{Check: "workspace", What: err.Error(), Err: err,
			Fix: fmt.Sprintf("run `git init` in %s and commit the workspace, or set workspace: in portwave.yaml", s.cfg.Workspace)})
	} else if s.gitDir, err = repo.CommonDir(ctx); err == nil {
		s.repo, s.inRepo = repo, true
	}
	for _, c := range checks {
		for _, p := range c.run(ctx, s) {
			if p.Check == "" {
				p.Check = c.name
			}
			problems = append(problems, p)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return &Error{Problems: problems}
}

// rel is p relative to the top of the repository, slash-separated, and
// whether p is inside it.
func (s *state) rel(p string) (string, bool) {
	return relInside(s.repo.Dir, p)
}
