package plan

import (
	"fmt"
	"slices"
)

// SameFiles is two batches that can run at the same time and change the
// same files, whose merge may then conflict.
type SameFiles struct {
	A, B  int      // A < B
	Wave  int      // their wave when a wave target runs them together; 0 when only `all` does
	Files []string // relative to the C# root, sorted
}

// ParallelSameFiles finds the pairs of batches that can run at the same
// time and change the same files: neither runs after the other (their
// dependencies, declared and implied, do not order them), so `all` may run
// them together, and a wave target does when they share a wave. files are
// each batch's files (placement: its targets and the files of its pending
// features); batches in skip (done) are left out.
func ParallelSameFiles(p *Plan, files map[int][]string, skip map[int]bool) []SameFiles {
	var out []SameFiles
	for i, a := range p.Batches {
		for _, b := range p.Batches[i+1:] {
			if skip[a.ID] || skip[b.ID] || p.RunsAfter(a.ID, b.ID) || p.RunsAfter(b.ID, a.ID) {
				continue
			}
			var common []string
			for _, f := range files[a.ID] {
				if slices.Contains(files[b.ID], f) {
					common = append(common, f)
				}
			}
			if len(common) == 0 {
				continue
			}
			slices.Sort(common)
			sf := SameFiles{A: a.ID, B: b.ID, Files: common}
			if a.Wave == b.Wave {
				sf.Wave = a.Wave
			}
			out = append(out, sf)
		}
	}
	return out
}

// FileNote says what makes two batches' changes to one file merge, or ""
// when nothing does: the hook a merge driver fills in (a C# merge driver
// merges partial-class files member by member).
type FileNote func(file string) string

// SameFileWarnings reports each pair at the first batch's place: the files
// both change, with note's word on each when it has one.
func SameFileWarnings(p *Plan, pairs []SameFiles, note FileNote) []Diagnostic {
	var out []Diagnostic
	for _, sf := range pairs {
		a, _ := p.Batch(sf.A)
		b, _ := p.Batch(sf.B)
		when := fmt.Sprintf("in wave %d", sf.Wave)
		if sf.Wave == 0 {
			when = fmt.Sprintf("in `all` (waves %d and %d, no dependency between them)", a.Wave, b.Wave)
		}
		var files []string
		merged := 0
		for _, f := range sf.Files {
			if note != nil {
				if n := note(f); n != "" {
					files = append(files, fmt.Sprintf("%s (%s)", f, n))
					merged++
					continue
				}
			}
			files = append(files, f)
		}
		msg := fmt.Sprintf("batches %d and %d can run at the same time %s and both change %s", sf.A, sf.B, when, joinAnd(files))
		if merged < len(sf.Files) {
			msg += ": the one merged second may conflict (a dependency between them, declared or implied by their calls, orders them)"
		}
		out = append(out, Diagnostic{Pos: a.Pos, Message: msg, Batch: sf.A})
	}
	return out
}
