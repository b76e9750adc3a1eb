package progress

import (
	"os"
	"time"

	"golang.org/x/term"
)

// The environment variables ForTerminal reads.
const (
	// NoColorEnv, set to any non-empty value, turns colour off
	// (https://no-color.org).
	NoColorEnv = "NO_COLOR"
	// TermEnv names the terminal type; "dumb" cannot move the cursor, so it
	// gets the plain log.
	TermEnv = "TERM"
)

// ForTerminal picks the view for f: the live view when f is a terminal
// that can move its cursor, the plain log otherwise (CI, pipes, files).
// getenv reads NoColorEnv and TermEnv; pass os.Getenv.
//
// The returned function stops the view and leaves its final frame; call it
// once the run has finished, before printing the summary.
func ForTerminal(f *os.File, getenv func(string) string) (Sink, func()) {
	fd := int(f.Fd())
	if !term.IsTerminal(fd) || getenv(TermEnv) == "dumb" {
		return NewPlain(f, time.Now), func() {}
	}
	width := func() int {
		w, _, err := term.GetSize(fd)
		if err != nil {
			return 0
		}
		return w
	}
	l := NewLive(f, LiveOptions{
		Color:     getenv(NoColorEnv) == "",
		Width:     width(),
		WidthFunc: width,
	})
	return l, l.Close
}
