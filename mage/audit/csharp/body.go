package csharp

// member records the member whose head is d and reads its body.
func (p *parser) member(d *decl, term token, sc *scope) {
	m := Member{
		File:     p.file.Path,
		Type:     sc.full,
		TypeName: sc.typeName,
		Name:     p.lx.text(d.name),
		Kind:     d.member,
		Line:     p.lx.lineOf(d.name.start),
		Start:    d.name.start,
	}
	if len(p.toks) > 0 {
		m.Start = p.toks[0].start
	}
	switch d.member {
	case Constructor, StaticConstructor:
		m.Name = sc.typeName
	case Finalizer:
		m.Name = "~" + sc.typeName
	case Indexer:
		m.Name = "this[]"
	case Operator:
		m.Name = d.opName
	}
	if q := d.explicit; q[1] > q[0] {
		m.Explicit = string(p.lx.src[p.toks[q[0]].start:p.toks[q[1]-1].end])
	}
	p.attributes(&m)
	m.Extends = sc.extends
	switch {
	case d.paren > 0:
		m.Params = p.params(d.paren)
	case d.member == Event || d.member == Operator || d.member == Indexer:
		m.Params = -1
	}
	if d.member == Method && d.paren > 0 && d.mods&modStatic != 0 && p.word(d.paren+1) == "this" {
		m.Extends = p.paramType(d.paren + 1)
		m.Params--
	}
	noBody := noBodyReason(d.mods, sc)
	hasAccessors := d.member == Property || d.member == Indexer || d.member == Event
	switch {
	case p.lx.is(term, "{") && hasAccessors:
		p.accessorList(&m, term, noBody)
		p.accessors = true
	case p.lx.is(term, "{"):
		m.Body, m.Reason = p.block(term, &m.BodyStart, &m.BodyEnd, &m.StartLine, &m.EndLine)
	case p.lx.is(term, "=>"):
		m.Body, m.Reason = p.expression(term, &m.BodyStart, &m.BodyEnd, &m.StartLine, &m.EndLine)
	case d.member == Event && noBody == "":
		m.Body, m.Reason = Implemented, "field-like event"
		p.skipRest(term) // event E A = null;
	default:
		m.Body, m.Reason = NoBody, noBody
		if noBody == "" {
			m.Reason = "no body"
		}
		p.skipRest(term)
	}
	m.End = max(m.BodyEnd, term.end)
	if m.BodyEnd == 0 && !p.lx.is(term, ";") {
		m.End = p.lx.pos // after the initializer or block skipRest passed over
	}
	p.file.Members = append(p.file.Members, m)
	for _, k := range d.more { // event EventHandler A, B;
		m2 := m
		m2.Name, m2.Line = p.lx.text(p.toks[k]), p.lx.lineOf(p.toks[k].start)
		p.file.Members = append(p.file.Members, m2)
	}
}

// noBodyReason says why a member of scope sc with these modifiers may have no
// body, or "" when it must have one.
func noBodyReason(mods modifier, sc *scope) string {
	switch {
	case sc.iface:
		return "interface member"
	case mods&modAbstract != 0:
		return "abstract"
	case mods&modExtern != 0:
		return "extern"
	case mods&modPartial != 0:
		return "partial declaration"
	}
	return ""
}

// block skips the block body opened by the { term and classifies it.
func (p *parser) block(term token, start, end, startLine, endLine *int) (BodyKind, string) {
	*start, *startLine = term.start, p.lx.lineOf(term.start)
	closing := p.lx.skipBlock()
	if closing < 0 {
		p.unclosed(term.start)
		closing = len(p.lx.src)
		*end = closing
	} else {
		*end = closing + 1
	}
	*endLine = p.lx.lineOf(closing)
	return classify(p.lx.src, p.lx.begin, term.end, closing, p.marker, p.lx.symbols, false)
}

// expression skips the expression body after the => term and classifies it.
func (p *parser) expression(term token, start, end, startLine, endLine *int) (BodyKind, string) {
	*start, *startLine = term.start, p.lx.lineOf(term.start)
	stop := p.lx.skipExpr()
	switch {
	case stop < 0:
		p.lx.errorf(term.start, "unterminated expression body: expected ;")
		p.lx.lost = true
		stop = len(p.lx.src)
		*end = stop
	case p.lx.src[stop] == ';':
		*end = stop + 1
	default: // the } of the enclosing block
		p.lx.errorf(stop, "unexpected }: expected ; ending the expression body")
		*end = stop
	}
	*endLine = p.lx.lineOf(max(*end-1, term.start))
	kind, reason := classify(p.lx.src, p.lx.begin, term.end, stop, p.marker, p.lx.symbols, true)
	if reason == reasonNoExpr {
		p.lx.errorf(term.start, "empty expression body: expected an expression after =>")
	}
	return kind, reason
}

// accessorList reads { get; set; } and the like, classifying each accessor.
// The member is a stub when every accessor has a body and all are stubs; an
// automatic accessor makes it implemented.
func (p *parser) accessorList(m *Member, open token, noBody string) {
	m.BodyStart, m.StartLine = open.start, p.lx.lineOf(open.start)
	base := p.lx.depth
	for !p.lx.fatal {
		t := p.lx.next()
		if t.kind == tEOF {
			p.unclosed(open.start)
			m.BodyEnd = len(p.lx.src)
			break
		}
		if p.lx.is(t, "}") {
			if p.lx.depth < base {
				m.BodyEnd = t.end
				break
			}
			continue
		}
		if p.lx.is(t, "[") { // an attribute section
			p.attributeSection()
			continue
		}
		switch w := string(p.lx.src[t.start:t.end]); {
		case t.kind == tIdent && accessorNames[w] != "":
			m.Accessors = append(m.Accessors, p.accessor(accessorNames[w], t, noBody))
		case t.kind == tIdent && accessorModifiers[w]:
		default:
			p.lx.errorf(t.start, "unexpected %s in the accessors of %s: expected get, set, init, add or remove", p.lx.text(t), m.Name)
			switch {
			case t.kind == tIdent:
				p.accessor(w, t, noBody) // a misspelt accessor: pass over its body
			case p.lx.is(t, "{") && p.lx.skipBlock() < 0:
				p.unclosed(t.start)
			}
		}
	}
	if m.BodyEnd == 0 { // the scan stopped inside the list
		m.BodyEnd = len(p.lx.src)
	}
	m.EndLine = p.lx.lineOf(max(m.BodyEnd-1, open.start))
	m.Body, m.Reason = foldAccessors(m.Accessors, noBody)
}

// accessorNames holds the accessor names once, not once per property.
var accessorNames = map[string]string{"get": "get", "set": "set", "init": "init", "add": "add", "remove": "remove"}

// accessorModifiers may stand before an accessor's name.
var accessorModifiers = map[string]bool{"public": true, "private": true, "protected": true, "internal": true, "readonly": true}

// attributeSection passes over the rest of an attribute section whose [
// was just read.
func (p *parser) attributeSection() {
	for nest := 1; nest > 0 && !p.lx.fatal; {
		t := p.lx.next()
		switch {
		case t.kind == tEOF:
			return
		case p.lx.is(t, "["):
			nest++
		case p.lx.is(t, "]"):
			nest--
		case p.lx.is(t, "{") && p.lx.skipBlock() < 0:
			p.unclosed(t.start)
		case p.lx.is(t, "}"):
			p.lx.depth++ // not an attribute's: leave it to close the list
			p.lx.pos = t.start
			return
		}
	}
}

// accessor reads the body, if any, of the accessor named by t. One without
// a body is automatic: implemented, unless the member may have no body.
func (p *parser) accessor(name string, t token, noBody string) Accessor {
	a := Accessor{Name: name, Line: p.lx.lineOf(t.start), Body: Implemented, Reason: "automatic"}
	if noBody != "" {
		a.Body = NoBody
	}
	var startLine, endLine int
	switch n := p.lx.next(); {
	case p.lx.is(n, "{"):
		a.Body, a.Reason = p.block(n, &a.BodyStart, &a.BodyEnd, &startLine, &endLine)
	case p.lx.is(n, "=>"):
		a.Body, a.Reason = p.expression(n, &a.BodyStart, &a.BodyEnd, &startLine, &endLine)
	case p.lx.is(n, ";"):
	default:
		p.lx.errorf(n.start, "unexpected %s after %s: expected ;, { or =>", p.lx.text(n), name)
		if p.lx.is(n, "}") {
			p.lx.depth++ // leave the } to close the list
		}
		p.lx.pos = n.start
	}
	return a
}

// foldAccessors classifies a property, indexer or event from its accessors.
func foldAccessors(as []Accessor, noBody string) (BodyKind, string) {
	if len(as) == 0 {
		return Stub, "no accessors"
	}
	stubs := 0
	for _, a := range as {
		switch {
		case a.BodyEnd == 0 && noBody != "":
			return NoBody, noBody
		case a.BodyEnd == 0:
			return Implemented, "automatic accessors"
		case a.Body == Stub:
			stubs++
		}
	}
	if stubs == len(as) {
		return Stub, as[0].Reason
	}
	return Implemented, ""
}
