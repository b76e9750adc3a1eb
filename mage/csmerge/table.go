package csmerge

import "strings"

// table numbers units across the three versions: a member by its key,
// whatever its text (its text is decided apart, by decide), and any other
// line by its text. The merge of the three sequences of numbers then
// places members and lines; it never looks inside a member.
type table struct {
	index map[string]int
	units []unit // by number; a member's text is the first one seen
}

func newTable() *table { return &table{index: map[string]int{}} }

func (t *table) ids(us []unit) []int {
	out := make([]int, len(us))
	for i, u := range us {
		id := "l" + u.text
		if u.member() {
			id = "m" + u.key
		}
		n, ok := t.index[id]
		if !ok {
			n = len(t.units)
			t.index[id] = n
			t.units = append(t.units, u)
		}
		out[i] = n
	}
	return out
}

// resolve settles one place where both sides changed the base, given the
// base's, ours' and theirs' units there. Only members (and blank lines
// between them) may meet: the result is ours' units, less the members
// theirs deleted there, then the members theirs added that ours did not,
// each with the blank lines before it. Anything else is a refusal.
func (t *table) resolve(base, ours, theirs []int) ([]int, error) {
	for _, part := range [][]int{base, ours, theirs} {
		for _, id := range part {
			if u := t.units[id]; !u.member() && !u.blank() {
				return nil, refuse("both sides changed the text outside members near %q", trim(u.text))
			}
		}
	}
	inBase, inTheirs, inOurs := set(base), set(theirs), set(ours)
	var out []int
	for _, id := range ours {
		if t.units[id].member() && inBase[id] && !inTheirs[id] {
			continue // theirs deleted (or moved) it
		}
		out = append(out, id)
	}
	var blanks []int
	added := false
	for _, id := range theirs {
		switch {
		case !t.units[id].member():
			blanks = append(blanks, id)
			continue
		case !inBase[id] && !inOurs[id]:
			out = append(out, blanks...)
			out = append(out, id)
			added = true
		}
		blanks = nil
	}
	if added {
		out = append(out, blanks...)
	}
	return out, nil
}

func set(ids []int) map[int]bool {
	m := make(map[int]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// longestBlankRun is the most blank lines in a row in any of the sequences.
func (t *table) longestBlankRun(seqs ...[]int) int {
	most := 0
	for _, seq := range seqs {
		run := 0
		for _, id := range seq {
			if t.units[id].blank() {
				run++
				most = max(most, run)
			} else {
				run = 0
			}
		}
	}
	return most
}

// foldBlanks shortens the runs of blank lines beside a member that the
// merge made longer than any version had them (two sides deleting the
// members on either side of one blank line leave two). Only runs that
// touch a member are folded: those are surely between declarations, never
// inside a string literal.
func (t *table) foldBlanks(ids []int, most int) []int {
	out := make([]int, 0, len(ids))
	for i := 0; i < len(ids); {
		j := i
		for j < len(ids) && t.units[ids[j]].blank() {
			j++
		}
		if j == i {
			out = append(out, ids[i])
			i++
			continue
		}
		n := j - i
		touches := i > 0 && t.units[ids[i-1]].member() || j < len(ids) && t.units[ids[j]].member()
		if touches {
			n = min(n, most)
		}
		out = append(out, ids[i:i+n]...)
		i = j
	}
	return out
}

// trim shortens a line for a message.
func trim(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "..."
	}
	return s
}
