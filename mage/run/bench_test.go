package run_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"portwave/internal/testws"
	"portwave/mage/audit"
	"portwave/mage/gate"
	"portwave/mage/gitx"
	"portwave/mage/pipeline"
	"portwave/mage/port"
	"portwave/mage/run"
)

// BenchmarkBatchOverhead measures everything a batch costs besides the
// agent and the build and test commands, on a workspace of 5,000 files:
// worktree, ledger, prompt, commits, batch audit, merge queue, audit and
// the porting.db commit. The agent is the claude stand-in (a few ms) and
// the build and test commands are tiny scripts that print dotnet's summary
// lines, so the figure is an upper bound of portwave's own time.
func BenchmarkBatchOverhead(b *testing.B) {
	ctx := context.Background()
	bin := b.TempDir()
	os.WriteFile(filepath.Join(bin, "fake-build"), []byte("#!/bin/sh\necho 'Build succeeded.'\necho '    0 Warning(s)'\necho '    0 Error(s)'\n"), 0o755)
	os.WriteFile(filepath.Join(bin, "fake-test"), []byte("#!/bin/sh\necho 'Passed!  - Failed:     0, Passed:     3, Skipped:     2, Total:     5, Duration: 1 ms - MiniBus.Tests.dll (net10.0)'\n"), 0o755)
	var agentTime, total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ws := testws.New(b, map[string]string{"PORTWAVE_BUILD": filepath.Join(bin, "fake-build"), "PORTWAVE_TEST": filepath.Join(bin, "fake-test")})
		gen := filepath.Join(ws.Dir, "dotnet", "src", "MiniBus", "Generated")
		os.MkdirAll(gen, 0o755)
		for f := 0; f < 5000; f++ {
			os.WriteFile(filepath.Join(gen, fmt.Sprintf("Gen%04d.cs", f)), []byte(fmt.Sprintf(
				"namespace MiniBus.Generated;\n\ninternal static class Gen%04d\n{\n    internal static int Value() { return %d; }\n}\n", f, f)), 0o644)
		}
		gitx.Repo{Dir: ws.Dir}.CommitAll(ctx, "5,000 generated files")
		b.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(b, port12(), nil))
		w := reopenB(b, ws)
		// Earlier batches leave a warm audit cache and a free worktree slot.
		audit.Run(ctx, w.DB, audit.Options{Root: ws.Config.CSharpRoot, Incremental: true})
		w.Repo.Run(ctx, "worktree", "add", "-q", "--detach", filepath.Join(ws.Config.Worktrees, "slot-1"), "main")
		gitx.Repo{Dir: filepath.Join(ws.Config.Worktrees, "slot-1")}.Run(ctx, "status", "--porcelain")
		b.StartTimer()
		start := time.Now()
		if err := w.RunBatch(ctx, 12); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		b.StopTimer()
		runs, _ := w.DB.BatchRuns(ctx, 12)
		trs, _ := w.DB.Transitions(ctx, runs[len(runs)-1].ID)
		agentTime += stageTime(trs, port.StageAgent)
		if os.Getenv("BENCH_TRACE") != "" {
			for _, tr := range trs {
				b.Logf("%s %s/%s %s", tr.At.Format("15:04:05.000"), tr.Stage, tr.State, tr.Detail)
			}
		}
		w.Close()
	}
	b.ReportMetric(float64(agentTime.Milliseconds())/float64(b.N), "agent-ms/op")
	b.ReportMetric(float64((total-agentTime).Milliseconds())/float64(b.N), "overhead-ms/op")
}

// stageTime is how long the ledger says a stage took.
func stageTime(trs []port.Transition, stage port.Stage) time.Duration {
	var start time.Time
	for _, tr := range trs {
		if tr.Stage == stage && start.IsZero() {
			start = tr.At
		}
		if !start.IsZero() && tr.Stage != stage {
			return tr.At.Sub(start)
		}
	}
	return 0
}

// BenchmarkGateSandboxCost runs the gate's build and test commands (the
// dotnet stand-in on the example) in the same rounds with and without the
// sandbox, alternating, and reports each gate's time and their ratio: what
// bubblewrap adds to a gate. A real dotnet build takes seconds, so the
// absolute difference is the figure that carries over.
//
//	go test ./mage/run -run '^$' -bench GateSandboxCost -benchtime 20x
func BenchmarkGateSandboxCost(b *testing.B) {
	ctx := context.Background()
	ws := testws.New(b, map[string]string{"PORTWAVE_SANDBOX": "bwrap"})
	w := reopenB(b, ws)
	defer w.Close()
	if !w.Box.Confines() {
		b.Fatal("no sandbox to measure")
	}
	plain := run.ExecCommand(time.Minute, nil)
	gate := func(exec gate.Exec) time.Duration {
		start := time.Now()
		for _, c := range []string{"dotnet build dotnet/", "dotnet test dotnet/"} {
			p, _ := pipeline.Parse(c)
			if _, code, err := exec(ctx, ws.Dir, p); err != nil || code != 0 {
				b.Fatalf("%s: exit %d, %v", c, code, err)
			}
		}
		return time.Since(start)
	}
	var boxed, bare time.Duration
	for b.Loop() {
		boxed += gate(w.Exec)
		bare += gate(plain)
	}
	n := float64(b.N)
	b.ReportMetric(boxed.Seconds()*1000/n, "ms/gate-sandboxed")
	b.ReportMetric(bare.Seconds()*1000/n, "ms/gate-bare")
	b.ReportMetric(float64(boxed)/float64(bare), "ratio")
}
