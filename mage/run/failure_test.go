package run_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/progress"
	"portwave/mage/prompt"
	"portwave/mage/run"
	"portwave/scripts"
)

// TestMain doubles as a separate orchestrator process for the kill -9
// tests: it runs one batch and kills itself with SIGKILL as soon as the
// batch enters the stage named in RUN_TEST_KILL_AT.
func TestMain(m *testing.M) {
	if os.Getenv(acceptEnv) != "" {
		os.Exit(acceptOrchestrate())
	}
	if cfg := os.Getenv(sandboxKillEnv); cfg != "" {
		os.Exit(sandboxKillOrchestrate(cfg))
	}
	if cfg := os.Getenv(floodEnv); cfg != "" {
		os.Exit(floodOrchestrate(cfg))
	}
	if dir := os.Getenv(resolveEnv); dir != "" {
		os.Exit(killMidResolution(os.Getenv("RUN_TEST_CONFIG"), dir))
	}
	if stage := os.Getenv("RUN_TEST_KILL_AT"); stage != "" {
		os.Exit(orchestrate(os.Getenv("RUN_TEST_CONFIG"), port.Stage(stage)))
	}
	os.Exit(m.Run())
}

func orchestrate(cfgPath string, killAt port.Stage) int {
	return runUntilKilled(cfgPath, agent.NewClaude(agent.ClaudeOptions{Binary: "claude", MaxTurns: 20, PermissionMode: "dontAsk"}),
		func(e progress.Event) bool { return e.Kind == progress.StageStarted && e.Stage == killAt }, nil)
}

// runUntilKilled is a child orchestrator's life in the kill tests: it runs
// batch 12 with the configuration at cfgPath and agent a (prepare, when
// given, adjusts the orchestrator first) and kills itself with SIGKILL at
// the first event kill accepts. It returns only if that never came.
func runUntilKilled(cfgPath string, a agent.Agent, kill func(progress.Event) bool, prepare func(*run.Orchestrator)) int {
	ctx := context.Background()
	sink := progress.Func(func(e progress.Event) {
		if kill(e) {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	})
	w, err := openChild(ctx, cfgPath, func(*config.Config) run.Options {
		return run.Options{Command: "kill test", Events: sink, Agent: a}
	})
	if err != nil {
		fmt.Println(err)
		return 2
	}
	if prepare != nil {
		prepare(w)
	}
	err = w.RunBatch(ctx, 12)
	fmt.Println("finished without being killed:", err)
	return 3
}

func TestAKilledOrchestratorIsResumedFromItsStageAndCompletes(t *testing.T) {
	for _, stage := range []port.Stage{port.StageWorktree, port.StageAgent, port.StageGate, port.StageMerge, port.StageAudit} {
		t.Run(string(stage), func(t *testing.T) {
			ws := testws.New(t, nil)
			script := testws.Script(t, port12(), nil)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "RUN_TEST_KILL_AT="+string(stage), "RUN_TEST_CONFIG="+writeConfig(t, ws),
				"PORTWAVE_STANDIN_SCRIPT="+script)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ProcessState.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the orchestrator was not killed at %s: %v\n%s", stage, err, out)
			}
			t.Setenv("PORTWAVE_STANDIN_SCRIPT", script)
			w := reopen(t, ws)
			if err := w.RunBatch(context.Background(), 12); err != nil {
				t.Fatalf("the rerun failed: %v", err)
			}
			runs, _ := w.DB.BatchRuns(context.Background(), 12)
			if runs[0].State != port.StateInterrupted || runs[0].Stage != stage {
				t.Errorf("the killed run is %s at %s, want interrupted at %s", runs[0].State, runs[0].Stage, stage)
			}
			if last := runs[len(runs)-1]; last.State != port.StateDone {
				t.Errorf("the rerun ended %s at %s: %s", last.State, last.Stage, last.Error)
			}
			if st := status(t, w, 12); st != port.Verified {
				t.Errorf("feature 12 is %s after the rerun", st)
			}
			log, _ := gitx.Repo{Dir: ws.Dir}.Run(context.Background(), "log", "--format=%s")
			if n := strings.Count(log, "agent changes"); n != 1 {
				t.Errorf("main holds the agent's work %d times:\n%s", n, log)
			}
		})
	}
}

func TestASecondOrchestratorIsRefusedWithThePIDOfTheFirst(t *testing.T) {
	s := open(t, testws.Script(t, port12(), nil), nil)
	_ = s
	p, _ := plan.LoadBatches(s.ws.Config.Batches)
	_, err := run.Open(context.Background(), s.ws.Config, run.Options{Command: "second", Plan: p, Agent: s.w.Agent})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Fatalf("err = %v, want a refusal naming pid %d", err, os.Getpid())
	}
}

func TestMergeRefusesADirtyMainBranch(t *testing.T) {
	s := open(t, testws.Script(t, port12(), nil), nil)
	os.WriteFile(filepath.Join(s.ws.Dir, "notes.txt"), []byte("work in progress"), 0o644)
	before := mainHead(t, s.ws)
	err := s.w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageMerge || !strings.Contains(err.Error(), "uncommitted changes (notes.txt)") {
		t.Fatalf("err = %v, want a refused merge naming notes.txt", err)
	}
	if strings.Contains(err.Error(), "or stash") || !strings.Contains(err.Error(), "do not `git stash`") {
		t.Errorf("err = %v: a stash would take porting.db along; it must not be advised", err)
	}
	if mainHead(t, s.ws) != before {
		t.Error("main moved")
	}
	if data, _ := os.ReadFile(filepath.Join(s.ws.Dir, "notes.txt")); string(data) != "work in progress" {
		t.Error("the uncommitted file was touched")
	}
	// Once main is clean, the same batch merges without redoing the agent.
	os.Remove(filepath.Join(s.ws.Dir, "notes.txt"))
	if err := s.w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	if runs, _ := s.w.DB.BatchRuns(context.Background(), 12); runs[len(runs)-1].Turns != 0 {
		t.Errorf("the agent ran again on a batch that only had to merge")
	}
}

func TestAMergeConflictLeavesMainUntouchedAndKeepsTheWorktree(t *testing.T) {
	ws := testws.New(t, nil)
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
	w := reopen(t, ws)
	w.Mode = run.BranchMode
	ctx := context.Background()
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if br := latest(t, w, 12); br.State != port.StateGated {
		t.Fatalf("branch mode ended %s, want gated", br.State)
	}
	// Someone else ports Shutdown differently on main meanwhile.
	path := filepath.Join(ws.Dir, serverCS)
	data, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(data), "public void Shutdown()"+stub, "public void Shutdown()\n        {\n            Environment.Exit(0);\n        }", 1)), 0o644)
	repo := gitx.Repo{Dir: ws.Dir}
	if _, err := repo.CommitAll(ctx, "port Shutdown by hand"); err != nil {
		t.Fatal(err)
	}
	before := mainHead(t, ws)
	w.Mode = run.MergeMode
	err := w.RunBatch(ctx, 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.State != port.StateConflict || !strings.Contains(err.Error(), "NatsServer.cs") {
		t.Fatalf("err = %v, want a conflict in NatsServer.cs", err)
	}
	if mainHead(t, ws) != before {
		t.Error("main moved on a conflict")
	}
	br := latest(t, w, 12)
	if st, _ := (gitx.Repo{Dir: br.Worktree}).Status(ctx); len(st) != 0 {
		t.Errorf("the worktree was left mid-merge: %v", st)
	}
	if _, err := os.Stat(br.Worktree); err != nil {
		t.Errorf("the worktree is gone: %v", err)
	}
}

func TestATestThatRegressesFailsTheGate(t *testing.T) {
	testsCS := "dotnet/tests/MiniBus.Tests/MinibusTests.cs"
	data, err := os.ReadFile(filepath.Join("../demo/example", testsCS))
	if err != nil {
		t.Fatal(err)
	}
	// Break the first test that is not skipped.
	i := strings.Index(string(data), "[Fact]\n")
	j := strings.Index(string(data)[i:], "{\n") + i + 2
	steps := append(port12(), map[string]any{"write": map[string]any{"path": testsCS,
		"content": string(data[:j]) + "            Assert.Fail(\"broken by the port\");\n" + string(data[j:])}})
	// scope csharp: the test project is part of the C# tree, not a target.
	s := open(t, testws.Script(t, steps, nil), map[string]string{"PORTWAVE_ATTEMPTS": "1", "PORTWAVE_SCOPE": "csharp"})
	before := mainHead(t, s.ws)
	err = s.w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageGate || !strings.Contains(err.Error(), "tests:") {
		t.Fatalf("err = %v, want a gate failure on tests", err)
	}
	if mainHead(t, s.ws) != before {
		t.Error("main moved")
	}
}

// The first Ctrl-C cancels the run's context: the agent's whole process
// group is killed, the batch is recorded as interrupted, main is untouched,
// and the next run takes the batch up again.
func TestACancelledRunKillsTheAgentAndMarksTheBatchInterrupted(t *testing.T) {
	// The agent writes its child's pid (in its sandbox) into its TMPDIR,
	// which the sandbox lets it write.
	tmp := t.TempDir()
	pidFile := filepath.Join(tmp, "child.pid")
	steps := append([]map[string]any{{"spawn_child": map[string]any{"pid_file": pidFile}}, {"sleep": "3s"}}, port12()...)
	ws := testws.New(t, nil)
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, steps, nil))
	p, _ := plan.LoadBatches(ws.Config.Batches)
	tmpl, _ := prompt.Parse(scripts.PromptName, scripts.Prompt)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sink := progress.Func(func(e progress.Event) {
		if e.Kind == progress.StageStarted && e.Stage == port.StageAgent {
			// Cancelled once the agent has a child of its own, however
			// long a busy machine takes to start them.
			go func() {
				for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
					if data, _ := os.ReadFile(pidFile); len(strings.TrimSpace(string(data))) > 0 {
						break
					}
				}
				cancel()
			}()
		}
	})
	w, err := run.Open(context.Background(), ws.Config, run.Options{Command: t.Name(), Plan: p, Template: tmpl, Events: sink,
		Agent: agent.NewClaude(agent.ClaudeOptions{Binary: "claude", MaxTurns: 20, PermissionMode: "dontAsk"}), AgentEnv: []string{"TMPDIR=" + tmp}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	before := mainHead(t, ws)
	err = w.RunBatch(ctx, 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.State != port.StateInterrupted || be.Stage != port.StageAgent {
		t.Fatalf("err = %v, want the batch interrupted at the agent", err)
	}
	if br := latest(t, w, 12); br.State != port.StateInterrupted {
		t.Errorf("ledger says %s", br.State)
	}
	data, _ := os.ReadFile(pidFile)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	if host := testws.HostPID(pid, ws.Config.Worktrees); pid == 0 || host != 0 {
		t.Errorf("the agent's child %d (%d in its sandbox) outlived the cancel", host, pid)
	}
	if mainHead(t, ws) != before {
		t.Error("main moved")
	}
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatalf("the next run: %v", err)
	}
	if st := status(t, w, 12); st != port.Verified {
		t.Errorf("feature 12 is %s after the next run", st)
	}
}

// A branch the ledger knows nothing of may hold someone's work: the batch
// stops and says how to clean up, and nothing is deleted.
func TestALeftoverBranchTheLedgerDoesNotOwnStopsTheBatchWithCleanUpAdvice(t *testing.T) {
	s := open(t, testws.Script(t, port12(), nil), nil)
	ctx := context.Background()
	repo := gitx.Repo{Dir: s.ws.Dir}
	if _, err := repo.Run(ctx, "branch", "port/batch-12"); err != nil {
		t.Fatal(err)
	}
	err := s.w.RunBatch(ctx, 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageWorktree || !strings.Contains(err.Error(), "git branch -D port/batch-12") {
		t.Fatalf("err = %v, want the worktree stage to stop with clean-up advice", err)
	}
	if !repo.BranchExists(ctx, "port/batch-12") {
		t.Error("the leftover branch was deleted")
	}
}

// A retry whose agent finds nothing left to port does not throw the first
// attempt's work away: the gate judges the worktree again, and what failed
// it the first time (here a package feed that was down) has passed.
//
// The stand-in keeps the feed's state (down once) in a file outside the
// worktree, which the gate's sandbox hides: the test runs unconfined, the
// retry's logic is what it tests.
func TestARetryThatAddsNothingIsJudgedOnTheWorkAlreadyThere(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "feed-was-down")
	t.Setenv("PORTWAVE_STANDIN_DOTNET", "build-restore-fail-once:"+marker)
	s := open(t, testws.Script(t, port12(), []map[string]any{{"read": map[string]any{"path": serverCS}}}), map[string]string{"PORTWAVE_ATTEMPTS": "2", "PORTWAVE_SANDBOX": "none"})
	before := mainHead(t, s.ws)
	if err := s.w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	runs, _ := s.w.DB.BatchRuns(context.Background(), 12)
	if len(runs) != 2 || runs[0].State != port.StateFailed || !strings.Contains(runs[0].Error, "NU1301") || runs[1].State != port.StateDone {
		t.Fatalf("attempts: %+v", runs)
	}
	if got := gitOut(t, s.ws.Dir, "diff", "--name-only", before, "HEAD", "--", "dotnet"); got != serverCS {
		t.Errorf("main received %q, want the first attempt's %s", got, serverCS)
	}
	if text, _ := os.ReadFile(filepath.Join(s.ws.Dir, serverCS)); strings.Contains(string(text), "public void Shutdown()"+stub) {
		t.Error("main still holds Shutdown's stub")
	}
	trs, _ := s.w.DB.Transitions(context.Background(), runs[1].ID)
	judged := false
	for _, tr := range trs {
		judged = judged || strings.Contains(tr.Detail, "the gate judges the work already in the worktree")
	}
	if !judged {
		t.Errorf("the second attempt's ledger does not say the gate judged the earlier work: %+v", trs)
	}
}
