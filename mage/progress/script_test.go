package progress_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/goldenfile"
	"portwave/mage/port"
	"portwave/mage/progress"
)

// update is the -update flag every golden file answers to (`mage golden`):
// here it also means: rewrite the golden files under testdata/.
var update = goldenfile.Update

// start is when the scripted run begins.
var start = time.Date(2026, 11, 27, 5, 30, 0, 0, time.UTC)

// at is the time sec seconds into the scripted run.
func at(sec int) time.Time { return start.Add(time.Duration(sec) * time.Second) }

// scriptedRun is a run of three batches: 42 succeeds, 43 fails at the gate
// and 44, which depends on 43, is skipped; the budget stops the run. The
// events come in time order, as a scheduler would send them.
func scriptedRun() []progress.Event {
	ev := []progress.Event{
		{Time: at(0), Kind: progress.Note, Message: "plan: 3 batches, concurrency 2, budget $1.50"},
		{Time: at(0), Kind: progress.BatchQueued, Batch: 42, Name: "server-core"},
		{Time: at(0), Kind: progress.BatchQueued, Batch: 43, Name: "client-protocol"},
		{Time: at(0), Kind: progress.BatchQueued, Batch: 44, Name: "jetstream-api"},
		{Time: at(1), Kind: progress.StageStarted, Batch: 42, Stage: port.StageWorktree},
		{Time: at(1), Kind: progress.StageStarted, Batch: 43, Stage: port.StageWorktree},
		{Time: at(3), Kind: progress.StageStarted, Batch: 42, Stage: port.StageAgent, Attempt: 1,
			LogPath: "/work/logs/42/agent.log"},
		{Time: at(3), Kind: progress.StageStarted, Batch: 43, Stage: port.StageAgent, Attempt: 1,
			LogPath: "/work/logs/43/agent.log"},
	}
	tools := []string{"Read", "Grep", "Edit", "Bash"}
	// 42 takes a turn every 5 s, 43 every 7 s; sorted by time as they would arrive.
	for sec := 4; sec <= 128; sec++ {
		if turn := (sec - 3) / 5; (sec-3)%5 == 0 && turn <= 25 {
			ev = append(ev, progress.Event{Time: at(sec), Kind: progress.AgentActivity, Batch: 42,
				Stage: port.StageAgent, Turns: turn, CostUSD: 0.04 * float64(turn), LastTool: tools[turn%4]})
		}
		if turn := (sec - 3) / 7; (sec-3)%7 == 0 && turn <= 12 {
			ev = append(ev, progress.Event{Time: at(sec), Kind: progress.AgentActivity, Batch: 43,
				Stage: port.StageAgent, Turns: turn, CostUSD: 0.05 * float64(turn), LastTool: tools[turn%4]})
		}
	}
	ev = append(ev,
		progress.Event{Time: at(90), Kind: progress.StageStarted, Batch: 43, Stage: port.StageGate,
			LogPath: "/work/logs/43/gate.log"},
		progress.Event{Time: at(101), Kind: progress.BatchFinished, Batch: 43, Stage: port.StageGate,
			State: port.StateFailed, LogPath: "/work/logs/43/gate.log",
			Message: "build: 2 errors\nClientProtocol.cs(12,5): error CS0103"},
		progress.Event{Time: at(101), Kind: progress.BatchFinished, Batch: 44, State: port.StateSkipped,
			Message: "dependency 43 failed"},
		progress.Event{Time: at(101), Kind: progress.Note, Batch: 44, Message: "skipped: dependency 43 failed"},
		progress.Event{Time: at(130), Kind: progress.StageStarted, Batch: 42, Stage: port.StageGate},
		progress.Event{Time: at(190), Kind: progress.StageStarted, Batch: 42, Stage: port.StageMerge},
		progress.Event{Time: at(192), Kind: progress.StageStarted, Batch: 42, Stage: port.StageAudit},
		progress.Event{Time: at(200), Kind: progress.BatchFinished, Batch: 42, Stage: port.StageDone,
			State: port.StateDone, Verified: 118, LogPath: "/work/logs/42/agent.log"},
		progress.Event{Time: at(200), Kind: progress.RunFinished,
			Message: "stopped early: budget of $1.50 reached"},
	)
	slices.SortStableFunc(ev, func(a, b progress.Event) int { return a.Time.Compare(b.Time) })
	return ev
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// clock is a settable clock for the views.
type clock struct{ now chan time.Time }

func newClock(t time.Time) *clock {
	c := &clock{now: make(chan time.Time, 1)}
	c.now <- t
	return c
}

func (c *clock) Now() time.Time {
	t := <-c.now
	c.now <- t
	return t
}

func (c *clock) Set(t time.Time) {
	<-c.now
	c.now <- t
}
