package callgraph

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"runtime"
	"slices"

	"github.com/sourcegraph/conc/pool"
)

// pkg is one package of the tree: the files of one directory with one
// package name.
type pkg struct {
	dir, name, path string
	files           []*ast.File
	names           []string // the files' slash paths, same order
	types           *types.Package
	info            *types.Info
	checking        bool
}

// builder type-checks the tree's packages on demand and walks their
// function bodies.
type builder struct {
	src    *source
	fset   *token.FileSet
	byPath map[string]*pkg // import path -> the package (the first by name when a directory holds several)
	pkgs   []*pkg          // by directory, then name

	decls    map[token.Pos]Key         // a function's name -> its key
	typeDecl map[token.Pos]string      // a type's name -> the name
	siblings map[Key][]Key             // same directory, receiver and name, other files (build-tag variants)
	funcs    map[*pkg]map[string][]Key // package-level functions by name
	methods  map[*pkg]map[string][]Key // methods by name
	typeName map[*pkg]map[string]bool  // package-level types by name
}

// build parses and resolves the tree read into src.
func build(ctx context.Context, src *source) (*Graph, error) {
	b := &builder{src: src, fset: token.NewFileSet(), byPath: map[string]*pkg{},
		decls: map[token.Pos]Key{}, typeDecl: map[token.Pos]string{}, siblings: map[Key][]Key{},
		funcs: map[*pkg]map[string][]Key{}, methods: map[*pkg]map[string][]Key{}, typeName: map[*pkg]map[string]bool{}}
	g := &Graph{}
	if err := b.parse(ctx, g); err != nil {
		return nil, err
	}
	b.declare()
	for _, p := range b.pkgs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b.check(p)
		for i, f := range p.files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					g.Nodes = append(g.Nodes, b.walk(p, p.names[i], fd))
				}
			}
		}
	}
	g.reindex()
	return g, nil
}

// parse parses every file in parallel into the shared file set (which is
// safe for concurrent use; positions are only ever turned into file:line:col).
func (b *builder) parse(ctx context.Context, g *Graph) error {
	parsed := make([]*ast.File, len(b.src.names))
	errs := make([]error, len(b.src.names))
	p := pool.New().WithMaxGoroutines(runtime.GOMAXPROCS(0))
	for i, name := range b.src.names {
		p.Go(func() {
			if ctx.Err() != nil {
				return
			}
			parsed[i], errs[i] = parser.ParseFile(b.fset, name, b.src.files[name], parser.SkipObjectResolution)
		})
	}
	p.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	byDir := map[[2]string]*pkg{}
	for i, name := range b.src.names {
		if errs[i] != nil {
			g.Skipped = append(g.Skipped, fmt.Sprintf("%s: %v", name, errs[i]))
			continue
		}
		f := parsed[i]
		dir := path.Dir(name)
		k := [2]string{dir, f.Name.Name}
		pk, ok := byDir[k]
		if !ok {
			pk = &pkg{dir: dir, name: f.Name.Name, path: b.src.importPath(dir)}
			byDir[k] = pk
			b.pkgs = append(b.pkgs, pk)
		}
		pk.files = append(pk.files, f)
		pk.names = append(pk.names, name)
	}
	slices.SortFunc(b.pkgs, func(x, y *pkg) int {
		if x.dir != y.dir {
			if x.dir < y.dir {
				return -1
			}
			return 1
		}
		return len(y.files) - len(x.files) // the directory's main package first
	})
	for _, pk := range b.pkgs {
		if _, ok := b.byPath[pk.path]; !ok {
			b.byPath[pk.path] = pk
		}
	}
	return nil
}
