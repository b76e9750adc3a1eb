package csmerge

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"portwave/mage/audit/csharp"
)

// Result is a structural merge's outcome.
type Result struct {
	Text []byte
	// Ours and Theirs name the members each side added or changed that the
	// result keeps (Type.Name, in the result's order); Removed those a side
	// deleted.
	Ours, Theirs, Removed []string
}

// Refusal is why a structural merge was not made: the file stays a
// conflict, merged by lines with markers.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return "no structural merge: " + r.Reason }

func refuse(format string, args ...any) error { return &Refusal{fmt.Sprintf(format, args...)} }

// Merge merges ours and theirs, two descendants of base, member by member.
// It succeeds only when the two sides' changes meet nowhere but between
// whole members: a member changed by both, a member one side deleted and
// the other changed, or text outside members changed by both at one place
// is a *Refusal. Members both sides added at one place are all kept:
// ours' first, then theirs', each in its own order. The result must scan
// cleanly and hold exactly the members the merge decided on, or it is
// refused too.
func Merge(ctx context.Context, path string, base, ours, theirs []byte, opt csharp.Options) (Result, error) {
	var vs [3][]unit
	for i, src := range [][]byte{base, ours, theirs} {
		us, err := split(path, src, opt)
		if err != nil {
			return Result{}, &Refusal{fmt.Sprintf("%s: %v", sideNames[i], err)}
		}
		vs[i] = us
	}
	d, err := decide(vs)
	if err != nil {
		return Result{}, err
	}
	t := newTable()
	seqs := [3][]int{t.ids(vs[0]), t.ids(vs[1]), t.ids(vs[2])}
	merged, err := mergeIDs(ctx, seqs, t.resolve)
	if err != nil {
		return Result{}, err
	}
	merged = t.foldBlanks(merged, t.longestBlankRun(seqs[:]...))
	var res Result
	var b strings.Builder
	placed := map[string]int{}
	for _, id := range merged {
		u := t.units[id]
		if !u.member() {
			b.WriteString(u.text)
			continue
		}
		placed[u.key]++
		text, kept := d.kept[u.key]
		if n := placed[u.key]; n > 1 || !kept {
			return Result{}, refuse("%s was moved by both sides, or moved by one and deleted by the other", u.name)
		}
		b.WriteString(text)
		switch d.from[u.key] {
		case fromOurs:
			res.Ours = append(res.Ours, u.name)
		case fromTheirs:
			res.Theirs = append(res.Theirs, u.name)
		}
	}
	for key := range d.kept {
		if placed[key] == 0 {
			return Result{}, refuse("%s has no place in the merge", d.names[key])
		}
	}
	res.Text = []byte(b.String())
	res.Removed = d.removed
	return res, check(path, res.Text, d.kept, opt)
}

var sideNames = [3]string{"the base", "ours", "theirs"}

// side says where a member's text in the result comes from.
type side uint8

const (
	fromBase   side = iota // unchanged, or changed alike by both sides
	fromOurs               // added or changed by ours alone
	fromTheirs             // added or changed by theirs alone
)

// decision is every member's fate, by key.
type decision struct {
	kept    map[string]string // the text of every member the result keeps
	from    map[string]side
	names   map[string]string
	removed []string // members of the base that a side deleted
}

// decide settles every member's text by its key: the side that changed
// it, or the common one. Both sides changing it, differently, is a
// refusal.
func decide(vs [3][]unit) (decision, error) {
	var text [3]map[string]string
	d := decision{kept: map[string]string{}, from: map[string]side{}, names: map[string]string{}}
	for i, us := range vs {
		text[i] = map[string]string{}
		for _, u := range us {
			if u.member() {
				text[i][u.key] = u.text
				d.names[u.key] = u.name
			}
		}
	}
	keys := make([]string, 0, len(d.names))
	for k := range d.names {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b, inB := text[0][k]
		o, inO := text[1][k]
		th, inT := text[2][k]
		switch {
		case inO == inT && o == th: // the same on both sides
			if inO {
				d.kept[k] = o
			}
		case inO == inB && o == b: // only theirs changed it
			if inT {
				d.kept[k], d.from[k] = th, fromTheirs
			}
		case inT == inB && th == b: // only ours changed it
			if inO {
				d.kept[k], d.from[k] = o, fromOurs
			}
		default:
			return d, refuse("both sides changed %s", d.names[k])
		}
		if _, ok := d.kept[k]; inB && !ok {
			d.removed = append(d.removed, d.names[k])
		}
	}
	return d, nil
}

// check scans the merged text: it must be clean C# holding exactly the
// members decided on. It guards against a combination that reads
// differently from its parts (a comment or directive left apart from the
// member it belonged to).
func check(path string, text []byte, kept map[string]string, opt csharp.Options) error {
	us, err := split(path, text, opt)
	if err != nil {
		return refuse("the merged file would not scan: %v", err)
	}
	n := 0
	for _, u := range us {
		if !u.member() {
			continue
		}
		n++
		if kept[u.key] != u.text {
			return refuse("the merged file reads %s differently from both sides", u.name)
		}
	}
	if n != len(kept) {
		return refuse("the merged file holds %d members, not the %d merged", n, len(kept))
	}
	return nil
}
