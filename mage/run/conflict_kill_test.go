package run_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/port"
	"portwave/mage/progress"
	"portwave/mage/run"
)

// resolveEnv names the transcripts folder of a child orchestrator that
// merges batch 12 with conflict: agent and kills itself with SIGKILL as
// soon as the resolution's agent (attempt 2) has made its first edit.
const resolveEnv = "RUN_TEST_KILL_RESOLUTION"

func killMidResolution(cfgPath, transcripts string) int {
	return runUntilKilled(cfgPath, agent.NewReplay(agent.ReplayOptions{Dir: transcripts}),
		func(e progress.Event) bool {
			return e.Kind == progress.AgentActivity && e.Attempt == 2 && e.LastTool != ""
		},
		func(w *run.Orchestrator) { w.Config.Conflict, w.Mode = config.ConflictAgent, run.MergeMode })
}

// A process killed outright while the agent resolves a conflict leaves the
// worktree mid-merge, with part of the resolution written. The rerun keeps
// that part as a patch, aborts the merge and merges again; the resolution,
// cut short, is done again under its own attempt number and reaches main
// through the gate.
func TestAKill9DuringAConflictResolutionIsPickedUpByTheRerun(t *testing.T) {
	ctx := context.Background()
	ws := testws.New(t, nil)
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
	w := reopenB(t, ws)
	gatedWithMainMoved(t, ws, w)
	w.Close()
	dir := filepath.Join(t.TempDir(), "transcripts")
	transcript(t, dir, 12, 2, resolvingEdits())

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), resolveEnv+"="+dir, "RUN_TEST_CONFIG="+writeConfig(t, ws))
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ProcessState.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the orchestrator was not killed during the resolution: %v\n%s", err, out)
	}
	w = reopen(t, ws)
	killed := latest(t, w, 12)
	if killed.Attempt != 2 || killed.Stage != port.StageAgent {
		t.Fatalf("the killed row is attempt %d at %s, want the resolution's attempt 2 at the agent", killed.Attempt, killed.Stage)
	}
	if _, err := (gitx.Repo{Dir: killed.Worktree}).RevParse(ctx, "MERGE_HEAD"); err != nil {
		t.Fatal("the kill did not leave the worktree mid-merge: the test does not test what it says")
	}
	// The rerun: the resolution cut short is done again, as attempt 2.
	w.Config.Conflict = config.ConflictAgent
	w.Mode = run.MergeMode
	w.Agent = agent.NewReplay(agent.ReplayOptions{Dir: dir})
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatalf("the rerun: %v", err)
	}
	resolvedOnMain(t, ws, w)
	runs, _ := w.DB.BatchRuns(ctx, 12)
	var twos []port.State
	for _, r := range runs {
		if r.Attempt == 2 {
			twos = append(twos, r.State)
		}
	}
	if len(twos) < 2 || twos[0] != port.StateInterrupted {
		t.Errorf("attempt 2's rows end %v, want the killed one interrupted and the rerun's after it", twos)
	}
	// What the killed attempt had written is kept: its first edit took
	// the <<<<<<< line out of the conflicted file.
	gitDir := filepath.Join(ws.Dir, ".git")
	patch, err := os.ReadFile(filepath.Join(gitDir, "portwave", "resolutions", "batch-12-attempt-2.diff"))
	if err != nil {
		t.Fatalf("the unfinished resolution was not kept: %v", err)
	}
	if !strings.Contains(string(patch), serverCS) || !strings.Contains(string(patch), "=======") {
		t.Errorf("the kept resolution does not hold the conflicted file mid-resolution:\n%s", patch)
	}
}
