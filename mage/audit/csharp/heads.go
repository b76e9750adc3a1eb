package csharp

// typeHead reads the name and type parameters after a type keyword.
func (p *parser) typeHead(d decl, k TypeKind, i int) decl {
	if i >= len(p.toks) || p.toks[i].kind != tIdent || isReserved(p.word(i)) {
		d.bad, d.want = i, "the name of the "+string(k)
		return d
	}
	d.kind, d.typeKind, d.name = dType, k, p.toks[i]
	if i+1 < len(p.toks) && p.punct(i+1, '<') {
		d.arity = p.arity(i + 1)
	}
	return d
}

// memberHead reads a member name at j, after its type: a plain or generic
// name, an explicit interface qualifier, "this" of an indexer or "operator".
func (p *parser) memberHead(d decl, j int) decl {
	ts := p.toks
	qual := j
	for j < len(ts) {
		switch p.word(j) {
		case "this":
			if j+1 < len(ts) && p.punct(j+1, '[') {
				d.kind, d.member, d.name = dMember, Indexer, ts[j]
				d.explicit = [2]int{qual, j - 1}
			}
			return d
		case "operator":
			d.kind, d.member, d.name = dMember, Operator, ts[j]
			d.opName = p.operatorHead(j + 1)
			d.explicit = [2]int{qual, j - 1}
			return d
		}
		if ts[j].kind != tIdent || isReserved(p.word(j)) {
			d.bad, d.want = j, "a member name"
			return d
		}
		name := j
		j++
		if j < len(ts) && p.punct(j, '<') {
			j = p.match(j) + 1
		}
		if j+1 < len(ts) && p.punct(j, '.') {
			j++
			continue
		}
		d.explicit = [2]int{qual, name - 1}
		switch {
		case j == len(ts):
			d.kind, d.member, d.name = dMember, Property, ts[name]
		case p.punct(j, '('):
			d.kind, d.member, d.name, d.paren = dMember, Method, ts[name], j
		default: // a field, when ; or = ends it
			d.bad, d.want = j, "( { => = or ; after the name "+p.lx.text(ts[name])
		}
		return d
	}
	return d
}

// eventHead reads "event Type Name" and any further names of a field-like
// event declaration.
func (p *parser) eventHead(d decl, i int) decl {
	j := p.skipType(i)
	if j < 0 || j >= len(p.toks) {
		return d
	}
	if d = p.memberHead(d, j); d.kind == dMember {
		d.member = Event
		return d
	}
	if p.toks[j].kind == tIdent && p.punct(j+1, ',') { // event E A, B;
		d.kind, d.member, d.name = dMember, Event, p.toks[j]
		for k := j + 2; k < len(p.toks); k += 2 {
			if p.toks[k].kind == tIdent {
				d.more = append(d.more, k)
			}
		}
	}
	return d
}

// inType reports whether the innermost scope is a type of that name, where
// name( starts a constructor.
func (p *parser) inType(name string) bool {
	sc := p.inner()
	return sc != nil && sc.typeName == name
}
