package inventory

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"strings"

	"portwave/mage/port"
)

// GoFunc is what the Go source says about one tracked function beyond its
// location: the audit and validate weigh C# members against it, prompts
// quote its documentation.
type GoFunc struct {
	Signature string // func (s *Server) healthz(opts *HealthzOptions) *HealthStatus
	Params    int    // parameters, receiver excluded; a variadic one counts once
	BodyEmpty bool   // the body holds no statement: an empty C# body is a faithful port
	Doc       string // the doc comment, with its // or /* */ markers
}

// FuncKey names an item in a GoFuncs map.
type FuncKey struct {
	Kind port.Kind
	ID   int
}

// GoFuncs reads the Go files of the given items under root and describes
// each item it finds there, matched by name, receiver and line. Items whose
// file is missing or does not parse are left out: callers fall back to what
// porting.db alone says. Only the files the items name are read.
func GoFuncs(root string, items []port.Item) map[FuncKey]GoFunc {
	byFile := map[string][]port.Item{}
	for _, it := range items {
		if it.GoFile != "" {
			byFile[it.GoFile] = append(byFile[it.GoFile], it)
		}
	}
	out := map[FuncKey]GoFunc{}
	for rel, its := range byFile {
		name := joinRoot(root, rel)
		src, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		type key struct{ recv, name string }
		decls := map[key][]*ast.FuncDecl{}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				k := key{ReceiverName(fd), fd.Name.Name}
				decls[k] = append(decls[k], fd)
			}
		}
		for _, it := range its {
			cands := decls[key{it.GoReceiver, it.GoName}]
			var fd *ast.FuncDecl
			for _, c := range cands { // init may repeat: the line tells them apart
				if fd == nil || fset.Position(c.Pos()).Line == it.GoLine {
					fd = c
				}
			}
			if fd != nil {
				out[FuncKey{it.Kind, it.ID}] = describe(fset, src, fd)
			}
		}
	}
	return out
}

func describe(fset *token.FileSet, src []byte, fd *ast.FuncDecl) GoFunc {
	g := GoFunc{BodyEmpty: fd.Body != nil && len(fd.Body.List) == 0}
	if fd.Type.Params != nil {
		for _, p := range fd.Type.Params.List {
			g.Params += max(len(p.Names), 1)
		}
	}
	sig := *fd
	sig.Body, sig.Doc = nil, nil
	var b bytes.Buffer
	if err := (&printer.Config{Mode: printer.RawFormat}).Fprint(&b, fset, &sig); err == nil {
		g.Signature = strings.Join(strings.Fields(b.String()), " ")
	}
	if fd.Doc != nil {
		start, end := fset.Position(fd.Doc.Pos()).Offset, fset.Position(fd.Doc.End()).Offset
		if start >= 0 && end <= len(src) && start < end {
			g.Doc = string(src[start:end])
		}
	}
	return g
}
