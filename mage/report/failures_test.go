package report_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/report"
)

func TestTheFailuresSectionGivesEachAttemptsFindingsDenialsAndOutsideFiles(t *testing.T) {
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { clock = clock.Add(time.Minute); return clock })
	run, err := db.StartRun(ctx, "wave2")
	if err != nil {
		t.Fatal(err)
	}
	save := func(br *port.BatchRun, detail string) {
		t.Helper()
		if err := db.SaveBatchRun(ctx, br, detail); err != nil {
			t.Fatal(err)
		}
	}
	first := &port.BatchRun{RunID: run, Batch: 13, Attempt: 1, Stage: port.StageAgent, State: port.StateRunning,
		Worktree: "/w/slot-1", Turns: 4, CostUSD: 0.10, LogPath: "/w/logs/batch-13-attempt-1.log"}
	save(first, "agent, attempt 1")
	save(first, port.DetailDenied+"Bash rm -rf /; Write /etc/passwd")
	save(first, port.DetailAPIRetries+"2")
	save(first, "outside the targets: dotnet/Other.cs, README.md")
	first.Stage = port.StageGate
	save(first, "gate")
	first.State, first.Error = port.StateFailed, "gate: batch audit: 2 of 3 implemented"
	save(first, "gate failed, retrying with its findings: batch audit: 2 of 3 implemented")
	second := &port.BatchRun{RunID: run, Batch: 13, Attempt: 2, Stage: port.StageAgent, State: port.StateRunning,
		Worktree: "/w/slot-1", Turns: 3, CostUSD: 0.11}
	save(second, "agent, attempt 2")
	second.Stage, second.State = port.StageDone, port.StateDone
	save(second, "batch done")
	clean := &port.BatchRun{RunID: run, Batch: 14, Attempt: 1, Stage: port.StageDone, State: port.StateDone, Turns: 7, CostUSD: 0.18}
	save(clean, "batch done")

	r, err := report.Build(ctx, db, nil, report.Options{Now: clock.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Failures) != 1 || r.Failures[0].Batch != 13 || len(r.Failures[0].Attempts) != 2 {
		t.Fatalf("failures = %+v, want batch 13 with its 2 attempts (batch 14 went right the first time)", r.Failures)
	}
	f, a := r.Failures[0], r.Failures[0].Attempts[0]
	if f.Attempt != 2 || f.Turns != 7 || f.CostUSD < 0.2099 || f.CostUSD > 0.2101 {
		t.Errorf("batch 13: attempt %d, %d turns, $%.4f; want attempt 2, 7 turns, $0.21", f.Attempt, f.Turns, f.CostUSD)
	}
	if strings.Join(a.Findings, "|") != "batch audit: 2 of 3 implemented" || strings.Join(a.Denied, "|") != "Bash rm -rf /|Write /etc/passwd" ||
		strings.Join(a.OutsideTargets, "|") != "dotnet/Other.cs|README.md" || a.APIRetries != 2 {
		t.Errorf("attempt 1 = %+v", a)
	}
	var md bytes.Buffer
	if err := report.WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"### Batch 13: done, attempt 2, 7 turns, $0.21",
		"| 1 | 1 | failed at gate | gate: batch audit: 2 of 3 implemented | batch audit: 2 of 3 implemented | Bash rm -rf /; Write /etc/passwd | dotnet/Other.cs, README.md | 2 | 4 | $0.10 |",
		"| 2 | 1 | done | - | - | - | - | 0 | 3 | $0.11 |", "Log of attempt 1: `/w/logs/batch-13-attempt-1.log`"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, md.String())
		}
	}
	if strings.Contains(md.String(), "### Batch 14") {
		t.Errorf("batch 14, done at its first attempt, is listed among the failures")
	}
}
