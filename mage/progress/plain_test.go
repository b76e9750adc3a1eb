package progress_test

import (
	"strings"
	"testing"
	"time"

	"portwave/mage/progress"
)

func TestPlainLogsAScriptedRunAsGoldenText(t *testing.T) {
	var out strings.Builder
	p := progress.NewPlain(&out, func() time.Time { return at(999) })
	for _, e := range scriptedRun() {
		p.Send(e)
	}
	golden(t, "plain.golden", out.String())
	if strings.ContainsRune(out.String(), '\x1b') {
		t.Error("plain log contains an escape code")
	}
}

func TestPlainThrottlesAgentProgress(t *testing.T) {
	agentLines := func(events []progress.Event) int {
		var out strings.Builder
		p := progress.NewPlain(&out, nil)
		for _, e := range events {
			p.Send(e)
		}
		return strings.Count(out.String(), " agent ")
	}
	started := progress.Event{Time: at(0), Kind: progress.StageStarted, Batch: 7, Stage: "agent", Attempt: 1}
	turn := func(sec, turns int) progress.Event {
		return progress.Event{Time: at(sec), Kind: progress.AgentActivity, Batch: 7, Turns: turns}
	}
	tests := []struct {
		name   string
		events []progress.Event
		want   int // lines about the agent, the "started" line included
	}{
		{"a few quick turns print nothing more", []progress.Event{started, turn(1, 1), turn(2, 2), turn(29, 9)}, 1},
		{"the tenth turn prints a line", []progress.Event{started, turn(1, 1), turn(2, 10), turn(3, 11)}, 2},
		{"thirty seconds print a line", []progress.Event{started, turn(30, 1), turn(31, 2), turn(60, 3)}, 3},
		{"turns count from the last line printed", []progress.Event{started, turn(1, 10), turn(2, 19), turn(3, 20)}, 3},
		{"activity without a start prints at once", []progress.Event{turn(1, 1)}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := agentLines(tt.events); got != tt.want {
				t.Errorf("agent lines = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestPlainStampsUntimedEventsWithItsClock(t *testing.T) {
	var out strings.Builder
	p := progress.NewPlain(&out, func() time.Time { return at(61).In(time.FixedZone("CET", 3600)) })
	p.Send(progress.Event{Kind: progress.BatchQueued, Batch: 5, Name: "five"})
	if want := "2026-11-27T05:31:01Z batch 5 queued   five\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

// The audit's result is its own kind of event: it gives the batch its
// verified count and is not logged as agent progress.
func TestTheAuditResultCountsVerifiedAndIsNotAgentProgress(t *testing.T) {
	var out strings.Builder
	p := progress.NewPlain(&out, nil)
	for _, e := range []progress.Event{
		{Time: at(0), Kind: progress.StageStarted, Batch: 7, Stage: "audit"},
		{Time: at(40), Kind: progress.Audited, Batch: 7, Stage: "audit", Verified: 5, Turns: 9, CostUSD: 0.23},
		{Time: at(41), Kind: progress.BatchFinished, Batch: 7, State: "done"},
	} {
		p.Send(e)
	}
	if strings.Contains(out.String(), " agent ") {
		t.Errorf("the audit result was logged as agent progress:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "5 features verified") {
		t.Errorf("the batch's line lacks the audit's 5 verified features:\n%s", out.String())
	}
}
