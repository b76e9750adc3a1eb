package csharp

import "strings"

// Index gathers the members of scanned files by type and name, so that a
// partial class spread over several files, and the overloads of a name,
// answer as one.
type Index struct {
	members map[memberKey][]entry
	failed  []*File
}

// entry is an indexed member and whether its file scanned cleanly.
type entry struct {
	m     *Member
	clean bool
}

type memberKey struct{ typeName, name string }

// NewIndex indexes files. The files must not change afterwards: the index
// points into their Members.
func NewIndex(files []*File) *Index {
	x := &Index{members: make(map[memberKey][]entry)}
	for _, f := range files {
		if !f.OK() {
			x.failed = append(x.failed, f)
		}
		for i := range f.Members {
			m := &f.Members[i]
			k := memberKey{m.TypeName, m.Name}
			x.members[k] = append(x.members[k], entry{m, f.OK()})
		}
	}
	return x
}

// Failed lists the files that did not scan cleanly, in the order given.
func (x *Index) Failed() []*File { return x.failed }

// Lookup is the answer for one type and member name.
type Lookup struct {
	// Body is the best classification among the matching members from files
	// that scanned cleanly: Implemented if any overload is, then Stub, then
	// NoBody; Missing when there is none. A member from a failed file never
	// counts, so Body is never higher than the clean files show.
	Body BodyKind
	// Best is the member from a clean file that gave Body; nil when Missing.
	// Its File and Line say where the answer comes from.
	Best *Member
	// Members holds every match, from failed files too, in file order.
	Members []*Member
	// Doubt is set when a file that failed to scan declares the type, or may
	// declare it because part of it was not scanned: a better member may be
	// hidden there, so a Missing, NoBody or Stub answer may be too low.
	Doubt bool
}

// Lookup answers for the member name in the type typeName, which is either
// a simple name (NatsServer, matching every type of that name in any
// namespace or outer type) or a dotted one (NatsServer.Tracker or
// ZB.MOM.NatsNet.Server.NatsServer, matching full names that end with it).
func (x *Index) Lookup(typeName, name string) Lookup {
	simple := typeName[strings.LastIndexByte(typeName, '.')+1:]
	var l Lookup
	for _, e := range x.members[memberKey{simple, name}] {
		m := e.m
		if simple != typeName && m.Type != typeName && !strings.HasSuffix(m.Type, "."+typeName) {
			continue
		}
		l.Members = append(l.Members, m)
		if e.clean && m.Body > l.Body {
			l.Body, l.Best = m.Body, m
		}
	}
	for _, f := range x.failed {
		if f.Incomplete || f.Declares(simple) {
			l.Doubt = true
			break
		}
	}
	return l
}
