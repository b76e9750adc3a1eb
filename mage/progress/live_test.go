package progress_test

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/google/go-cmp/cmp"

	"portwave/mage/port"
	"portwave/mage/progress"
)

// endMark is written to the terminal after the view closes, so the reader
// knows it has everything.
const endMark = "<end of test output>"

// openTerminal opens a pseudo-terminal of the given width. Programs write
// to tty; finish returns everything that came out of the other side.
func openTerminal(t *testing.T, width int) (tty *os.File, finish func() string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: uint16(width)}); err != nil {
		t.Fatalf("sizing the pseudo-terminal: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		var out bytes.Buffer
		buf := make([]byte, 4096)
		for !bytes.HasSuffix(out.Bytes(), []byte(endMark)) {
			n, err := ptmx.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				break
			}
		}
		got <- strings.TrimSuffix(out.String(), endMark)
	}()
	return tty, func() string {
		t.Helper()
		if _, err := io.WriteString(tty, endMark); err != nil {
			t.Fatalf("writing to the pseudo-terminal: %v", err)
		}
		select {
		case out := <-got:
			return out
		case <-time.After(2 * time.Second):
			t.Fatal("timed out reading the pseudo-terminal")
			return ""
		}
	}
}

// play sends the scripted run up to second until, moving the clock along and
// pausing now and then so that the view redraws between events.
func play(s progress.Sink, clk *clock, until time.Time) {
	for i, e := range scriptedRun() {
		if e.Time.After(until) {
			break
		}
		clk.Set(e.Time)
		s.Send(e)
		if i%8 == 0 {
			time.Sleep(3 * time.Millisecond)
		}
	}
	clk.Set(until)
}

func TestLiveShowsEachBatchAndTheTotalOnATerminal(t *testing.T) {
	tty, finish := openTerminal(t, 100)
	clk := newClock(start)
	l := progress.NewLive(tty, progress.LiveOptions{Color: true, Width: 100, Now: clk.Now, Interval: time.Millisecond})
	play(l, clk, at(110))
	l.Close()
	l.Close() // a second Close changes nothing

	out := finish()
	scr := newScreen(100)
	scr.feed(out)
	want := []string{
		"plan: 3 batches, concurrency 2, budget $1.50",
		"batch 44: skipped: dependency 43 failed",
		" 42 server-core      running      agent         1m49s   21 turns    $0.84  Grep",
		" 43 client-protocol  failed       gate          1m40s   12 turns    $0.60  build: 2 errors",
		" 44 jetstream-api    skipped                        -    0 turns    $0.00  dependency 43 failed",
		"total: 0 done, 1 running, 1 failed, 1 skipped; 0 features verified; $1.44",
	}
	if diff := cmp.Diff(want, scr.text()); diff != "" {
		t.Errorf("screen mismatch (-want +got):\n%s", diff)
	}
	if scr.errs != nil {
		t.Errorf("terminal errors: %q", scr.errs)
	}
	if scr.colours == 0 {
		t.Error("no colour codes with Color on")
	}
	if frames := strings.Count(out, "\x1b[4A"); frames < 2 {
		t.Errorf("view was drawn in place %d times, want a few redraws", frames)
	}
}

func TestLiveCutsLinesToTheWidthAndColoursOnlyWhenAsked(t *testing.T) {
	for _, color := range []bool{true, false} {
		t.Run(map[bool]string{true: "colour", false: "no colour"}[color], func(t *testing.T) {
			tty, finish := openTerminal(t, 100)
			l := progress.NewLive(tty, progress.LiveOptions{Color: color, Width: 100, Now: func() time.Time { return at(75) }})
			l.Send(progress.Event{Time: at(0), Kind: progress.BatchQueued, Batch: 45,
				Name: "consumers-and-streams-with-a-name-far-too-long-for-the-column"})
			l.Send(progress.Event{Time: at(0), Kind: progress.StageStarted, Batch: 45, Stage: port.StageGate})
			l.Send(progress.Event{Time: at(60), Kind: progress.BatchFinished, Batch: 45, Stage: port.StageGate,
				State: port.StateFailed, Message: "test: " + strings.Repeat("NatsConsumerTests.Ack failed; ", 6)})
			l.Send(progress.Event{Time: at(1), Kind: progress.StageStarted, Batch: 46, Stage: port.StageAgent, Attempt: 2})
			l.Send(progress.Event{Time: at(9), Kind: progress.AgentActivity, Batch: 46, Turns: 3, CostUSD: 0.13,
				LastTool: "mcp__portdb__query " + strings.Repeat("x", 100)})
			l.Close()

			out := finish()
			scr := newScreen(100)
			scr.feed(out)
			if scr.errs != nil {
				t.Errorf("terminal errors: %q", scr.errs)
			}
			lines := scr.text()
			for _, i := range []int{0, 1} {
				if n := len([]rune(lines[i])); n != 100 {
					t.Errorf("line %d is %d columns, want cut to 100: %q", i, n, lines[i])
				}
			}
			want := []string{
				" 45 consumers-and-streams-w…  failed       gate          1m00s    0 turns    $0.00  test: NatsConsum",
				" 46                           running      agent #2      1m14s    3 turns    $0.13  mcp__portdb__que",
				"total: 0 done, 1 running, 1 failed, 0 skipped; 0 features verified; $0.13",
			}
			if diff := cmp.Diff(want, lines); diff != "" {
				t.Errorf("screen mismatch (-want +got):\n%s", diff)
			}
			if got := scr.colours > 0; got != color {
				t.Errorf("colour codes written = %v, want %v", got, color)
			}
		})
	}
}

// writes counts the writes made to it.
type writes struct {
	mu sync.Mutex
	n  int
}

func (w *writes) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.n++
	return len(p), nil
}

func TestLiveRedrawsAtMostOncePerInterval(t *testing.T) {
	const interval, busy = 20 * time.Millisecond, 200 * time.Millisecond
	var w writes
	l := progress.NewLive(&w, progress.LiveOptions{Interval: interval})
	began := time.Now()
	for turn := 1; time.Since(began) < busy; turn++ {
		l.Send(progress.Event{Kind: progress.AgentActivity, Batch: 1, Turns: turn})
		time.Sleep(100 * time.Microsecond)
	}
	l.Close()
	w.mu.Lock()
	defer w.mu.Unlock()
	// One write per tick at most, and one more from Close.
	if limit := int(time.Since(began)/interval) + 1; w.n > limit || w.n < 2 {
		t.Errorf("%d redraws in %v, want between 2 and %d", w.n, time.Since(began), limit)
	}
}
