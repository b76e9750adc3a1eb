package run_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"portwave/internal/modelserver"
	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/run"
)

// sandboxKillEnv names the configuration of a child orchestrator that runs
// batch 12 until the test kills it; RUN_TEST_CLAUDE_BIN, when set, is the
// real CLI it drives, with RUN_TEST_AGENT_ENV (one entry a line) as the
// agent's environment.
const sandboxKillEnv = "RUN_TEST_SANDBOX_KILL"

func sandboxKillOrchestrate(cfgPath string) int {
	ctx := context.Background()
	w, err := openChild(ctx, cfgPath, func(cfg *config.Config) run.Options {
		opts := agent.ClaudeOptions{Binary: "claude", MaxTurns: 20, PermissionMode: "dontAsk", Commands: []string{cfg.Build, cfg.Test}}
		var env []string
		if bin := os.Getenv("RUN_TEST_CLAUDE_BIN"); bin != "" {
			opts.Binary = bin
			env = strings.Split(os.Getenv("RUN_TEST_AGENT_ENV"), "\n")
		}
		return run.Options{Command: "sandbox kill test", Agent: agent.NewClaude(opts), AgentEnv: env}
	})
	if err != nil {
		fmt.Println(err)
		return 2
	}
	err = w.RunBatch(ctx, 12)
	fmt.Println("finished without being killed:", err)
	return 3
}

// slowCommand is a build or test command that says it started (a file in
// its working directory, the worktree), leaves a process of its own
// session behind, as a build server or a test's helper would, that writes
// into the worktree a minute later, and runs for a minute itself.
const slowCommand = `#!/bin/sh
setsid sh -c 'sleep 60; echo late > late.txt' &
touch started
sleep 60
`

// processesUnder lists the live processes whose working directory is in
// dir, as "pid command".
func processesUnder(dir string) []string {
	entries, _ := os.ReadDir("/proc")
	var out []string
	for _, e := range entries {
		pid := e.Name()
		if pid[0] < '0' || pid[0] > '9' {
			continue
		}
		cwd, err := os.Readlink(filepath.Join("/proc", pid, "cwd"))
		if err != nil || (cwd != dir && !strings.HasPrefix(cwd, dir+"/")) {
			continue
		}
		stat, _ := os.ReadFile(filepath.Join("/proc", pid, "stat"))
		if i := strings.LastIndexByte(string(stat), ')'); i > 0 && strings.HasPrefix(string(stat[i+1:]), " Z") {
			continue // a zombie runs nothing
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", pid, "cmdline"))
		out = append(out, pid+" "+strings.ReplaceAll(strings.TrimRight(string(cmdline), "\x00"), "\x00", " "))
	}
	return out
}

// A kill -9 of the orchestrator, while the agent's build or the gate's
// test command runs with a process in a session of its own, leaves no
// process of the run alive: the sandbox's PID namespace dies with it.
func TestAKill9LeavesNoProcessOfTheRunAlive(t *testing.T) {
	tests := []struct {
		name string
		// setup returns the overrides and the environment of the child.
		setup func(t *testing.T, slow string) (map[string]string, []string)
	}{
		{"the agent's build, started by the real CLI", func(t *testing.T, slow string) (map[string]string, []string) {
			bin := claudeBinary(t)
			srv, err := modelserver.Start(modelserver.Script{Turns: []modelserver.Turn{
				{ToolUse: &modelserver.ToolUse{Name: "Bash", Input: map[string]any{"command": slow, "description": "build"}}},
				{Text: "Built."}}})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { srv.Close() })
			home := t.TempDir()
			return map[string]string{"PORTWAVE_BUILD": slow},
				[]string{"RUN_TEST_CLAUDE_BIN=" + bin, "RUN_TEST_AGENT_ENV=" + strings.Join(srv.Env(home, home), "\n")}
		}},
		{"the gate's tests", func(t *testing.T, slow string) (map[string]string, []string) {
			return map[string]string{"PORTWAVE_TEST": slow}, []string{"PORTWAVE_STANDIN_SCRIPT=" + testws.Script(t, port12(), nil)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slow := filepath.Join(t.TempDir(), "slow-command")
			if err := os.WriteFile(slow, []byte(slowCommand), 0o755); err != nil {
				t.Fatal(err)
			}
			overrides, env := tt.setup(t, slow)
			ws := testws.New(t, overrides)
			base := filepath.Dir(ws.Dir)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(append(os.Environ(), sandboxKillEnv+"="+writeConfig(t, ws)), env...)
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The worktree is the first slot; the command says when it runs
			// (the gate's baseline runs the test command first, in it too).
			started := filepath.Join(ws.Config.Worktrees, "slot-1", "started")
			deadline := time.Now().Add(90 * time.Second)
			for _, err := os.Stat(started); err != nil && time.Now().Before(deadline); _, err = os.Stat(started) {
				time.Sleep(50 * time.Millisecond)
			}
			if _, err := os.Stat(started); err != nil {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("the slow command never started:\n%s", out.String())
			}
			time.Sleep(200 * time.Millisecond) // its session-leader child is up
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			var left []string
			for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
				if left = processesUnder(base); len(left) == 0 {
					break
				}
			}
			if len(left) > 0 {
				t.Errorf("processes of the killed run are alive:\n%s", strings.Join(left, "\n"))
				for _, l := range left {
					var pid int
					fmt.Sscan(l, &pid)
					syscall.Kill(pid, syscall.SIGKILL)
				}
			}
		})
	}
}
