//go:build unix

package main_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"portwave/mage/dotnetout"
)

func TestCrashPrintsAnUnhandledExceptionAndExits134(t *testing.T) {
	root := tree(t, map[string]string{"App.csproj": appProject})
	r := dotnet(t.Context(), t, root, []string{"PORTWAVE_STANDIN_DOTNET=crash"}, "build")
	res := dotnetout.ParseBuild(strings.NewReader(r.stdout))
	if r.err != nil || r.code != 134 || !strings.HasPrefix(r.stderr, "Unhandled exception. System.") || res.SummarySeen {
		t.Errorf("exit %d, err %v, summary %v, stderr %q", r.code, r.err, res.SummarySeen, r.stderr)
	}
}

func TestHangIsKilledWithItsWorkerByTheContextTimeout(t *testing.T) {
	t.Parallel() // it mostly waits
	root := tree(t, map[string]string{"App.csproj": appProject})
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	start := time.Now()
	r := dotnet(ctx, t, root, []string{"PORTWAVE_STANDIN_DOTNET=hang"}, "build")
	elapsed := time.Since(start)
	// The worker shares the output pipe: had it survived, Wait would have
	// waited for WaitDelay (5s) and reported ErrWaitDelay.
	if elapsed > 4*time.Second || errors.Is(r.err, exec.ErrWaitDelay) || r.code != -1 || ctx.Err() == nil {
		t.Errorf("after %v: exit %d, err %v; want killed at the timeout", elapsed, r.code, r.err)
	}
	if !strings.Contains(r.stdout, "Determining projects to restore...") {
		t.Errorf("the hanging run printed %q before it hung", r.stdout)
	}
	if live := liveInGroup(t, r.pgid); len(live) > 0 {
		t.Errorf("processes of group %d still running: %v", r.pgid, live)
	}
}

// liveInGroup lists the processes (not yet exited) in a process group.
func liveInGroup(t *testing.T, pgid int) []int {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for {
		var live []int
		stats, _ := filepath.Glob("/proc/[0-9]*/stat")
		if len(stats) == 0 {
			t.Log("no /proc: cannot list the process group")
			return nil
		}
		for _, s := range stats {
			data, err := os.ReadFile(s)
			if err != nil {
				continue
			}
			// pid (comm) state ppid pgrp ...; comm may hold spaces.
			fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
			if len(fields) > 2 && fields[0] != "Z" && fields[2] == strconv.Itoa(pgid) {
				pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(s)))
				live = append(live, pid)
			}
		}
		if len(live) == 0 || time.Now().After(deadline) {
			return live
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSlowDelaysTheWholeRun(t *testing.T) {
	t.Parallel() // it mostly waits
	root := tree(t, map[string]string{"App.csproj": appProject})
	start := time.Now()
	r := dotnet(t.Context(), t, root, []string{"PORTWAVE_STANDIN_DOTNET=slow:400ms"}, "build")
	if elapsed := time.Since(start); elapsed < 400*time.Millisecond || r.code != 0 {
		t.Errorf("slow:400ms build took %v, exit %d", elapsed, r.code)
	}
}

func TestNoisyOutputStillEndsInAParsableResult(t *testing.T) {
	root := tree(t, map[string]string{"App.csproj": appProject, "A.cs": "#error loud\n"})
	r := dotnet(t.Context(), t, root, []string{"PORTWAVE_STANDIN_DOTNET=noisy"}, "build")
	res := dotnetout.ParseBuild(strings.NewReader(r.stdout))
	if lines := strings.Count(r.stdout, "\n"); lines < 10_000 || r.code != 1 || len(res.Errors) != 1 || !res.SummarySeen {
		t.Errorf("%d lines, exit %d, errors %+v, summary %v", lines, r.code, res.Errors, res.SummarySeen)
	}
}

func TestRestoreFailsWithoutAFeedUnlessRestoreIsSkipped(t *testing.T) {
	root := tree(t, map[string]string{"App.csproj": appProject})
	env := []string{"PORTWAVE_STANDIN_DOTNET=restore-fail"}
	r := dotnet(t.Context(), t, root, env, "build")
	res := dotnetout.ParseBuild(strings.NewReader(r.stdout))
	if r.code != 1 || len(res.Errors) != 1 || res.Errors[0].Code != "NU1301" || res.Errors[0].File != filepath.Join(root, "App.csproj") {
		t.Errorf("exit %d, errors %+v", r.code, res.Errors)
	}
	if r := dotnet(t.Context(), t, root, env, "build", "--no-restore"); r.code != 0 {
		t.Errorf("--no-restore: exit %d\n%s", r.code, r.stdout)
	}
}

func TestTesthostCrashLeavesNoSummaryAndNoTRX(t *testing.T) {
	root := testTree(t, greeterTests)
	r := dotnet(t.Context(), t, root, []string{"PORTWAVE_STANDIN_DOTNET=testhost-crash"}, "test",
		"--logger", "trx;LogFileName=run.trx", "--results-directory", "results")
	_, ok := dotnetout.ParseTestSummary(strings.NewReader(r.stdout))
	if r.code != 1 || ok || !strings.Contains(r.stdout, "Test host process crashed") {
		t.Errorf("exit %d, summary %v\n%s", r.code, ok, r.stdout)
	}
	if _, err := os.Stat(filepath.Join(root, "results", "run.trx")); !os.IsNotExist(err) {
		t.Errorf("TRX written by an aborted run: %v", err)
	}
}

func TestAnUnknownModeIsRefusedLoudly(t *testing.T) {
	r := dotnet(t.Context(), t, t.TempDir(), []string{"PORTWAVE_STANDIN_DOTNET=explode"}, "build")
	if r.code != 2 || !strings.Contains(r.stderr, `unknown mode "explode"`) {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}
