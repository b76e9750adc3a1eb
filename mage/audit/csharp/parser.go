package csharp

// maxDeclTokens bounds the tokens kept for one declaration. Real declarations
// are far shorter; the bound keeps memory flat on hostile input, where the
// rest of an overlong declaration is read but not kept.
const maxDeclTokens = 4096

// maxScopes bounds the nesting of namespaces and types, whose full names
// would otherwise grow with the depth and make hostile input quadratic.
const maxScopes = 64

// scope is an open namespace or type body.
type scope struct {
	depth    int    // lexer brace depth inside the body (0 for a file-scoped namespace)
	open     int    // offset of the { that opens the body
	line     int    // its line
	full     string // full name of the namespace or type
	ns       string // enclosing namespace
	typeName string // simple name; empty for a namespace
	kind     TypeKind
	iface    bool   // an interface body: members without bodies are declarations
	static   bool   // a static type
	generic  bool   // a type with type parameters
	nested   bool   // a type inside another type
	extends  string // in an extension(T) block: T's simple name
}

// parser walks declarations: namespaces and types open scopes, members are
// recorded with their bodies, and everything else is skipped.
type parser struct {
	lx     lexer
	file   *File
	marker []byte
	scopes []scope
	toks   []token
	attrs  [][2]int // attribute sections of the current declaration, as token ranges
	// accessors is set when the last declaration ended with an accessor
	// list, which an initializer (= value;) may follow.
	accessors bool
	// declared is set once the file declares a namespace or a type: top-level
	// statements may only come before.
	declared bool
	// closedAt and closed are the } that closed the last type and its
	// name: a member found outside any type after it most likely lost its
	// type to a stray }.
	closedAt int
	closed   string
}

func (p *parser) run() {
	for !p.lx.fatal {
		t := p.lx.next()
		if t.kind == tEOF {
			break
		}
		term := p.collect(t)
		if len(p.toks) > 0 || !p.lx.is(term, "}") {
			p.declaration(term)
		}
		if p.lx.is(term, "}") {
			p.close(term)
		}
		if term.kind == tEOF {
			break
		}
	}
	p.finish()
}

// collect gathers the tokens of one declaration, starting with first, up to
// the token that ends its head: { ; = => or } outside parentheses and
// brackets. The terminator is returned, not kept.
func (p *parser) collect(first token) token {
	p.toks = p.toks[:0]
	nest := 0
	operator := false // between "operator" and its "(", where += is a symbol
	src := p.lx.src
	for t := first; ; t = p.lx.next() {
		if t.kind == tEOF || p.lx.fatal {
			return token{kind: tEOF, start: len(src), end: len(src)}
		}
		if t.kind == tIdent && t.end-t.start == 8 && string(src[t.start:t.end]) == "operator" {
			operator = true
		}
		if t.kind == tPunct {
			c := src[t.start]
			single := t.end-t.start == 1
			if nest == 0 && (single && (c == '{' || c == '}' || c == ';' || c == '=' && !operator) || !single && c == '=' && src[t.start+1] == '>') {
				return t
			}
			if single {
				switch c {
				case '(', '[', '{':
					nest++
					operator = false
				case ')', ']', '}':
					nest = max(nest-1, 0)
				}
			}
		}
		if len(p.toks) < maxDeclTokens {
			p.toks = append(p.toks, t)
		}
	}
}

// close handles a } read in token mode: it ends the scopes it closes.
func (p *parser) close(t token) {
	if p.lx.depth < 0 {
		p.lx.errorf(t.start, "unexpected }: no block is open")
		p.lx.depth = 0
	}
	for len(p.scopes) > 0 && p.scopes[len(p.scopes)-1].depth > p.lx.depth {
		if s := p.scopes[len(p.scopes)-1]; s.typeName != "" {
			p.closedAt, p.closed = t.start, s.full
		}
		p.scopes = p.scopes[:len(p.scopes)-1]
	}
}

// finish reports what is still open at the end of the input.
func (p *parser) finish() {
	for _, s := range p.scopes {
		if s.depth > 0 {
			p.lx.errorf(s.open, "unclosed { of %s: expected }", s.full)
			p.lx.lost = true
			break
		}
	}
	p.lx.finish()
}

// inner returns the innermost scope, or nil at file level.
func (p *parser) inner() *scope {
	if len(p.scopes) == 0 {
		return nil
	}
	return &p.scopes[len(p.scopes)-1]
}

// skipRest passes over whatever follows a declaration head that is not
// recorded: a block, or an initializer or expression up to its ;.
func (p *parser) skipRest(term token) {
	switch {
	case p.lx.is(term, "{"):
		if p.lx.skipBlock() < 0 {
			p.unclosed(term.start)
		}
	case p.lx.is(term, "=") || p.lx.is(term, "=>"):
		switch end := p.lx.skipExpr(); {
		case end < 0:
			p.lx.errorf(term.start, "unterminated expression: expected ;")
			p.lx.lost = true
		case p.lx.src[end] == '}':
			p.lx.errorf(end, "unexpected }: expected ; ending the expression after %s", p.lx.text(term))
		}
	}
}

func (p *parser) unclosed(open int) {
	p.lx.errorf(open, "unclosed {: expected } before the end of the file")
	p.lx.lost = true
}

// push opens a scope unless that nests too deep, which stops the scan.
func (p *parser) push(s scope, at int) {
	if len(p.scopes) == maxScopes {
		p.lx.errorf(at, "namespaces and types nested more than %d deep", maxScopes)
		p.lx.stop()
		return
	}
	p.scopes = append(p.scopes, s)
}

func (p *parser) openNamespace(d decl, term token) {
	full := d.nsName
	if sc := p.inner(); sc != nil && sc.full != "" {
		full = sc.full + "." + d.nsName
	}
	s := scope{full: full, ns: full}
	if term.end > 0 {
		s.depth, s.open, s.line = p.lx.depth, term.start, p.lx.lineOf(term.start)
	}
	p.declared = true
	p.push(s, d.name.start)
}

func (p *parser) openType(d decl, term token) {
	name := p.lx.text(d.name)
	t := Type{Name: name, FullName: name, Kind: d.typeKind, Arity: d.arity, Partial: d.mods&modPartial != 0, Line: p.lx.lineOf(d.name.start)}
	if sc := p.inner(); sc != nil {
		t.Namespace = sc.ns
		if sc.full != "" {
			t.FullName = sc.full + "." + name
		}
	}
	p.file.Types = append(p.file.Types, t)
	nested := p.inner() != nil && p.inner().typeName != ""
	p.declared = true
	if !p.lx.is(term, "{") || t.Kind == Enum {
		p.skipRest(term)
		return
	}
	p.push(scope{depth: p.lx.depth, open: term.start, line: p.lx.lineOf(term.start), full: t.FullName, ns: t.Namespace, typeName: name,
		kind: t.Kind, iface: t.Kind == Interface, static: d.mods&modStatic != 0, generic: t.Arity > 0, nested: nested}, d.name.start)
}
