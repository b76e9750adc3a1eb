package plan

import "fmt"

// idRef says where an ID was first listed.
type idRef struct {
	batch int
	pos   Pos
}

// repeats walks the ID ranges of a plan in order and remembers where each ID
// was listed first, so that a repeat can name both places.
type repeats map[int]idRef

// add records the IDs of r for batch and returns, for the IDs already seen,
// one group per place they were first listed, in the order met.
func (seen repeats) add(batch int, r Range) []repeat {
	var out []repeat
	for id := r.Lo; id <= r.Hi; id++ {
		if first, ok := seen[id]; ok {
			out = addRepeat(out, first, id)
		} else {
			seen[id] = idRef{batch, r.Pos}
		}
	}
	return out
}

// addRepeat adds id to the run of reps first listed at first.
func addRepeat(reps []repeat, first idRef, id int) []repeat {
	for i := range reps {
		if reps[i].first == first {
			reps[i].ids = append(reps[i].ids, id)
			return reps
		}
	}
	return append(reps, repeat{ids: []int{id}, first: first})
}

// repeat is a run of IDs listed again, and where they were first listed.
type repeat struct {
	ids   []int
	first idRef
}

// subject is "feature 2410 is" or "features 2410-2413 are".
func (r repeat) subject() string {
	return fmt.Sprintf("%s %s %s", plural(len(r.ids), "feature", "features"), formatIDs(r.ids), plural(len(r.ids), "is", "are"))
}

// checkRepeats reports IDs a batch lists twice, across its own groups and
// the groups other sections add to it.
func checkRepeats(b *Batch) []Diagnostic {
	var errs []Diagnostic
	seen := repeats{}
	for _, g := range append(append([]Group(nil), b.Features...), b.Added...) {
		for _, r := range g.Ranges {
			for _, rep := range seen.add(b.ID, r) {
				errs = append(errs, Diagnostic{Pos: r.Pos, Message: fmt.Sprintf("%s listed twice in batch %d (first at %s)", rep.subject(), b.ID, rep.first.pos)})
			}
		}
	}
	return errs
}
