package progress_test

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// screen is the smallest terminal that can show the live view: it knows
// printable text, \r, \n, and the escape sequences the view uses (cursor
// up, clear line, clear to the end of the screen, colours). Anything else
// is an error, and so is text that would wrap.
type screen struct {
	width    int
	lines    [][]rune
	row, col int
	colours  int // SGR sequences seen
	errs     []string
}

func newScreen(width int) *screen { return &screen{width: width, lines: [][]rune{nil}} }

// feed interprets the bytes a program wrote to the terminal.
func (s *screen) feed(out string) {
	for i := 0; i < len(out); {
		if strings.HasPrefix(out[i:], "\x1b[") {
			j := i + 2
			for j < len(out) && (out[j] < 0x40 || out[j] > 0x7e) {
				j++
			}
			if j == len(out) {
				s.errs = append(s.errs, fmt.Sprintf("unterminated escape %q", out[i:]))
				return
			}
			s.escape(out[i+2:j], out[j])
			i = j + 1
			continue
		}
		r, size := utf8.DecodeRuneInString(out[i:])
		i += size
		switch r {
		case '\r':
			s.col = 0
		case '\n':
			s.row++
			for len(s.lines) <= s.row {
				s.lines = append(s.lines, nil)
			}
		default:
			if r < ' ' || r == 0x7f {
				s.errs = append(s.errs, fmt.Sprintf("control character %q", r))
				continue
			}
			if s.col >= s.width {
				s.errs = append(s.errs, fmt.Sprintf("line %d wraps: %q", s.row, string(s.lines[s.row])+string(r)))
				continue
			}
			line := s.lines[s.row]
			for len(line) <= s.col {
				line = append(line, ' ')
			}
			line[s.col] = r
			s.lines[s.row] = line
			s.col++
		}
	}
}

func (s *screen) escape(params string, final byte) {
	n := 1
	if params != "" && final != 'm' {
		v, err := strconv.Atoi(params)
		if err != nil {
			s.errs = append(s.errs, fmt.Sprintf("escape parameter %q", params))
			return
		}
		n = v
	}
	switch {
	case final == 'A':
		s.row = max(0, s.row-n)
	case final == 'K' && params == "":
		s.lines[s.row] = s.lines[s.row][:min(s.col, len(s.lines[s.row]))]
	case final == 'K' && params == "2":
		s.lines[s.row] = nil
	case final == 'J' && params == "":
		s.lines[s.row] = s.lines[s.row][:min(s.col, len(s.lines[s.row]))]
		s.lines = s.lines[:s.row+1]
	case final == 'm':
		s.colours++
	default:
		s.errs = append(s.errs, fmt.Sprintf("unknown escape %q%c", params, final))
	}
}

// text returns the screen's lines without trailing blanks, and without the
// empty line the cursor waits on at the end.
func (s *screen) text() []string {
	var out []string
	for _, l := range s.lines {
		out = append(out, strings.TrimRight(string(l), " "))
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
