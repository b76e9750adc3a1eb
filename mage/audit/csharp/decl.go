package csharp

import "strings"

// declKind is what the head of a declaration turned out to be.
type declKind uint8

const (
	dOther     declKind = iota // fields, usings, delegates, statements, anything unknown
	dNamespace                 // namespace N { or namespace N;
	dType                      // class, struct, interface, enum, record
	dMember                    // a member with a name, recorded with its body
	dExtension                 // extension(T) { ... } or extension<T>(T) { ... }: a C# 14 extension block
)

// decl is the analysed head of a declaration.
type decl struct {
	kind     declKind
	mods     modifier
	name     token // of the type or member ("this" for indexers, "operator" for operators)
	nsName   string
	typeKind TypeKind
	arity    int
	member   MemberKind
	opName   string
	explicit [2]int // token range of an explicit interface qualifier, without the final dot
	more     []int  // token indexes of further names in "event E A, B;"
	paren    int    // token index of a method's parameter list, 0 when none
	extends  string // the receiver type of an extension block
}

// modifier is a set of the declaration modifiers the scanner cares about.
type modifier uint16

const (
	modStatic modifier = 1 << iota
	modAbstract
	modExtern
	modPartial
	modImplicit
	modExplicit
	modOther
)

// modifierOf returns the modifier a word stands for. Contextual keywords
// count only where a type or name follows, so a member named "async" is a
// name.
func modifierOf(w string, nextIsName bool) (modifier, bool) {
	switch w {
	case "static":
		return modStatic, true
	case "abstract":
		return modAbstract, true
	case "extern":
		return modExtern, true
	case "implicit":
		return modImplicit, true
	case "explicit":
		return modExplicit, true
	case "public", "private", "protected", "internal", "readonly", "const", "volatile", "virtual",
		"override", "sealed", "unsafe", "new", "fixed", "ref":
		return modOther, true
	case "partial":
		return modPartial, nextIsName
	case "async", "required", "file", "scoped":
		return modOther, nextIsName
	}
	return 0, false
}

// analyse reads p.toks as a declaration head: attribute sections, modifiers,
// then a namespace, a type, or a member name.
func (p *parser) analyse() (d decl) {
	ts := p.toks
	p.attrs = p.attrs[:0]
	i := 0
	for i < len(ts) && p.punct(i, '[') {
		j := p.match(i)
		p.attrs = append(p.attrs, [2]int{i + 1, j})
		i = j + 1
	}
	for i < len(ts) && ts[i].kind == tIdent {
		next := i+1 < len(ts) && (ts[i+1].kind == tIdent || p.punct(i+1, '('))
		m, ok := modifierOf(p.word(i), next)
		if !ok {
			break
		}
		d.mods |= m
		i++
	}
	if i >= len(ts) {
		return d
	}
	switch p.word(i) {
	case "class":
		return p.typeHead(d, Class, i+1)
	case "struct":
		return p.typeHead(d, Struct, i+1)
	case "interface":
		return p.typeHead(d, Interface, i+1)
	case "enum":
		return p.typeHead(d, Enum, i+1)
	case "record":
		if i+1 < len(ts) && ts[i+1].kind == tIdent {
			switch p.word(i + 1) {
			case "struct":
				return p.typeHead(d, RecordStruct, i+2)
			case "class":
				return p.typeHead(d, Record, i+2)
			}
			return p.typeHead(d, Record, i+1)
		}
	case "namespace":
		var b strings.Builder
		for j := i + 1; j < len(ts) && (ts[j].kind == tIdent || p.punct(j, '.')); j++ {
			b.WriteString(p.word(j))
		}
		d.kind, d.name, d.nsName = dNamespace, ts[i], b.String()
		return d
	case "using":
		return d
	case "delegate":
		if !p.punct(i+1, '*') { // a delegate type; delegate* is a function pointer type
			return d
		}
	case "event":
		return p.eventHead(d, i+1)
	case "operator": // implicit operator T(...) and explicit operator T(...)
		d.kind, d.member, d.name = dMember, Operator, ts[i]
		d.opName = conversionName(d.mods&modImplicit != 0, i+1 < len(ts) && p.word(i+1) == "checked")
		return d
	}
	if p.punct(i, '~') && i+2 < len(ts) && ts[i+1].kind == tIdent && p.punct(i+2, '(') {
		d.kind, d.member, d.name = dMember, Finalizer, ts[i+1]
		return d
	}
	if p.word(i) == "extension" && (p.punct(i+1, '(') || p.punct(i+1, '<')) && !p.inType("extension") {
		j := i + 1
		if p.punct(j, '<') {
			j = p.match(j) + 1
		}
		if p.punct(j, '(') {
			d.kind, d.name, d.extends = dExtension, ts[i], p.paramType(j+1)
			return d
		}
	}
	if ts[i].kind == tIdent && i+1 < len(ts) && p.punct(i+1, '(') {
		d.kind, d.member, d.name, d.paren = dMember, Method, ts[i], i+1
		if sc := p.inner(); sc != nil && sc.typeName == p.word(i) {
			d.member = Constructor
			if d.mods&modStatic != 0 {
				d.member = StaticConstructor
			}
		}
		return d
	}
	j := p.skipType(i)
	if j < 0 || j >= len(ts) {
		return d
	}
	return p.memberHead(d, j)
}

// typeHead reads the name and type parameters after a type keyword.
func (p *parser) typeHead(d decl, k TypeKind, i int) decl {
	if i >= len(p.toks) || p.toks[i].kind != tIdent {
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
		if ts[j].kind != tIdent {
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
		}
		return d // anything else after a name is a field
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
