package csmerge

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"portwave/mage/audit/csharp"
)

// unit is one piece of a C# file as the structural merge sees it: a
// member's whole declaration with the comment lines right above it, or one
// line of anything else (usings, namespace and type heads, fields, braces,
// blank lines).
type unit struct {
	key  string // a member's identity: its type and its declaration's head; "" for a line
	name string // a member's type and name, for reports: NatsServer.Start
	text string
}

func (u unit) member() bool { return u.key != "" }

// blank reports whether the unit is an empty line, which may sit on
// either side of an added member.
func (u unit) blank() bool { return u.key == "" && strings.TrimSpace(u.text) == "" }

// split cuts src into units. A member becomes a unit only when its
// declaration starts and ends on lines of its own (a trailing // comment
// allowed); one sharing a line with other code stays plain lines, which
// the merge treats as text outside members. A file that does not scan
// cleanly, or declares one member twice, is refused: its members cannot be
// told apart for certain.
func split(path string, src []byte, opt csharp.Options) ([]unit, error) {
	f := csharp.Scan(path, src, opt)
	if !f.OK() {
		return nil, fmt.Errorf("%s does not scan cleanly: %w", path, f.Err())
	}
	starts := lineStarts(src)
	lineOf := func(off int) int { return sort.SearchInts(starts, off+1) - 1 }
	members := append([]csharp.Member(nil), f.Members...)
	sort.SliceStable(members, func(i, j int) bool { return members[i].Start < members[j].Start })
	var out []unit
	seen := map[string]bool{}
	next := 0 // the first line not yet in out
	for i, m := range members {
		if i > 0 && m.Start == members[i-1].Start {
			continue // event E A, B; is one declaration
		}
		first, last := lineOf(m.Start), lineOf(m.End-1)
		if first < next || !blankText(src[starts[first]:m.Start]) || !restOfLineEmpty(src[m.End:starts[last+1]]) {
			continue
		}
		for first > next && isCommentLine(src[starts[first-1]:starts[first]]) {
			first--
		}
		key := m.Type + "\x00" + head(src, m)
		if seen[key] {
			return nil, fmt.Errorf("%s declares %s.%s twice with the same signature (line %d)", path, m.TypeName, m.Name, m.Line)
		}
		seen[key] = true
		for l := next; l < first; l++ {
			out = append(out, unit{text: string(src[starts[l]:starts[l+1]])})
		}
		out = append(out, unit{key: key, name: m.TypeName + "." + m.Name, text: string(src[starts[first]:starts[last+1]])})
		next = last + 1
	}
	for l := next; l < len(starts)-1; l++ {
		out = append(out, unit{text: string(src[starts[l]:starts[l+1]])})
	}
	return out, nil
}

// lineStarts returns the offset of every line's first byte, then len(src).
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	if len(src) == 0 {
		return []int{0}
	}
	return append(starts, len(src))
}

// head is a member's declaration up to its body, spaces folded: what
// tells overloads apart, and a changed signature from a changed body.
func head(src []byte, m csharp.Member) string {
	end := m.End
	if m.BodyStart > m.Start {
		end = m.BodyStart
	}
	return strings.Join(strings.Fields(string(src[m.Start:end])), " ")
}

func blankText(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

// restOfLineEmpty reports whether what follows a declaration on its last
// line is only spaces or a // comment.
func restOfLineEmpty(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || bytes.HasPrefix(b, []byte("//"))
}

// isCommentLine reports whether a line holds only a // comment (/// doc
// comments included), which goes with the member below it.
func isCommentLine(line []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(line), []byte("//"))
}
