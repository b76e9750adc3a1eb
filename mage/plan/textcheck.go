package plan

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// MaxText caps one text value of a batch file: a summary or a note is
// sent to the agent as part of its prompt, so a 50 MB summary would be
// paid for, token by token, on every attempt.
const MaxText = 64 << 10

// singleLine are the keys whose value is shown on one line (a table cell,
// a progress line, a markdown heading): a newline there could forge a
// line such as "batch 12 done".
var singleLine = map[string]bool{"name": true, "label": true, "path": true, "title": true}

// checkText reports a text value that is too long or holds a control
// character. Terminal escapes (ESC[2J clears the screen) and carriage
// returns would be printed raw by every target that shows the plan and
// written raw into the report's markdown, so they are refused here, at
// their line and column, rather than escaped everywhere later.
func (f *yamlFile) checkText(key string, n *yaml.Node) {
	v := n.Value
	if len(v) > MaxText {
		f.errorf(f.pos(n), "%s: %d bytes of text, the limit is %d; shorten it", key, len(v), MaxText)
		return
	}
	if off, r, bad := controlChar(v, singleLine[key]); bad {
		f.errorf(f.scalarAt(n)(off), "%s: control character %s; want printable text", key, quoteRune(r))
	}
}

// controlChar finds the first control character of s: C0 and C1 controls
// and DEL, with tab always and newline unless oneLine allowed.
func controlChar(s string, oneLine bool) (int, rune, bool) {
	for i, r := range s {
		switch {
		case r == '\t', r == '\n' && !oneLine:
			continue
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i, r, true
			}
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			return i, r, true
		}
	}
	return 0, 0, false
}

func quoteRune(r rune) string {
	if r == utf8.RuneError {
		return "(invalid UTF-8)"
	}
	return strings.Trim(fmt.Sprintf("%+q", string(r)), `"`)
}
