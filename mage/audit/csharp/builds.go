package csharp

import (
	"cmp"
	"slices"
	"strings"
)

// scanBuilds scans src again for every build that its conditions read
// differently from the builds scanned so far, and merges what each scan
// found into one File. first is the scan with build 0; its members are in
// the scratch, which the next scans reuse, so they are copied first.
//
// A build is covered when a scanned build gives every symbol any scan
// has read the same value: its scan would take the same branches. The
// symbols read only grow, so coverage is checked afresh after each scan.
func scanBuilds(first *File, path string, src []byte, opt Options, s *scratch) *File {
	out := &File{Path: path, Size: first.Size, Types: first.Types, Incomplete: first.Incomplete,
		Members: slices.Clone(first.Members)}
	scanned := []int{0}
	errs := map[Error][]int{} // each error and the scans that found it
	order := []Error{}
	note := func(f *File, scan int) {
		for _, e := range f.Errors {
			if _, ok := errs[e]; !ok {
				order = append(order, e)
			}
			errs[e] = append(errs[e], scan)
		}
	}
	note(first, 0)
	for {
		b := s.uncovered(scanned)
		if b < 0 {
			break
		}
		f := &File{Path: path, Size: first.Size}
		scanBuild(f, src, opt, s, b)
		note(f, len(scanned))
		scanned = append(scanned, b)
		out.Incomplete = out.Incomplete || f.Incomplete
		for _, t := range f.Types {
			if !slices.ContainsFunc(out.Types, func(u Type) bool { return u.FullName == t.FullName && u.Line == t.Line }) {
				out.Types = append(out.Types, t)
			}
		}
		for _, m := range f.Members {
			if !slices.ContainsFunc(out.Members, func(o Member) bool { return sameMember(o, m) }) {
				out.Members = append(out.Members, m)
			}
		}
	}
	slices.SortStableFunc(out.Types, func(a, b Type) int { return cmp.Compare(a.Line, b.Line) })
	slices.SortStableFunc(out.Members, func(a, b Member) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.Line, b.Line))
	})
	for _, e := range order {
		if in := errs[e]; len(in) < len(scanned) {
			e.Msg += " (building " + s.names(scanned, in) + ")"
		}
		out.Errors = append(out.Errors, e)
	}
	slices.SortStableFunc(out.Errors, func(a, b Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return out
}

// sameMember reports whether two scans found the same declaration.
func sameMember(a, b Member) bool {
	return a.Type == b.Type && a.Name == b.Name && a.Kind == b.Kind && a.Line == b.Line &&
		a.BodyStart == b.BodyStart && a.BodyEnd == b.BodyEnd
}

// uncovered returns a build no scanned build covers, or -1.
func (s *scratch) uncovered(scanned []int) int {
	for b := range s.sets {
		if !slices.ContainsFunc(scanned, func(d int) bool { return s.agree(b, d) }) {
			return b
		}
	}
	return -1
}

// agree reports whether builds a and b define the symbols read alike.
func (s *scratch) agree(a, b int) bool {
	for _, sym := range s.read {
		if s.sets[a][sym] != s.sets[b][sym] {
			return false
		}
	}
	return true
}

// names lists the builds behind the scans in: each scanned build and the
// builds it covers.
func (s *scratch) names(scanned, in []int) string {
	var out []string
	for b := range s.builds {
		// the first scan in the list that covers b stands for it
		for i, d := range scanned {
			if s.agree(b, d) {
				if slices.Contains(in, i) {
					out = append(out, s.name(b))
				}
				break
			}
		}
	}
	return strings.Join(out, ", ")
}

func (s *scratch) name(b int) string {
	if n := s.builds[b].Name; n != "" {
		return n
	}
	return "with " + strings.Join(s.builds[b].Symbols, ";")
}
