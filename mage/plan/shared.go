package plan

import (
	"cmp"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"unicode"

	"portwave/mage/inventory"
	"portwave/mage/port"
)

// SharedMember is a C# member that several features of the whole tracker
// map to. The audit credits one C# member to one item, so those that need
// it (every one but the n/a) must be told apart: by their numbers of
// parameters, as C# overloads, or by a member of their own.
type SharedMember struct {
	Class, Member string
	Items         []SharedItem // by ID
	// Apart says whether the parameter counts tell the items that need the
	// member apart (at most one of them per count); Known whether every
	// one of them was read from the Go source.
	Apart, Known bool
}

// SharedItem is one feature of a SharedMember.
type SharedItem struct {
	port.Item
	Signature string // the Go signature, or a short form when the source was not read
	Params    int    // -1 when the Go source was not read
	Batch     int    // the batch that lists it, 0 for none
}

// needs reports whether the item needs its C# member: an n/a item is not
// ported.
func (it SharedItem) needs() bool { return it.Status != port.NA }

// SharedMembers finds every C# member several features of the tracker map
// to (the plan's mapping overrides applied, vanished items left out), by
// class and member. A member only n/a items map to is left out.
func SharedMembers(p *Plan, m Mappings) []SharedMember {
	batchOf := map[int]int{}
	for _, b := range p.Batches {
		for _, id := range b.AllIDs() {
			if _, ok := batchOf[id]; !ok {
				batchOf[id] = b.ID
			}
		}
	}
	type key struct{ class, member string }
	groups := map[key][]port.Item{}
	for _, it := range ApplyMappings(p, m.Features) {
		if it.Vanished || it.Kind != port.Feature {
			continue
		}
		c, mem := m.Target(it)
		groups[key{c, mem}] = append(groups[key{c, mem}], it)
	}
	var keys []key
	var read []port.Item
	for k, its := range groups {
		if len(its) > 1 && slices.ContainsFunc(its, func(it port.Item) bool { return it.Status != port.NA }) {
			keys = append(keys, k)
			read = append(read, its...)
		}
	}
	if m.ReadGo != nil && len(read) > 0 && m.goFuncs == nil {
		m.goFuncs = m.ReadGo(read)
	}
	var out []SharedMember
	for _, k := range keys {
		s := SharedMember{Class: k.class, Member: k.member}
		seen := map[int]bool{}
		s.Apart, s.Known = true, true
		for _, it := range groups[k] {
			si := SharedItem{Item: it, Signature: m.signature(it), Params: -1, Batch: batchOf[it.ID]}
			if g, ok := m.goFuncs[inventory.FuncKey{Kind: it.Kind, ID: it.ID}]; ok {
				si.Params = g.Params
			}
			if si.needs() {
				switch {
				case si.Params < 0:
					s.Apart, s.Known = false, false
				case seen[si.Params]:
					s.Apart = false
				}
				seen[si.Params] = true
			}
			s.Items = append(s.Items, si)
		}
		slices.SortFunc(s.Items, func(a, b SharedItem) int { return cmp.Compare(a.ID, b.ID) })
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b SharedMember) int { return cmp.Compare(a.Items[0].ID, b.Items[0].ID) })
	return out
}

// SharedWarnings reports the shared members as warnings at pos (the
// tracker's): one that counts them, and with each set, one per member
// naming its items with their Go signatures.
func SharedWarnings(shared []SharedMember, pos Pos, each bool) []Diagnostic {
	if len(shared) == 0 {
		return nil
	}
	items, apart, unknown := 0, 0, 0
	for _, s := range shared {
		items += len(s.Items)
		switch {
		case s.Apart:
			apart++
		case !s.Known:
			unknown++
		}
	}
	msg := fmt.Sprintf("%d C# members are each what several features of the tracker map to (%d features), and the audit credits a member to one feature: "+
		"%d told apart by their numbers of parameters (C# overloads), %d not", len(shared), items, apart, len(shared)-apart-unknown)
	if n := len(shared) - apart - unknown; n > 0 {
		msg += ", which need members of their own (the db:map lines below)"
	}
	if unknown > 0 {
		msg += fmt.Sprintf(", %d unknown (their Go source was not read)", unknown)
	}
	if !each {
		msg += "; mage -v validate lists them"
	}
	out := []Diagnostic{{Pos: pos, Message: msg}}
	if !each {
		return out
	}
	for _, s := range shared {
		var parts, counts []string
		for _, it := range s.Items {
			part := fmt.Sprintf("%d %s at %s:%d (%s", it.ID, it.Signature, it.GoFile, it.GoLine, it.Status)
			if it.Batch != 0 {
				part += fmt.Sprintf(", batch %d", it.Batch)
			}
			parts = append(parts, part+")")
			if it.needs() && it.Params >= 0 {
				counts = append(counts, fmt.Sprint(it.Params))
			}
		}
		how := "not told apart"
		switch {
		case s.Apart:
			how = "told apart"
		case !s.Known:
			how = "not known to be told apart (the Go source was not read)"
		}
		if len(counts) > 0 {
			how += fmt.Sprintf(" by their parameters (%s)", strings.Join(counts, ", "))
		}
		out = append(out, Diagnostic{Pos: pos, Message: fmt.Sprintf("%s.%s: %s: %s", s.Class, s.Member, strings.Join(parts, "; "), how)})
	}
	return out
}

// MemberMapping is a suggested mapping override: feature ID gets the C#
// member Member, so that it no longer shares Keeps's.
type MemberMapping struct {
	ID     int
	Member string
	Of     SharedMember
	Keeps  int // the feature that keeps the shared member, of those with this one's number of parameters
}

// SuggestMappings gives every feature that shares a C# member with another
// of the same number of parameters a member of its own,
// so that each shared member is left to features its overloads tell apart.
// Of each such set the exported Go function keeps the member (then the
// lowest ID); the others are named after it: "Core" added for the
// unexported twin of an exported function (eventsEnabled beside
// EventsEnabled), otherwise the Go file's name, or its folder's when the
// kept one's file has the same name (copyBytes of server/stree/util.go
// beside server/util.go's: CopyBytesStree). taken are the members in use, "Class.Member", which no
// suggestion repeats.
func SuggestMappings(shared []SharedMember, taken map[string]bool) []MemberMapping {
	var out []MemberMapping
	for _, s := range shared {
		if s.Apart || !s.Known {
			continue // an overload the source was not read for may be fine
		}
		byParams := map[int][]SharedItem{}
		var counts []int
		for _, it := range s.Items {
			if !it.needs() {
				continue
			}
			if _, ok := byParams[it.Params]; !ok {
				counts = append(counts, it.Params)
			}
			byParams[it.Params] = append(byParams[it.Params], it)
		}
		for _, n := range counts {
			its := byParams[n]
			slices.SortStableFunc(its, func(a, b SharedItem) int {
				return cmp.Or(-cmp.Compare(exported(a.GoName), exported(b.GoName)), cmp.Compare(a.ID, b.ID))
			})
			keep := its[0]
			for _, it := range its[1:] {
				base := s.Member + "Core"
				if !strings.EqualFold(it.GoName, keep.GoName) || it.GoName == keep.GoName {
					base = s.Member + pascalWord(placeName(it.GoFile, keep.GoFile))
				}
				name := base
				for i := 2; taken[s.Class+"."+name]; i++ {
					name = fmt.Sprintf("%s%d", base, i)
				}
				taken[s.Class+"."+name] = true
				out = append(out, MemberMapping{ID: it.ID, Member: name, Of: s, Keeps: keep.ID})
			}
		}
	}
	return out
}

// WriteMappingsTSV writes suggested mappings as a db:map file: a header,
// then for each a comment naming the member it leaves and who keeps it,
// and the id and its new member.
func WriteMappingsTSV(w io.Writer, ms []MemberMapping) error {
	if _, err := fmt.Fprintln(w, "id\tdotnet_member"); err != nil {
		return err
	}
	for _, m := range ms {
		if _, err := fmt.Fprintf(w, "# %s.%s stays %d's\n%d\t%s\n", m.Of.Class, m.Of.Member, m.Keeps, m.ID, m.Member); err != nil {
			return err
		}
	}
	return nil
}

// placeName is what tells file apart from other: its name, or its
// folder's when both files have the same name.
func placeName(file, other string) string {
	name := strings.TrimSuffix(path.Base(file), ".go")
	if name == strings.TrimSuffix(path.Base(other), ".go") {
		return path.Base(path.Dir(file))
	}
	return name
}

func exported(name string) int {
	for _, r := range name {
		if unicode.IsUpper(r) {
			return 1
		}
		return 0
	}
	return 0
}

// pascalWord is a file stem in PascalCase: "ocsp_responder" -> "OcspResponder".
func pascalWord(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if r == '_' || r == '-' || r == '.' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
