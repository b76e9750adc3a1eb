package csharp

import "fmt"

// declaration acts on the collected tokens given the terminator. Whatever
// it cannot read and is followed by code (a block or an => expression) is
// an error at the token where reading went wrong: skipping it would hide
// the members it holds.
func (p *parser) declaration(term token) {
	d := p.analyse()
	sc := p.inner()
	init := p.accessors // an initializer may follow an accessor list
	p.accessors = false
	inType := sc != nil && sc.typeName != ""
	code := p.lx.is(term, "{") || p.lx.is(term, "=>")
	switch {
	case d.kind == dNamespace && inType:
		p.lx.errorf(d.name.start, "a namespace inside the type %s: expected a member or a type", sc.full)
		p.skipRest(term)
	case d.kind == dNamespace && p.lx.is(term, "{"):
		p.openNamespace(d, term)
	case d.kind == dNamespace && p.lx.is(term, ";"):
		p.openNamespace(d, token{})
	case d.kind == dNamespace:
		p.lx.errorf(term.start, "unexpected %s after the namespace name: expected { or ;", p.lx.text(term))
		p.skipRest(term)
	case d.kind == dType && !p.lx.is(term, "{") && !p.lx.is(term, ";"):
		p.lx.errorf(term.start, "unexpected %s after the head of %s: expected { or ;", p.lx.text(term), p.lx.text(d.name))
		p.skipRest(term)
	case d.kind == dType:
		p.openType(d, term)
	case d.kind == dExtension:
		p.extension(d, term, sc)
	case len(p.toks) == 0 && p.lx.is(term, "=") && init:
		p.skipRest(term) // { get; set; } = value;
		if n := len(p.file.Members); n > 0 {
			p.file.Members[n-1].End = p.lx.pos // the initializer is part of the property
		}
	case len(p.toks) == 0 && inType && !p.lx.is(term, ";"):
		p.lx.errorf(term.start, "unexpected %s: expected a member or a type", p.lx.text(term))
		p.skipRest(term)
	case d.kind == dMember && inType && d.member == Property && !code:
		p.skipRest(term) // a field: a name followed by ; or =
	case d.kind == dMember && inType:
		p.member(&d, term, sc)
	case !code:
		p.skipRest(term) // fields, usings, delegates, statements: no body to lose
	case inType:
		p.unreadable(d, term, "a member or a type")
		p.skipRest(term)
	case sc == nil && !p.declared && p.statement(d):
		p.skipRest(term) // a top-level statement or local function
	case d.kind == dMember && (d.member != Property || p.closed != ""):
		where := ""
		if p.closed != "" {
			line, col := p.lx.lineCol(p.closedAt)
			where = fmt.Sprintf(" (the } at %d:%d closed %s)", line, charCol(p.lx.src, p.closedAt, col), p.closed)
		}
		p.lx.errorf(d.name.start, "%s %s outside any type%s: expected a namespace or a type declaration", d.member, p.lx.text(d.name), where)
		p.skipRest(term)
	default:
		p.unreadable(d, term, "a namespace or a type declaration")
		p.skipRest(term)
	}
}

// unreadable reports a declaration head that is not C# the scanner knows,
// at the token analyse stopped at, or at the first word after the
// attributes and modifiers.
func (p *parser) unreadable(d decl, term token, want string) {
	at, w := d.bad, d.want
	if at < 0 {
		at, w = d.head, want
	}
	if at >= len(p.toks) {
		p.lx.errorf(term.start, "cannot read this declaration: unexpected %s, expected %s", p.lx.text(term), w)
		return
	}
	p.lx.errorf(p.toks[at].start, "cannot read this declaration: unexpected %s, expected %s", p.lx.text(p.toks[at]), w)
}

// statementWords start the statements that may be followed by a block or
// an expression at file level, where a program's top-level statements are.
var statementWords = map[string]bool{
	"if": true, "else": true, "for": true, "foreach": true, "while": true, "do": true, "switch": true,
	"try": true, "catch": true, "finally": true, "lock": true, "using": true, "fixed": true, "unsafe": true,
	"checked": true, "unchecked": true, "return": true, "throw": true, "await": true, "new": true, "yield": true,
}

// statement reports whether a head at file level followed by code is a
// top-level statement: a block, a statement keyword or a local function.
func (p *parser) statement(d decl) bool {
	switch {
	case len(p.toks) == 0 || statementWords[p.word(0)] || statementWords[p.word(d.head)]:
		return true
	case d.bad >= 0:
		return false
	}
	return d.kind == dMember && d.member == Method
}

// extension opens a C# 14 extension(T) block. It must be a block, in a
// static, non-generic, top-level class; one elsewhere is an error, and its
// members are still read so that the file lists them.
func (p *parser) extension(d decl, term token, sc *scope) {
	switch {
	case !p.lx.is(term, "{"):
		p.lx.errorf(term.start, "unexpected %s after extension(...): expected {", p.lx.text(term))
		p.skipRest(term)
		return
	case sc == nil || sc.typeName == "":
		p.lx.errorf(d.name.start, "extension block outside a static class: expected static class { extension(T) { ... } }")
		p.skipRest(term)
		return
	case sc.extends != "":
		p.lx.errorf(d.name.start, "extension block inside the extension block for %s: expected it directly in a static class", sc.extends)
	case sc.kind != Class || !sc.static || sc.generic || sc.nested:
		p.lx.errorf(d.name.start, "extension block in %s, %s: expected a static, non-generic, top-level class", sc.full, describe(sc))
	}
	p.push(scope{depth: p.lx.depth, open: term.start, line: p.lx.lineOf(term.start), full: sc.full, ns: sc.ns, typeName: sc.typeName,
		kind: sc.kind, static: sc.static, generic: sc.generic, nested: sc.nested, extends: d.extends}, d.name.start)
}

// describe says what a type scope is, for the extension block's error.
func describe(sc *scope) string {
	switch {
	case sc.kind != Class:
		return "a " + string(sc.kind)
	case !sc.static:
		return "a class that is not static"
	case sc.generic:
		return "a generic class"
	}
	return "a nested class"
}
