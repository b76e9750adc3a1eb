package preflight

import (
	"context"
	"strings"

	"portwave/mage/gate"
	"portwave/mage/sandbox"
)

// checkSandbox: the agent and the gate's commands run in the sandbox the
// config names; a sandbox that is missing or cannot start here fails every
// batch at its first command. A run that starts no command (the replay
// agent with the built-in C# check and no tests: the demo on a machine
// with only Go) needs none. `sandbox: none` is the explicit opt-out; each
// run warns about it.
func checkSandbox(ctx context.Context, s *state) []Problem {
	if !startsCommands(s) {
		return nil
	}
	box, err := sandbox.New(s.cfg.Sandbox)
	if err == nil {
		err = box.Check(ctx)
	}
	if err == nil {
		return nil
	}
	return []Problem{{What: err.Error(), Err: err,
		Fix: "install bubblewrap (apt-get install bubblewrap) and let it create namespaces (see docs/github-actions.md), or set sandbox: none to run unconfined"}}
}

// startsCommands reports whether a run would start an agent or a gate
// command at all.
func startsCommands(s *state) bool {
	replay := s.opt.Agent != nil && s.opt.Agent.Name() == "replay"
	return !replay || s.cfg.Build != gate.BuiltinCheck || strings.TrimSpace(s.cfg.Test) != ""
}
