package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// maxRangeSpan bounds one range so that a typo such as 1-2000000 is an error
// instead of millions of IDs.
const maxRangeSpan = 100_000

// Range is one item of an ID list: a single ID (Lo == Hi) or Lo-Hi inclusive.
type Range struct {
	Lo, Hi int
	Pos    Pos // where the item starts
}

// Len is the number of IDs in the range.
func (r Range) Len() int { return r.Hi - r.Lo + 1 }

// String is "2406" or "2406-2413".
func (r Range) String() string {
	if r.Lo == r.Hi {
		return strconv.Itoa(r.Lo)
	}
	return fmt.Sprintf("%d-%d", r.Lo, r.Hi)
}

// Ranges is an ID list as written, item by item.
type Ranges []Range

// String is the list as it is written in a plan: "2406-2413, 2420-2439".
func (rs Ranges) String() string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ", ")
}

// IDs expands the list in the order written.
func (rs Ranges) IDs() []int {
	var ids []int
	for _, r := range rs {
		for id := r.Lo; id <= r.Hi; id++ {
			ids = append(ids, id)
		}
	}
	return ids
}

// Len is the number of IDs in the list.
func (rs Ranges) Len() int {
	n := 0
	for _, r := range rs {
		n += r.Len()
	}
	return n
}

// parseRanges reads "2406-2413, 2420, 2425-2439". at turns a byte offset in
// s into a position, so each error points at the item it is about.
func parseRanges(s string, at func(off int) Pos) (Ranges, []Diagnostic) {
	if strings.TrimSpace(s) == "" {
		return nil, []Diagnostic{{Pos: at(0), Message: "empty ID list; want IDs and ranges like 2406-2413, 2420"}}
	}
	var rs Ranges
	var errs []Diagnostic
	start := 0
	for start <= len(s) {
		end := strings.IndexByte(s[start:], ',')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		item := s[start:end]
		off := start + len(item) - len(strings.TrimLeft(item, " \t"))
		r, msg := parseRange(strings.TrimSpace(item))
		if msg != "" {
			errs = append(errs, Diagnostic{Pos: at(off), Message: msg})
		} else {
			r.Pos = at(off)
			rs = append(rs, r)
		}
		start = end + 1
	}
	return rs, errs
}

// parseRange reads one item: "2406" or "2406-2413" (an en dash and spaces
// around the dash are accepted, since documents are typed by people).
func parseRange(item string) (Range, string) {
	if item == "" {
		return Range{}, "empty item in ID list; want an ID or a range like 2406-2413 between commas"
	}
	lo, hi, isRange := strings.Cut(strings.Replace(item, "–", "-", 1), "-")
	lo, hi = strings.TrimSpace(lo), strings.TrimSpace(hi)
	a, errA := strconv.Atoi(lo)
	b, errB := a, error(nil)
	if isRange {
		b, errB = strconv.Atoi(hi)
	}
	switch {
	case errA != nil || errB != nil || strings.HasPrefix(lo, "+") || strings.HasPrefix(hi, "+"):
		return Range{}, fmt.Sprintf("%q is not an ID or a range; want a number like 2420 or a range like 2406-2413", item)
	case a < 1 || b < 1:
		return Range{}, fmt.Sprintf("%q: feature IDs start at 1", item)
	case a > b:
		return Range{}, fmt.Sprintf("range %d-%d runs backwards; want low-high, like %d-%d", a, b, b, a)
	case b-a >= maxRangeSpan:
		return Range{}, fmt.Sprintf("range %d-%d holds more than %d IDs; is it a typo?", a, b, maxRangeSpan)
	}
	return Range{Lo: a, Hi: b}, ""
}

// formatIDs writes IDs as compact runs: "2372, 2392-2403".
func formatIDs(ids []int) string {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var rs Ranges
	for _, id := range ids {
		if n := len(rs); n > 0 && rs[n-1].Hi == id-1 {
			rs[n-1].Hi = id
			continue
		}
		rs = append(rs, Range{Lo: id, Hi: id})
	}
	return rs.String()
}

// plural picks "feature 12 is" or "features 12-14 are".
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
