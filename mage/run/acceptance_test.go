package run_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"portwave/internal/claudedemo"
	"portwave/internal/modelserver"
	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/proc"
	"portwave/mage/run"
)

// acceptEnv makes the test binary an orchestrator (see TestMain) that runs
// wave 1, batches 11 and 12 at once, with the real Claude Code CLI against
// the scripted model named in RUN_TEST_AGENT_ENV, until it is killed.
const acceptEnv = "RUN_TEST_ACCEPT"

func acceptOrchestrate() int {
	ctx := context.Background()
	a := agent.NewClaude(agent.ClaudeOptions{Binary: os.Getenv("RUN_TEST_CLAUDE_BIN"), Model: "sonnet", PermissionMode: "dontAsk", MaxTurns: 40})
	w, err := openChild(ctx, os.Getenv("RUN_TEST_CONFIG"), func(*config.Config) run.Options {
		return run.Options{Command: "acceptance", Agent: a, AgentEnv: strings.Split(os.Getenv("RUN_TEST_AGENT_ENV"), "\x1f")}
	})
	if err != nil {
		fmt.Println(err)
		return 2
	}
	_, err = w.Batches(ctx, []int{11, 12})
	fmt.Println("finished without being killed:", err)
	return 3
}

// The acceptance of containment: kill -9 of the orchestrator while batch 12
// is at its agent, its gate, its merge or its audit commit (batch 11 runs
// beside it). Five seconds later no process of the killed run is alive; the
// rerun finishes both batches; on main each batch's files were changed only
// by that batch's commits; and the ledger holds exactly the usage the
// scripted model reported, at the price the CLI charges for it.
func TestAKill9AtEachStageLeavesNothingRunningLosesNoUsageAndTheRerunFinishes(t *testing.T) {
	testws.Slow(t)
	bin := claudeBinary(t)
	routes, err := claudedemo.TranscriptRoutes("../demo/example/transcripts")
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range []port.Stage{port.StageAgent, port.StageGate, port.StageMerge, port.StageAudit} {
		t.Run(string(stage), func(t *testing.T) {
			flags := t.TempDir()
			overrides := map[string]string{"PORTWAVE_JOBS": "2"}
			if stage == port.StageGate {
				// A build that takes a moment. It runs in the sandbox, in a
				// PID namespace of its own: it is found among the processes
				// of the run by its working directory, not by its pid.
				overrides["PORTWAVE_BUILD"] = `sh -c "sleep 2"`
			}
			srv, err := modelserver.StartRouted(routes...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { srv.Release(); srv.Close() })
			home := t.TempDir()
			rig := &claudeRig{ws: testws.New(t, overrides), srv: srv, bin: bin, env: srv.Env(home, home)}
			ws, ctx := rig.ws, context.Background()
			base := mainHead(t, ws)
			hooks := filepath.Join(ws.Dir, ".git", "hooks")
			// In-flight git steps finish by themselves; the hooks only
			// give the test a moment to kill the orchestrator inside them.
			os.WriteFile(filepath.Join(hooks, "post-merge"), []byte("#!/bin/sh\ntouch "+flags+"/merge\nsleep 1\n"), 0o755)
			os.WriteFile(filepath.Join(hooks, "post-commit"), []byte("#!/bin/sh\nif git log -1 --format=%s | grep -q 'audit after batch 12'; then touch "+flags+"/audit; sleep 1; fi\n"), 0o755)

			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), acceptEnv+"=1", "RUN_TEST_CONFIG="+writeConfig(t, ws),
				"RUN_TEST_CLAUDE_BIN="+bin, "RUN_TEST_AGENT_ENV="+strings.Join(rig.env, "\x1f"))
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			go func() { cmd.Wait(); close(exited) }()
			t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); <-exited })

			db, err := portdb.Open(ctx, ws.Config.DB)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			reached := func() bool {
				switch stage {
				case port.StageMerge, port.StageAudit:
					_, err := os.Stat(filepath.Join(flags, string(stage)))
					return err == nil
				}
				rs, _ := db.BatchRuns(ctx, 12)
				if len(rs) == 0 {
					return false
				}
				last := rs[len(rs)-1]
				return last.Stage == stage && last.State == port.StateRunning && (stage != port.StageAgent || last.InputTokens > 0)
			}
			for deadline := time.Now().Add(2 * time.Minute); !reached(); time.Sleep(10 * time.Millisecond) {
				select {
				case <-exited:
					t.Fatalf("the orchestrator ended before batch 12 reached %s:\n%s", stage, out.String())
				default:
				}
				if time.Now().After(deadline) {
					t.Fatalf("batch 12 never reached %s", stage)
				}
			}
			// No reply on its way: all the model reported has reached
			// the orchestrator, or is about to.
			srv.Hold()
			for deadline := time.Now().Add(10 * time.Second); ledgerTokens(t, db) != reportedTokens(srv) && time.Now().Before(deadline); {
				time.Sleep(10 * time.Millisecond)
			}
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
			killedAt := time.Now()
			srv.Release()

			// Nothing of the killed run lives on.
			var groups []int
			rows, _ := db.BatchRuns(ctx, 0)
			for _, r := range rows {
				if r.AgentPGID > 0 {
					groups = append(groups, r.AgentPGID)
				}
			}
			if len(groups) == 0 {
				t.Error("no agent process group was recorded")
			}
			for _, g := range groups {
				for proc.GroupAlive(g) && time.Since(killedAt) < 5*time.Second {
					time.Sleep(20 * time.Millisecond)
				}
				if proc.GroupAlive(g) {
					t.Errorf("process group %d of the killed run is alive 5 s later", g)
				}
			}
			var left []string
			for left = processesUnder(filepath.Dir(ws.Dir)); len(left) > 0 && time.Since(killedAt) < 5*time.Second; left = processesUnder(filepath.Dir(ws.Dir)) {
				time.Sleep(20 * time.Millisecond)
			}
			if len(left) > 0 {
				t.Errorf("processes of the killed run are alive 5 s later:\n%s", strings.Join(left, "\n"))
			}

			// The rerun finishes.
			os.Remove(filepath.Join(hooks, "post-merge"))
			os.Remove(filepath.Join(hooks, "post-commit"))
			w := rig.open(t)
			if _, err := w.Batches(ctx, []int{11, 12}); err != nil {
				t.Fatalf("the rerun: %v", err)
			}
			for _, id := range []int{11, 12} {
				if br := latest(t, w, id); br.State != port.StateDone {
					t.Errorf("batch %d ended %s at %s: %s", id, br.State, br.Stage, br.Error)
				}
			}
			checkCommitsOwnTheirFiles(t, w, ws, base)

			// The ledger holds what the model reported, priced as the CLI
			// prices it.
			if got, want := ledgerTokens(t, w.DB), reportedTokens(srv); got != want {
				t.Errorf("the ledger holds %d tokens, the model reported %d", got, want)
			}
			spent, _ := w.DB.PlanCost(ctx)
			if want := reportedCost(srv); math.Abs(spent-want) > 1e-9 {
				t.Errorf("the ledger's cost is $%.6f, the model's usage at the CLI's price is $%.6f", spent, want)
			}
		})
	}
}

func ledgerTokens(t *testing.T, db *portdb.DB) int64 {
	rows, err := db.BatchRuns(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, r := range rows {
		n += r.InputTokens + r.OutputTokens
	}
	return n
}

func reportedTokens(srv *modelserver.Server) int64 {
	var n int64
	for _, r := range srv.Requests() {
		n += int64(r.Reported.InputTokens + r.Reported.OutputTokens)
	}
	return n
}

func reportedCost(srv *modelserver.Server) float64 {
	var c float64
	for _, r := range srv.Requests() {
		// What Claude Code 2.1.332 charges for claude-sonnet-5-5.
		c += (float64(r.Reported.InputTokens)*2 + float64(r.Reported.OutputTokens)*10) / 1e6
	}
	return c
}

// checkCommitsOwnTheirFiles: every commit on main since base that names a
// batch changed only that batch's target files (or, for an audit commit,
// porting.db), each batch's files were changed by no other commit, and
// porting.db only by the audit's and the ledger's commits.
func checkCommitsOwnTheirFiles(t *testing.T, w *run.Orchestrator, ws *testws.Workspace, base string) {
	t.Helper()
	owner := map[string]int{}
	for _, id := range []int{11, 12} {
		b, _ := w.Plan.Batch(id)
		for _, tg := range b.Targets {
			owner[path.Join("dotnet/src/MiniBus", tg.Path)] = id
		}
	}
	log, err := gitx.Repo{Dir: ws.Dir}.Run(context.Background(), "log", "--format=@%s", "--name-only", base+"..HEAD")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range strings.Split(strings.TrimPrefix(log, "@"), "\n@") {
		lines := strings.Split(strings.TrimSpace(c), "\n")
		subject, files := lines[0], lines[1:]
		var batch int
		fmt.Sscanf(strings.TrimPrefix(strings.TrimPrefix(subject, "portwave: "), "audit after "), "batch %d", &batch)
		for _, f := range files {
			switch f = strings.TrimSpace(f); {
			case f == "":
			case f == "porting.db":
				if !strings.Contains(subject, "audit") && !strings.Contains(subject, "ledger of run") {
					t.Errorf("commit %q changed porting.db", subject)
				}
			case owner[f] == 0 || owner[f] != batch:
				t.Errorf("commit %q changed %s, which belongs to batch %d", subject, f, owner[f])
			}
		}
	}
}
