package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"portwave/mage/sandbox"
)

func setSandboxGateNetwork(c *Config, v string) error {
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		return fmt.Errorf("want true or false, got %q", v)
	}
	c.SandboxGateNetwork = b
	return nil
}

// The scope policies: which files an attempt may change and still pass
// the gate. Under targets and csharp a change outside the C# tree fails;
// any is the explicit opt-out. porting.db is always dropped: portwave owns it.
const (
	ScopeTargets = "targets" // only the batch's target files
	ScopeCSharp  = "csharp"  // anything under csharp_root
	ScopeAny     = "any"     // anything in the worktree (porting.db is still dropped)
)

// What a merge conflict does (the conflict setting).
const (
	ConflictStop  = "stop"  // the batch ends conflict and waits for a hand resolution and `mage retry`
	ConflictAgent = "agent" // the agent resolves it as another attempt, and the gate judges the result
)

// How merging main into a batch's branch merges a file both changed (the
// merge_driver setting).
const (
	MergeDriverPortwave = "portwave" // git's line merge, then portwave's merge by members for C# files it left in conflict
	MergeDriverMergiraf = "mergiraf" // the mergiraf driver for C# files, when it is on PATH
	MergeDriverGit      = "git"      // git's line merge alone
)

func setMergeDriver(c *Config, v string) error {
	switch v = strings.TrimSpace(v); v {
	case MergeDriverPortwave, MergeDriverMergiraf, MergeDriverGit:
		c.MergeDriver = v
		return nil
	}
	return fmt.Errorf("want %s, %s or %s, got %q", MergeDriverPortwave, MergeDriverMergiraf, MergeDriverGit, v)
}

func setConflict(c *Config, v string) error {
	switch v = strings.TrimSpace(v); v {
	case ConflictStop, ConflictAgent:
		c.Conflict = v
		return nil
	}
	return fmt.Errorf("want %s or %s, got %q", ConflictStop, ConflictAgent, v)
}

func setSandbox(c *Config, v string) error {
	v = strings.TrimSpace(v)
	if !slices.Contains(sandbox.Kinds(), v) {
		return fmt.Errorf("want one of %s, got %q", strings.Join(sandbox.Kinds(), ", "), v)
	}
	c.Sandbox = v
	return nil
}

func setScope(c *Config, v string) error {
	switch v = strings.TrimSpace(v); v {
	case ScopeTargets, ScopeCSharp, ScopeAny:
		c.Scope = v
		return nil
	}
	return fmt.Errorf("want %s, %s or %s, got %q", ScopeTargets, ScopeCSharp, ScopeAny, v)
}

// The permission modes portwave runs Claude Code in. Observed with Claude
// Code 2.1.332 against a scripted model: in both, a shell command runs only
// when a rule allows it exactly (no extra argument, no second command after
// a newline, `&&` or `;`), besides the commands the CLI itself takes for
// read-only (ls, cat, git status) and a redirection into a file the Edit
// rule already lets the agent write. acceptEdits and auto approve sed -i,
// cp, mv, touch and mkdir in the working directory on their own, and a
// second command after an allowed one; bypassPermissions skips every rule.
const (
	PermissionDontAsk = "dontAsk" // anything no rule allows is refused (the default)
	PermissionManual  = "manual"  // the same headless: nobody can answer the question it asks
)

// setPermissionMode accepts only the modes in which the rules are all the
// agent may do.
func setPermissionMode(c *Config, v string) error {
	switch v = strings.TrimSpace(v); v {
	case PermissionDontAsk, PermissionManual:
		c.PermissionMode = v
		return nil
	}
	return fmt.Errorf("%q lets the agent do more than its rules allow (acceptEdits and auto approve sed -i, cp, mv, touch, mkdir and chained commands on their own; bypassPermissions skips every rule); want %s or %s",
		v, PermissionDontAsk, PermissionManual)
}

// unscoped are the tools whose bare rule allows writing anywhere: Claude
// Code's Write and Edit rules without a path, and any shell command.
var unscoped = map[string]bool{"Write": true, "Edit": true, "MultiEdit": true, "NotebookEdit": true, "Bash": true,
	"Bash(*)": true, "Edit(*)": true, "Edit(**)": true, "Edit(//**)": true, "Write(*)": true, "Write(**)": true}

// setAllowedTools refuses rules that would let the agent write outside its
// worktree; portwave adds the scoped ones itself.
func setAllowedTools(c *Config, v string) error {
	list := splitList(v)
	var bad []string
	for _, r := range list {
		if unscoped[r] {
			bad = append(bad, r)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s would let the agent write outside its worktree; portwave itself allows Edit(//<worktree>/**) and the build and test commands", strings.Join(bad, ", "))
	}
	c.AllowedTools = list
	return nil
}
