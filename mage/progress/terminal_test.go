package progress_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/progress"
)

func TestForTerminalChoosesTheViewFromTheFileAndEnvironment(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		env      map[string]string
		live     bool
		colour   bool
	}{
		{"a terminal gets the live view in colour", true, map[string]string{"TERM": "xterm-256color"}, true, true},
		{"NO_COLOR turns the colour off", true, map[string]string{"TERM": "xterm", "NO_COLOR": "1"}, true, false},
		{"a dumb terminal gets the plain log", true, map[string]string{"TERM": "dumb"}, false, false},
		{"a file gets the plain log", false, map[string]string{"TERM": "xterm"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f *os.File
			var finish func() string
			if tt.terminal {
				f, finish = openTerminal(t, 100)
			} else {
				var err error
				if f, err = os.Create(filepath.Join(t.TempDir(), "log")); err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				finish = func() string {
					b, err := os.ReadFile(f.Name())
					if err != nil {
						t.Fatal(err)
					}
					return string(b)
				}
			}
			sink, done := progress.ForTerminal(f, func(k string) string { return tt.env[k] })
			sink.Send(progress.Event{Time: at(0), Kind: progress.BatchQueued, Batch: 42, Name: strings.Repeat("long-name-", 20)})
			sink.Send(progress.Event{Time: at(1), Kind: progress.BatchFinished, Batch: 42, State: "failed",
				Message: strings.Repeat("error ", 40)})
			done()
			out := finish()

			if _, live := sink.(*progress.Live); live != tt.live {
				t.Errorf("live view = %v, want %v (sink %T)", live, tt.live, sink)
			}
			if _, plain := sink.(*progress.Plain); plain == tt.live {
				t.Errorf("plain log = %v, want %v (sink %T)", plain, !tt.live, sink)
			}
			if !tt.live {
				if strings.ContainsRune(out, '\x1b') {
					t.Errorf("plain log has escape codes: %q", out)
				}
				return
			}
			// The live view learns the width from the terminal: 100 columns.
			scr := newScreen(100)
			scr.feed(out)
			if scr.errs != nil {
				t.Errorf("terminal errors: %q", scr.errs)
			}
			if lines := scr.text(); len(lines) == 0 || len([]rune(lines[0])) != 100 {
				t.Errorf("want the batch line cut to 100 columns, got %q", lines)
			}
			if got := scr.colours > 0; got != tt.colour {
				t.Errorf("colour codes written = %v, want %v", got, tt.colour)
			}
		})
	}
}

func TestTeeSendsEveryEventToEachSinkInOrder(t *testing.T) {
	var got []string
	record := func(name string) progress.Sink {
		return progress.Func(func(e progress.Event) { got = append(got, name+":"+e.Message) })
	}
	s := progress.Tee(record("a"), nil, record("b"))
	s.Send(progress.Event{Kind: progress.Note, Message: "1"})
	s.Send(progress.Event{Kind: progress.Note, Message: "2"})
	if want := "a:1 b:1 a:2 b:2"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
	progress.Tee().Send(progress.Event{}) // nothing to send to is fine
}
