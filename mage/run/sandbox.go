package run

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"portwave/mage/pipeline"
	"portwave/mage/proc"
	"portwave/mage/sandbox"
)

// What the sandbox (mage/sandbox) lets the agent and the gate's commands
// touch beyond their worktree.
//
// Both read the repository's .git (read-only: git in the worktree works,
// nothing can change a ref, a hook or the config) and the NuGet package
// cache (read-only: dotnet restores from it; the cache sits in the home
// folder the sandbox hides). The gate has no network unless
// sandbox_gate_network says so; the agent keeps it for its model's API.
// The agent's home is a folder of its own, <worktrees>/agent-home, which
// outlives the attempt (Claude Code keeps the session a retry resumes
// there) and is not the user's: nothing the agent writes there changes
// how the user's own tools behave.

// AgentHome is the agent's home folder in the sandbox, unless the agent's
// environment names one.
func (w *Orchestrator) AgentHome() string { return filepath.Join(w.Config.Worktrees, "agent-home") }

// sharedPolicy is what every sandboxed command of the run reads.
func (w *Orchestrator) sharedPolicy() sandbox.Policy {
	return sandbox.Policy{ReadOnly: []string{w.gitDir, nugetCache()}}
}

// gateExec runs the gate's commands in the sandbox: the worktree and the
// test results folder writable, no network unless configured.
func (w *Orchestrator) gateExec() func(dir string, cmd pipeline.Pipeline) (func(proc.Spec) (proc.Spec, error), []string) {
	return func(dir string, cmd pipeline.Pipeline) (func(proc.Spec) (proc.Spec, error), []string) {
		p := w.sharedPolicy()
		p.Network = w.Config.SandboxGateNetwork
		p.Writable = append([]string{dir}, resultsDirs(cmd)...)
		return func(s proc.Spec) (proc.Spec, error) { return w.Box.Wrap(s, p) }, w.toolEnv()
	}
}

// agentSandbox is the sandbox of an agent attempt in worktree dir and
// the environment the agent gets.
func (w *Orchestrator) agentSandbox(dir string) (func(proc.Spec) (proc.Spec, error), []string) {
	env := append([]string(nil), w.AgentEnv...)
	if !w.Box.Confines() {
		return nil, env
	}
	p := w.sharedPolicy()
	p.Network = true
	p.Writable = []string{dir}
	// The agent runs the build and test commands: their programs must be
	// there, wherever they are installed.
	for _, c := range []string{w.Config.Build, w.Config.Test} {
		p.ReadOnly = append(p.ReadOnly, programDirs(c)...)
	}
	home, tmp := envValue(env, "HOME"), envValue(env, "TMPDIR")
	if home == "" {
		home = w.AgentHome()
		env = append(env, "HOME="+home)
	}
	p.Writable = append(p.Writable, home)
	if tmp != "" {
		p.Writable = append(p.Writable, tmp)
	}
	env = append(env, w.toolEnv()...)
	return func(s proc.Spec) (proc.Spec, error) { return w.Box.Wrap(s, p) }, env
}

// toolEnv points dotnet at the NuGet cache the sandbox hides with the
// home folder.
func (w *Orchestrator) toolEnv() []string {
	if !w.Box.Confines() || os.Getenv("NUGET_PACKAGES") != "" {
		return nil
	}
	if c := nugetCache(); c != "" {
		return []string{"NUGET_PACKAGES=" + c}
	}
	return nil
}

// nugetCache is NuGet's global packages folder, "" when there is none.
func nugetCache() string {
	if c := os.Getenv("NUGET_PACKAGES"); c != "" {
		return c
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	c := filepath.Join(home, ".nuget", "packages")
	if _, err := os.Stat(c); err != nil {
		return ""
	}
	return c
}

// programDirs are the folders of the programs a gate command starts.
func programDirs(command string) []string {
	cmd, err := pipeline.Parse(command)
	if err != nil {
		return nil
	}
	var out []string
	for _, s := range cmd.Stages {
		if s.Filter() {
			continue
		}
		if prog, err := exec.LookPath(s.Argv[0]); err == nil {
			if abs, err := filepath.Abs(prog); err == nil {
				out = append(out, filepath.Dir(abs))
			}
		}
	}
	return out
}

// resultsDirs are the folders the gate asked `dotnet test` to write its
// TRX file into (gate.TestCommand adds --results-directory).
func resultsDirs(cmd pipeline.Pipeline) []string {
	var out []string
	for _, s := range cmd.Stages {
		for i, a := range s.Argv {
			if a == "--results-directory" && i+1 < len(s.Argv) {
				out = append(out, s.Argv[i+1])
			}
		}
	}
	return out
}

// envValue is the last value of key in env, "" when it is not there.
func envValue(env []string, key string) string {
	v := ""
	for _, e := range env {
		if val, ok := strings.CutPrefix(e, key+"="); ok {
			v = val
		}
	}
	return v
}
