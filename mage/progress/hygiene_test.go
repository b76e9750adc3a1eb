package progress_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"portwave/mage/port"
	"portwave/mage/progress"
)

func TestMessagesDoNotRepeatTheBatchOrTheStageTheLineAlreadyNames(t *testing.T) {
	var out strings.Builder
	p := progress.NewPlain(&out, func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) })
	p.Send(progress.Event{Kind: progress.Note, Batch: 13, Message: "batch 13 attempt 1 failed the gate (batch audit: 2 of 3 implemented): retrying"})
	p.Send(progress.Event{Kind: progress.Note, Batch: 13, Message: "batch 13: reusing its worktree /w/slot-1"})
	p.Send(progress.Event{Kind: progress.Note, Batch: 13, Message: "batch 130 is another batch"})
	p.Send(progress.Event{Kind: progress.BatchFinished, Batch: 14, Stage: port.StageAgent, State: port.StateFailed,
		Message: "agent: the agent wrote nothing (attempt 1)"})
	var s progress.Summary
	s.Send(progress.Event{Kind: progress.BatchFinished, Batch: 14, Stage: port.StageAgent, State: port.StateFailed,
		Message: "agent: the agent wrote nothing (attempt 1)"})
	s.WriteSummary(&out)
	got := out.String()
	for _, want := range []string{"batch 13 note     attempt 1 failed the gate", "batch 13 note     reusing its worktree",
		"batch 13 note     batch 130 is another batch", "failed   at agent: the agent wrote nothing", "14 failed at agent: the agent wrote nothing"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, stutter := range []string{"batch 13 attempt", "batch 13: reusing", "agent: agent:"} {
		if strings.Contains(got, stutter) {
			t.Errorf("output stutters %q:\n%s", stutter, got)
		}
	}
}

func TestTheSummaryFitsTheTerminalAndShortensLogPathsInTheMiddle(t *testing.T) {
	log := "/home/reviewer/projects/natsnet/worktrees/logs/batch-13-attempt-2.log"
	s := progress.Summary{Width: 100, Now: func() time.Time { return time.Unix(100, 0) }}
	s.Send(progress.Event{Kind: progress.BatchQueued, Batch: 13, Name: "Client Subscriptions and a name far too long to fit"})
	s.Send(progress.Event{Kind: progress.BatchFinished, Batch: 13, Stage: port.StageDone, State: port.StateDone,
		Attempt: 2, Turns: 7, CostUSD: 0.21, Verified: 3, Duration: 65 * time.Second, LogPath: log})
	var out strings.Builder
	if err := s.WriteSummary(&out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	for _, l := range lines {
		if w := runewidth.StringWidth(l); w > 100 {
			t.Errorf("a %d-column line in a 100-column terminal: %q", w, l)
		}
	}
	row := lines[1]
	for _, want := range []string{"/batch-13-attempt-2.log", "/h…/", "1m05s", "$0.21"} {
		if !strings.Contains(row, want) {
			t.Errorf("the row %q lacks %q", row, want)
		}
	}
	// Without a width (a file, a pipe) the path stays whole.
	s.Width = 0
	out.Reset()
	s.WriteSummary(&out)
	if !strings.Contains(out.String(), log) {
		t.Errorf("the summary cut the path with no width to fit:\n%s", out.String())
	}
}

func TestShortenMiddleKeepsTheFileNameWhole(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"/a/b/c.log", 20, "/a/b/c.log"},
		{"/home/u/worktrees/logs/batch-13-attempt-2.log", 30, "/home/…/batch-13-attempt-2.log"},
		{"abcdefghijklmnopqrstuvwxyz", 9, "abcd…wxyz"},
	}
	for _, tt := range tests {
		if got := progress.ShortenMiddle(tt.in, tt.width); got != tt.want {
			t.Errorf("ShortenMiddle(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
	if got := progress.ShortenEnd("gate: build failed with two errors", 20); got != "gate: build failed …" {
		t.Errorf("ShortenEnd = %q", got)
	}
}
