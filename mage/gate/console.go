package gate

import (
	"bufio"
	"io"
	"iter"
	"regexp"
	"strings"
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

// consoleLines yields the lines of r as a person would see them: without
// escape sequences, line endings or text overwritten after a carriage return.
// Lines of any length are read whole; a read error ends the sequence, since a
// truncated log is still worth parsing.
func consoleLines(r io.Reader) iter.Seq[string] {
	return func(yield func(string) bool) {
		br := bufio.NewReaderSize(r, 64*1024)
		for {
			line, err := br.ReadString('\n')
			if line != "" {
				line = strings.TrimRight(stripANSI(line), "\r\n")
				if i := strings.LastIndexByte(line, '\r'); i >= 0 {
					line = line[i+1:]
				}
				if !yield(line) {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}
}
