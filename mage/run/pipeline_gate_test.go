package run_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"portwave/internal/testws"
	"portwave/mage/gate"
	"portwave/mage/port"
	"portwave/mage/run"
	"portwave/scripts"
)

// standinDotnet builds the dotnet stand-in and puts it first on PATH for
// the test.
func standinDotnet(t *testing.T) {
	t.Helper()
	bin := t.TempDir()
	build := exec.CommandContext(t.Context(), "go", "build", "-o", filepath.Join(bin, "dotnet"), "portwave/internal/standin/dotnet")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the dotnet stand-in: %v\n%s", err, out)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// csharpProject writes a one-project C# tree under dir/dotnet.
func csharpProject(t *testing.T, dir, source string) {
	t.Helper()
	os.MkdirAll(filepath.Join(dir, "dotnet"), 0o755)
	os.WriteFile(filepath.Join(dir, "dotnet", "App.csproj"), []byte(`<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>`+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "dotnet", "A.cs"), []byte(source), 0o644)
}

func TestAGateWhoseBuildIsAPipelineWithAFilterIsJudgedByTheBuildsOutput(t *testing.T) {
	standinDotnet(t)
	const build = "dotnet build dotnet/ -warnaserror | tee build.log | grep -v Determining"
	tests := []struct {
		name, source string
		pass         bool
		summary      string
	}{
		{"a clean build", "class A { }\n", true, "build ok, no test command"},
		{"a compile error", "class A {\n", false, "build failed, 1 error(s), first A.cs"},
		{"a warning made an error", "#warning unfinished\nclass A { }\n", false, "CS1030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			csharpProject(t, dir, tt.source)
			v, err := gate.Judge(t.Context(), gate.Input{Dir: dir, Changed: []string{"dotnet/A.cs"}, Scope: gate.Scope{Policy: "any"},
				Build: build, Exec: run.ExecCommand(time.Minute, nil)})
			if err != nil {
				t.Fatal(err)
			}
			if v.Passed != tt.pass || !strings.Contains(v.Summary, tt.summary) {
				t.Errorf("verdict passed=%v %q, want passed=%v with %q", v.Passed, v.Summary, tt.pass, tt.summary)
			}
			log, err := os.ReadFile(filepath.Join(dir, "build.log"))
			if err != nil || !strings.Contains(string(log), "Build ") {
				t.Errorf("tee wrote %q, %v; want the build's output in the worktree's build.log", log, err)
			}
		})
	}
}

func TestCancellingAPipelineGateKillsEveryProcessOfThePipeline(t *testing.T) {
	standinDotnet(t)
	// hang: dotnet starts a worker sharing its output, as msbuild's nodes
	// do, and both sleep until killed.
	t.Setenv("PORTWAVE_STANDIN_DOTNET", "hang")
	dir := t.TempDir()
	csharpProject(t, dir, "class A { }\n")
	build := `sh -c 'echo $$ > dotnet.pid; exec dotnet build dotnet/' | sh -c 'echo $$ > filter.pid; exec cat' | tee build.log | grep -v Determining`

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := gate.Judge(ctx, gate.Input{Dir: dir, Changed: []string{"dotnet/A.cs"}, Scope: gate.Scope{Policy: "any"},
			Build: build, Exec: run.ExecCommand(time.Minute, nil)})
		done <- err
	}()
	dotnet, filter := waitPID(t, dir, "dotnet.pid"), waitPID(t, dir, "filter.pid")
	for deadline := time.Now().Add(10 * time.Second); groupSize(dotnet) < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("dotnet's worker never started: group %d has %d process(es)", dotnet, groupSize(dotnet))
		}
	}

	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Judge error = %v, want it to wrap context.Canceled", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Judge did not return after the cancel")
	}
	if err := syscall.Kill(-dotnet, 0); err != syscall.ESRCH {
		t.Errorf("dotnet's process group %d (dotnet and its worker) is still alive after the cancel (kill: %v)", dotnet, err)
	}
	if err := syscall.Kill(filter, 0); err != syscall.ESRCH {
		t.Errorf("the filter process %d is still alive after the cancel (kill: %v)", filter, err)
	}
}

// waitPID waits for a stage of the pipeline to write its process ID.
func waitPID(t *testing.T, dir, name string) int {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && pid > 0 {
			return pid
		}
	}
	t.Fatalf("no process wrote %s", name)
	return 0
}

// groupSize counts the live processes of process group pgid, from /proc.
func groupSize(pgid int) int {
	entries, _ := os.ReadDir("/proc")
	n := 0
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...: comm may hold spaces, so split after ')'.
		s := string(data)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 2 && fields[0] != "Z" && fields[2] == strconv.Itoa(pgid) {
			n++
		}
	}
	return n
}

// What the gate's tests said of a batch's tree is main's baseline once
// main holds that tree: the next batch, which starts from it (after the
// audit's commit, which changes porting.db alone), runs no baseline of its
// own. A tree no run has seen is measured as before.
func TestAGatesTestRunIsTheBaselineOfTheMainThatTakesItsTree(t *testing.T) {
	ws := testws.New(t, nil)
	w := replayed(t, ws, scripts.Prompt, nil)
	ctx := context.Background()
	results := filepath.Join(ws.Config.Worktrees, "results")
	if _, err := w.Batches(ctx, []int{11}); err != nil {
		t.Fatal(err)
	}
	first := latest(t, w, 11).BaseCommit
	if _, err := os.Stat(filepath.Join(results, "baseline-"+first[:12])); err != nil {
		t.Fatalf("the first batch measured no baseline: %v", err)
	}
	merged := mainHead(t, ws)
	if _, err := w.Batches(ctx, []int{12}); err != nil {
		t.Fatal(err)
	}
	if base := latest(t, w, 12).BaseCommit; base != merged {
		t.Fatalf("batch 12 started from %.12s, want main after batch 11 (%.12s)", base, merged)
	}
	entries, _ := os.ReadDir(results)
	var baselines []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "baseline-") {
			baselines = append(baselines, e.Name())
		}
	}
	if len(baselines) != 1 {
		t.Errorf("baseline runs: %v, want only the first batch's", baselines)
	}
	if st := status(t, w, 12); st != port.Verified {
		t.Errorf("feature 12 is %s", st)
	}
}

// Batches that start together from the same main measure its baseline
// once: the others wait for it and read it, instead of running the tests
// into the same results folder at the same time.
func TestBatchesStartingTogetherMeasureTheirBaselineOnce(t *testing.T) {
	ws := testws.New(t, map[string]string{"PORTWAVE_JOBS": "2"})
	t.Setenv("PORTWAVE_STANDIN_DOTNET", "slow:1s") // long enough for both to want it at once
	w := replayed(t, ws, scripts.Prompt, nil)
	ctx := context.Background()
	if _, err := w.Batches(ctx, []int{11, 12}); err != nil {
		t.Fatal(err)
	}
	measured := 0
	for _, id := range []int{11, 12} {
		br := latest(t, w, id)
		if br.State != port.StateDone {
			t.Fatalf("batch %d ended %s: %s", id, br.State, br.Error)
		}
		trs, _ := w.DB.Transitions(ctx, br.ID)
		for _, tr := range trs {
			if strings.HasPrefix(tr.Detail, "test baseline of main at ") {
				measured++
			}
		}
	}
	if measured != 1 {
		t.Errorf("main's baseline was measured %d times, want once", measured)
	}
}
