package main_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"portwave/internal/testws"
	"portwave/mage/gitx"
	"portwave/mage/port"
	"portwave/mage/proc"
)

// These tests run `mage batch:run 12` with the claude stand-in, whose
// script leaves a background child in the agent's process group and then
// stalls, and end the orchestrator the way a user or a machine does.

const serverCS = "dotnet/src/MiniBus/NatsServer.cs"

const stub = "\n        {\n            throw new NotImplementedException();\n        }"

func port12() []map[string]any {
	edit := func(sig, body string) map[string]any {
		return map[string]any{"edit": map[string]any{"path": serverCS, "old": sig + stub, "new": sig + "\n        {\n" + body + "\n        }"}}
	}
	return []map[string]any{
		{"read": map[string]any{"path": serverCS}},
		edit("internal ClientConnection Connect(string name)", "            lock (_mu) { var c = new ClientConnection(this, ++_nextId, name); _clients[c.Id] = c; return c; }"),
		edit("internal void RemoveSubscription(Subscription sub)", "            lock (_mu) { _subs.Remove(sub); }"),
		edit("internal void RemoveClient(ClientConnection c)", "            lock (_mu) { _clients.Remove(c.Id); _subs.RemoveAll(s => s.Client == c); }"),
		edit("public void Shutdown()", "            List<ClientConnection> all; lock (_mu) { if (_closed) return; _closed = true; all = new(_clients.Values); } foreach (var c in all) c.Close();"),
		{"usage": map[string]any{"input_tokens": 1000, "output_tokens": 200, "cost_usd": 0.05}},
	}
}

// stalledAgent starts `mage batch:run 12` with an agent that leaves a child
// and stalls, and returns once the ledger names the agent's process group
// and the child runs.
func stalledAgent(t *testing.T) (env []string, cmd *runningMage, pgid, child int) {
	t.Helper()
	bin := testws.StandIns(t)
	// The agent writes its child's pid (in its sandbox) into its worktree,
	// the first slot; HostPID finds the child by it.
	script := testws.Script(t, []map[string]any{{"spawn_child": map[string]any{"pid_file": "child.pid"}}, {"sleep": "120s"}}, nil)
	env = append(workspaceWith(t, map[string]string{"PORTWAVE_AGENT": "claude", "PORTWAVE_AGENT_IDLE_TIMEOUT": "5m"}),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "PORTWAVE_STANDIN_SCRIPT="+script)
	worktrees := configValue(t, env, "PORTWAVE_WORKTREES")
	pidFile := filepath.Join(worktrees, "slot-1", "child.pid")
	cmd = startMage(t, env, "batch:run", "12")
	deadline := time.Now().Add(90 * time.Second)
	for {
		if rs := ledger(t, env)[12]; len(rs) > 0 && rs[len(rs)-1].AgentPGID > 0 {
			pgid = rs[len(rs)-1].AgentPGID
			if data, err := os.ReadFile(pidFile); err == nil && strings.HasSuffix(string(data), "\n") {
				inner, _ := strconv.Atoi(strings.TrimSpace(string(data)))
				if child = testws.HostPID(inner, worktrees); child != 0 {
					return env, cmd, pgid, child
				}
			}
		}
		if cmd.exited() || time.Now().After(deadline) {
			syscall.Kill(-cmd.pid, syscall.SIGKILL)
			t.Fatalf("the agent was never seen running\n%s", cmd.output())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type runningMage struct {
	pid  int
	done chan struct{}
	out  *strings.Builder
	err  error
}

func startMage(t *testing.T, env []string, args ...string) *runningMage {
	t.Helper()
	c := mage(env, args[0])
	c.Args = append(c.Args, args[1:]...)
	var buf strings.Builder
	c.Stdout, c.Stderr = &buf, &buf
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	m := &runningMage{pid: c.Process.Pid, done: make(chan struct{}), out: &buf}
	go func() { m.err = c.Wait(); close(m.done) }()
	t.Cleanup(func() { syscall.Kill(-m.pid, syscall.SIGKILL); <-m.done })
	return m
}

func (m *runningMage) exited() bool {
	select {
	case <-m.done:
		return true
	default:
		return false
	}
}

func (m *runningMage) output() string {
	if !m.exited() {
		return "(still running)"
	}
	return m.out.String()
}

// goneWithin waits until none of the processes is alive, and fails naming
// those that still are.
func goneWithin(t *testing.T, d time.Duration, pgid, child int) {
	t.Helper()
	deadline := time.Now().Add(d)
	for (proc.GroupAlive(pgid) || syscall.Kill(child, 0) == nil) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if proc.GroupAlive(pgid) {
		t.Errorf("the agent's process group %d is alive %s later", pgid, d)
		syscall.Kill(-pgid, syscall.SIGKILL)
	}
	if syscall.Kill(child, 0) == nil {
		t.Errorf("the agent's child %d is alive %s later", child, d)
		syscall.Kill(child, syscall.SIGKILL)
	}
}

func configDir(env []string) string {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "PORTWAVE_CONFIG="); ok {
			return filepath.Dir(v)
		}
	}
	return ""
}

func TestSIGTERMKillsTheAgentsAndRecordsTheirBatchesInterrupted(t *testing.T) {
	env, cmd, pgid, child := stalledAgent(t)
	main, _ := gitx.Repo{Dir: configDir(env)}.Head(context.Background())
	syscall.Kill(-cmd.pid, syscall.SIGTERM) // what a service manager or `kill` sends
	select {
	case <-cmd.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the orchestrator did not end within 10 s of SIGTERM")
	}
	goneWithin(t, 5*time.Second, pgid, child)
	rs := ledger(t, env)[12]
	if last := rs[len(rs)-1]; last.State != port.StateInterrupted || last.Stage != port.StageAgent {
		t.Errorf("after SIGTERM the ledger says %s at %s (%s), want interrupted at the agent\n%s", last.State, last.Stage, last.Error, cmd.output())
	}
	// Only the ledger may reach main: none of the agent's work.
	if changed, _ := (gitx.Repo{Dir: configDir(env)}).Run(context.Background(), "diff", "--name-only", main, "HEAD"); changed != "" && changed != "porting.db" {
		t.Errorf("main changed more than porting.db: %s", changed)
	}
}

func TestAKill9OfTheOrchestratorAtTheAgentLeavesNoProcessAndTheRerunFinishes(t *testing.T) {
	env, cmd, pgid, child := stalledAgent(t)
	syscall.Kill(-cmd.pid, syscall.SIGKILL) // the orchestrator's own group, as a closed laptop lid would
	<-cmd.done
	goneWithin(t, 5*time.Second, pgid, child)

	env = append(env, "PORTWAVE_STANDIN_SCRIPT="+testws.Script(t, port12(), nil))
	if out, err := mage(env, "batch:run").CombinedOutput(); err == nil {
		t.Fatalf("batch:run without a number succeeded:\n%s", out)
	}
	rerun := mage(env, "batch:run")
	rerun.Args = append(rerun.Args, "12")
	if out, err := rerun.CombinedOutput(); err != nil {
		t.Fatalf("the rerun: %v\n%s", err, out)
	}
	rs := ledger(t, env)[12]
	if rs[0].State != port.StateInterrupted || rs[0].Stage != port.StageAgent {
		t.Errorf("the killed run is %s at %s, want interrupted at the agent", rs[0].State, rs[0].Stage)
	}
	if last := rs[len(rs)-1]; last.State != port.StateDone {
		t.Errorf("the rerun ended %s at %s: %s", last.State, last.Stage, last.Error)
	}
	log, _ := gitx.Repo{Dir: configDir(env)}.Run(context.Background(), "log", "--format=%s", "--", serverCS)
	if n := strings.Count(log, "agent changes"); n != 1 {
		t.Errorf("main holds batch 12's agent work %d times:\n%s", n, log)
	}
}

// configValue is the value env gives key.
func configValue(t *testing.T, env []string, key string) string {
	t.Helper()
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, key+"="); ok {
			return v
		}
	}
	t.Fatalf("%s is not in the environment", key)
	return ""
}
