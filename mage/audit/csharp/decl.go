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
	head     int    // token index of the first word after the attributes and modifiers
	bad      int    // token index where reading went wrong, or -1
	want     string // what was expected at bad
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
	d.bad = -1
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
	d.head = i
	if i >= len(ts) {
		return d
	}
	if i+1 < len(ts) && ts[i].kind == tIdent && ts[i+1].kind == tIdent && isReserved(p.word(i+1)) && !afterType(p.word(i+1)) &&
		!isReserved(p.word(i)) && p.word(i) != "record" {
		// pubic class C, or a word the scanner does not know before a
		// keyword: not a type, since no name can be a keyword.
		d.bad, d.want = i, "a modifier or a declaration keyword before "+p.word(i+1)
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
		if isReserved(p.word(i)) {
			d.bad, d.want = i, "a member name"
			return d
		}
		d.kind, d.member, d.name, d.paren = dMember, Method, ts[i], i+1
		if sc := p.inner(); sc != nil && (sc.typeName == p.word(i) || sc.typeName == p.lx.text(ts[i])) {
			d.member = Constructor
			if d.mods&modStatic != 0 {
				d.member = StaticConstructor
			}
		}
		return d
	}
	j := p.skipType(i)
	if j < 0 || j >= len(ts) {
		d.bad, d.want = max(j, i), "a type and a member name"
		return d
	}
	return p.memberHead(d, j)
}
