package callgraph

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"

	"portwave/mage/inventory"
)

// declare records every function, method and type of the tree by the
// position of its name, which is how the type checker's objects lead back
// to a Key.
func (b *builder) declare() {
	type variant struct{ dir, recv, name string }
	variants := map[variant][]Key{}
	for _, p := range b.pkgs {
		b.funcs[p], b.methods[p], b.typeName[p] = map[string][]Key{}, map[string][]Key{}, map[string]bool{}
		for i, f := range p.files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					k := Key{File: p.names[i], Receiver: inventory.ReceiverName(d), Name: d.Name.Name}
					b.decls[d.Name.Pos()] = k
					if k.Receiver == "" {
						b.funcs[p][k.Name] = append(b.funcs[p][k.Name], k)
					} else {
						b.methods[p][k.Name] = append(b.methods[p][k.Name], k)
					}
					v := variant{p.dir, k.Receiver, k.Name}
					variants[v] = append(variants[v], k)
				case *ast.GenDecl:
					for _, s := range d.Specs {
						if ts, ok := s.(*ast.TypeSpec); ok {
							b.typeDecl[ts.Name.Pos()] = ts.Name.Name
							b.typeName[p][ts.Name.Name] = true
						}
					}
				}
			}
		}
	}
	for _, ks := range variants {
		if len(ks) < 2 {
			continue
		}
		for _, k := range ks {
			for _, o := range ks {
				if o != k {
					b.siblings[k] = append(b.siblings[k], o)
				}
			}
		}
	}
}

// check type-checks a package as far as it goes. Errors are expected (other
// platforms' files declare the same names, imports outside the tree are not
// resolved) and do not stop the checker: what it resolves is still right.
func (b *builder) check(p *pkg) {
	if p.info != nil || p.checking {
		return
	}
	p.checking = true
	p.info = &types.Info{Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer{b}, Error: func(error) {}, FakeImportC: true}
	p.types, _ = conf.Check(p.path, b.fset, p.files, p.info)
	p.checking = false
}

// importer checks the tree's own packages from source; every other import
// is left unresolved.
type importer struct{ b *builder }

var errOutside = errors.New("not in the Go tree")

func (im importer) Import(path string) (*types.Package, error) {
	p, ok := im.b.byPath[path]
	if !ok {
		return nil, errOutside
	}
	if p.checking {
		return nil, fmt.Errorf("import cycle through %s", path)
	}
	im.b.check(p)
	if p.types == nil {
		return nil, fmt.Errorf("%s did not type-check", path)
	}
	return p.types, nil
}

// walk collects what one function uses. Every identifier the checker
// resolved to a tracked function or type counts; a call whose function it
// could not resolve goes to name resolution.
func (b *builder) walk(p *pkg, file string, fd *ast.FuncDecl) Node {
	self := b.decls[fd.Name.Pos()]
	n := Node{Key: self, Line: b.fset.Position(fd.Pos()).Line}
	if fd.Body == nil {
		return n
	}
	imports := fileImports(p, file)
	used := map[string]bool{}
	add := func(k Key, at token.Pos, how How) {
		if k == self {
			return
		}
		pos := b.position(at)
		for _, c := range append([]Key{k}, b.siblings[k]...) {
			n.Calls = append(n.Calls, Call{Callee: c, Pos: pos, How: how})
		}
	}
	resolved := func(id *ast.Ident) bool {
		obj := p.info.Uses[id]
		switch obj := obj.(type) {
		case *types.Func:
			if k, ok := b.decls[obj.Origin().Pos()]; ok {
				add(k, id.Pos(), ByType)
			}
			return true
		case *types.TypeName:
			if name, ok := b.typeDecl[obj.Pos()]; ok {
				used[name] = true
			}
			return true
		case nil:
			return false
		}
		return true
	}
	ast.Inspect(fd.Body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.Ident:
			if !resolved(x) && b.typeName[p][x.Name] {
				used[x.Name] = true
			}
		case *ast.CallExpr:
			b.byName(p, imports, x.Fun, add)
		}
		return true
	})
	for _, f := range []*ast.FieldList{fd.Type.Params, fd.Type.Results} {
		if f == nil {
			continue
		}
		ast.Inspect(f, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok && !resolved(id) && b.typeName[p][id.Name] {
				used[id.Name] = true
			}
			return true
		})
	}
	delete(used, self.Receiver)
	for name := range used {
		n.Types = append(n.Types, name)
	}
	slices.Sort(n.Types)
	return n
}

// byName resolves a call the type checker left open: a plain name to the
// package's functions of that name, pkg.F to the imported tree package's
// F, x.m to the package's methods named m when they all share one
// receiver type. Anything else is left out rather than guessed.
func (b *builder) byName(p *pkg, imports map[string]string, fun ast.Expr, add func(Key, token.Pos, How)) {
	fun = ast.Unparen(fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	switch f := fun.(type) {
	case *ast.Ident:
		if _, ok := p.info.Uses[f]; ok {
			return
		}
		for _, k := range b.funcs[p][f.Name] {
			add(k, f.Pos(), ByName)
		}
	case *ast.SelectorExpr:
		if _, ok := p.info.Uses[f.Sel]; ok {
			return
		}
		if x, ok := f.X.(*ast.Ident); ok {
			if path, ok := imports[x.Name]; ok {
				if q, ok := b.byPath[path]; ok {
					for _, k := range b.funcs[q][f.Sel.Name] {
						add(k, f.Sel.Pos(), ByName)
					}
				}
				return
			}
			if v, ok := p.info.Uses[x].(*types.Var); ok && types.Unalias(v.Type()) != types.Typ[types.Invalid] {
				return // the checker knew x's type and found no such method of the tree in it
			}
		}
		ks := b.methods[p][f.Sel.Name]
		if len(ks) == 0 {
			return
		}
		for _, k := range ks[1:] {
			if k.Receiver != ks[0].Receiver {
				return // ambiguous
			}
		}
		add(ks[0], f.Sel.Pos(), ByName)
		// the others are build-tag variants, which add already covers
	}
}

// fileImports maps the names a file gives its imports to their paths.
func fileImports(p *pkg, file string) map[string]string {
	i := slices.Index(p.names, file)
	out := map[string]string{}
	for _, s := range p.files[i].Imports {
		path, err := strconv.Unquote(s.Path.Value)
		if err != nil {
			continue
		}
		name := path[lastSlash(path)+1:]
		if s.Name != nil {
			name = s.Name.Name
		}
		out[name] = path
	}
	return out
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

func (b *builder) position(at token.Pos) Pos {
	pp := b.fset.Position(at)
	return Pos{File: pp.Filename, Line: pp.Line, Col: pp.Column}
}
