package run_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/port"
	"portwave/mage/run"
)

// floodScript prints $1 MiB of build-like lines, then a vstest summary
// (the example's tests, all passing): what the gate needs is at the end.
const floodScript = `#!/bin/sh
yes '  MiniBus.Tests -> a line of output a test prints in a loop, again and again' | head -c $(($1 * 1048576))
echo
echo 'Passed!  - Failed:     0, Passed:     3, Skipped:     2, Total:     5, Duration: 1 ms - MiniBus.Tests.dll (net10.0)'
`

// A test command that floods its output does not flood portwave: the
// attempt log keeps the head and the tail with a note of what was cut, and
// the verdict is still read from the summary at the end.
func TestAFloodingTestCommandIsLoggedInBoundedSizeAndStillJudged(t *testing.T) {
	bin := t.TempDir()
	flood := filepath.Join(bin, "flood-test")
	if err := os.WriteFile(flood, []byte(floodScript), 0o755); err != nil {
		t.Fatal(err)
	}
	s := open(t, testws.Script(t, port12(), nil), map[string]string{"PORTWAVE_TEST": flood + " 16"})
	if err := s.w.RunBatch(context.Background(), 12); err != nil {
		runs, _ := s.w.DB.BatchRuns(context.Background(), 12)
		t.Fatalf("the batch: %v; first attempt: %s", err, runs[0].Error)
	}
	br := latest(t, s.w, 12)
	if br.State != port.StateDone {
		t.Fatalf("batch 12 ended %s: %s", br.State, br.Error)
	}
	info, err := os.Stat(br.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > 12<<20 {
		t.Errorf("the attempt log is %d bytes for a 16 MiB flood", info.Size())
	}
	log, _ := os.ReadFile(br.LogPath)
	if !regexp.MustCompile(`\[portwave: \d+ bytes of output cut here; the first 1048576 and the last \d+ are kept\]\n  MiniBus.Tests -> `).Match(log) ||
		!regexp.MustCompile(`Passed!  - Failed:     0, Passed:     3`).Match(log) {
		t.Errorf("the log does not keep the head, the note and the tail with the summary")
	}
}

// floodEnv names the configuration of a child orchestrator that runs batch
// 12 and prints its peak resident set size (VmHWM) when done.
const floodEnv = "RUN_TEST_FLOOD_CONFIG"

func floodOrchestrate(cfgPath string) int {
	ctx := context.Background()
	w, err := openChild(ctx, cfgPath, func(*config.Config) run.Options {
		return run.Options{Command: "flood", Agent: agent.NewClaude(agent.ClaudeOptions{Binary: "claude", MaxTurns: 20, PermissionMode: "dontAsk"})}
	})
	if err != nil {
		fmt.Println(err)
		return 2
	}
	err = w.RunBatch(ctx, 12)
	w.Close()
	status, _ := os.ReadFile("/proc/self/status")
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(status)
	if err != nil || m == nil {
		fmt.Println("the batch:", err)
		return 1
	}
	fmt.Printf("vmhwm-kb %s\n", m[1])
	return 0
}

// BenchmarkFloodPeakRSS runs batch 12 in a child orchestrator whose test
// command prints 1 GiB (in the baseline and again in the gate), and the
// same with a test command that prints nothing more than its summary, the
// reference; it reports both peaks (VmHWM) and their ratio.
//
//	go test ./mage/run -run '^$' -bench FloodPeakRSS -benchtime 1x
func BenchmarkFloodPeakRSS(b *testing.B) {
	bin := b.TempDir()
	flood := filepath.Join(bin, "flood-test")
	if err := os.WriteFile(flood, []byte(floodScript), 0o755); err != nil {
		b.Fatal(err)
	}
	peak := func(mib int) (float64, time.Duration) {
		ws := testws.New(b, map[string]string{"PORTWAVE_TEST": fmt.Sprintf("%s %d", flood, mib)})
		cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
		cmd.Env = append(os.Environ(), floodEnv+"="+writeConfig(b, ws), "PORTWAVE_STANDIN_SCRIPT="+testws.Script(b, port12(), nil))
		start := time.Now()
		out, err := cmd.CombinedOutput()
		took := time.Since(start)
		m := regexp.MustCompile(`vmhwm-kb (\d+)`).FindSubmatch(out)
		if err != nil || m == nil {
			b.Fatalf("the child orchestrator: %v\n%s", err, out)
		}
		kb, _ := strconv.Atoi(string(m[1]))
		return float64(kb) / 1024, took
	}
	for b.Loop() {
		ref, refTook := peak(0)
		flooded, took := peak(1024)
		b.ReportMetric(ref, "MB-peak-no-flood")
		b.ReportMetric(flooded, "MB-peak-1GiB-flood")
		b.ReportMetric(flooded/ref, "ratio")
		b.ReportMetric(took.Seconds(), "s-1GiB-flood")
		b.ReportMetric(refTook.Seconds(), "s-no-flood")
	}
}
