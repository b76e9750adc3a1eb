package progress_test

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/port"
	"portwave/mage/progress"
)

func TestSinksTakeEventsFromManyBatchesAtOnce(t *testing.T) {
	const batches, turns = 16, 200
	var summary progress.Summary
	var plain strings.Builder
	live := progress.NewLive(io.Discard, progress.LiveOptions{Color: true, Interval: time.Millisecond})
	sink := progress.Tee(live, progress.NewPlain(&plain, nil), &summary)

	var wg sync.WaitGroup
	for b := 1; b <= batches; b++ {
		wg.Go(func() {
			sink.Send(progress.Event{Kind: progress.BatchQueued, Batch: b, Name: fmt.Sprintf("batch-%d", b)})
			sink.Send(progress.Event{Kind: progress.StageStarted, Batch: b, Stage: port.StageAgent, Attempt: 1})
			for turn := 1; turn <= turns; turn++ {
				sink.Send(progress.Event{Kind: progress.AgentActivity, Batch: b, Turns: turn,
					CostUSD: 0.01 * float64(turn), LastTool: "Edit"})
			}
			sink.Send(progress.Event{Kind: progress.Note, Batch: b, Message: "agent finished"})
			sink.Send(progress.Event{Kind: progress.BatchFinished, Batch: b, Stage: port.StageDone,
				State: port.StateDone, Verified: 1})
		})
	}
	wg.Wait()
	live.Close()

	var out strings.Builder
	if err := summary.WriteSummary(&out); err != nil {
		t.Fatal(err)
	}
	// Every batch ends done with all its turns, whatever the interleaving;
	// the duration column depends on the real clock and is left out.
	var want, got [][]string
	for b := 1; b <= batches; b++ {
		want = append(want, []string{fmt.Sprint(b), fmt.Sprintf("batch-%d", b), "done", "done", "1",
			fmt.Sprint(turns), fmt.Sprintf("$%.2f", 0.01*turns), "1", "-"})
		if !strings.Contains(plain.String(), fmt.Sprintf(" batch %d done ", b)) {
			t.Errorf("plain log has no done line for batch %d", b)
		}
	}
	want = append(want, []string{"total", fmt.Sprint(batches * turns), fmt.Sprintf("$%.2f", 0.01*turns*batches), fmt.Sprint(batches)})
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) == 10 {
			f = append(f[:5], f[6:]...)
		}
		got = append(got, f)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary mismatch (-want +got):\n%s", diff)
	}
}
