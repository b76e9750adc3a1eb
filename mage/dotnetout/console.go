package dotnetout

import (
	"bufio"
	"io"
	"iter"
	"regexp"
	"strings"

	"github.com/bitfield/script"
)

// ansiEscape matches the escape sequences the terminal logger writes: CSI
// (colours, cursor moves), OSC (progress reports, links) and two-byte escapes.
var ansiEscape = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]`)

// stripANSI removes terminal escape sequences from s.
func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	return ansiEscape.ReplaceAllString(s, "")
}

// visible is a line as a person sees it on the terminal: without escape
// sequences, line endings or text overwritten after a carriage return.
func visible(line string) string {
	line = strings.TrimRight(stripANSI(line), "\r\n")
	if i := strings.LastIndexByte(line, '\r'); i >= 0 {
		line = line[i+1:]
	}
	return line
}

// console is the output of a dotnet command as a script pipe of visible
// lines: the one reading of the console that the build and test parsers
// and the summaries for the agent share. script's scanner reads lines of
// any length whole.
func console(r io.Reader) *script.Pipe {
	return script.NewPipe().WithReader(r).FilterLine(visible)
}

// consoleLines yields the visible lines of r, for the structured parsers
// (msbuild diagnostics and summaries, vstest summaries), which keep state
// across lines that a line filter cannot. A read error ends the sequence,
// since a truncated log is still worth parsing.
func consoleLines(r io.Reader) iter.Seq[string] {
	return func(yield func(string) bool) {
		p := console(r)
		sc := bufio.NewScanner(p)
		sc.Buffer(make([]byte, 64*1024), 1<<31-1)
		for sc.Scan() {
			if !yield(sc.Text()) {
				go p.Wait() // let the filter's goroutine finish
				return
			}
		}
	}
}

// LastLines is the last n visible lines of out (script's Last): what the
// agent is shown of a command that failed with nothing the parsers
// recognise, such as a crash or a missing SDK.
func LastLines(out []byte, n int) string {
	s, _ := console(strings.NewReader(string(out))).Last(n).String()
	return s
}
