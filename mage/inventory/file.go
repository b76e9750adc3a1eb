package inventory

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"portwave/mage/port"
)

// parseMode skips what the inventory never looks at: comments and
// identifier resolution are most of go/parser's work beyond the syntax tree.
// Without parser.AllErrors a broken file reports what go build would show:
// the first error of each line, at most ten per file, and not the cascade
// that follows a missing brace.
const parseMode = parser.SkipObjectResolution

// parseFile reads one file and returns its declarations in source order:
// features for a regular file, tests for a _test.go file.
func parseFile(root, rel string) ([]Decl, []ParseError) {
	name := joinRoot(root, rel)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, nil, parseMode)
	if err != nil {
		return nil, parseErrors(name, err)
	}
	if isTestFile(rel) {
		return testsOf(f, fset, rel), nil
	}
	return featuresOf(f, fset, rel), nil
}

func parseErrors(name string, err error) []ParseError {
	var list scanner.ErrorList
	if !errors.As(err, &list) {
		return []ParseError{{File: name, Msg: err.Error()}}
	}
	out := make([]ParseError, 0, len(list))
	for _, e := range list {
		out = append(out, ParseError{File: name, Line: e.Pos.Line, Col: e.Pos.Column, Msg: e.Msg})
	}
	return out
}

func isTestFile(rel string) bool { return strings.HasSuffix(rel, "_test.go") }

// featuresOf lists every top-level function and method, init included.
func featuresOf(f *ast.File, fset *token.FileSet, rel string) []Decl {
	var out []Decl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			out = append(out, newDecl(port.Feature, fd, fset, rel))
		}
	}
	return out
}

// testsOf lists the functions `go test` would run as tests.
func testsOf(f *ast.File, fset *token.FileSet, rel string) []Decl {
	testing, dot := testingImport(f)
	var out []Decl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && isTest(fd, testing, dot) {
			out = append(out, newDecl(port.Test, fd, fset, rel))
		}
	}
	return out
}

func newDecl(kind port.Kind, fd *ast.FuncDecl, fset *token.FileSet, rel string) Decl {
	// FuncDecl.Pos is the func keyword: the doc comment is not counted, as in
	// the port's tracker. End is the closing brace, or the signature's end
	// for a function implemented in assembly.
	start := fset.Position(fd.Pos()).Line
	end := fset.Position(fd.End()).Line
	return Decl{
		Kind:        kind,
		GoFile:      rel,
		GoReceiver:  ReceiverName(fd),
		GoName:      fd.Name.Name,
		GoLine:      start,
		GoLineCount: end - start + 1,
	}
}

// ReceiverName is the receiver's type name without pointer or type
// parameters: Server for (s *Server), List for (l *List[K, V]). The call
// graph names functions by it too, so both agree on which item is which.
func ReceiverName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	expr := fd.Recv.List[0].Type
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.ParenExpr:
			expr = e.X
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}

// testingImport returns the name the file uses for package testing, and
// whether it is dot-imported. The name is "" when the file does not import it.
func testingImport(f *ast.File) (name string, dot bool) {
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err != nil || p != "testing" {
			continue
		}
		if imp.Name == nil {
			return "testing", false
		}
		if imp.Name.Name == "." {
			return "", true
		}
		return imp.Name.Name, false
	}
	return "", false
}

// isTest applies the rule of `go test`: a top-level, non-generic function
// named Test, or Test followed by anything but a lower-case letter, taking
// one *testing.T and returning nothing. TestMain(m *testing.M) is the test
// binary's entry point, not a test, and fails the signature check.
func isTest(fd *ast.FuncDecl, testing string, dot bool) bool {
	if fd.Recv != nil || fd.Type.TypeParams != nil || !hasTestPrefix(fd.Name.Name) {
		return false
	}
	ft := fd.Type
	if ft.Results != nil && len(ft.Results.List) > 0 {
		return false
	}
	if ft.Params == nil || len(ft.Params.List) != 1 || len(ft.Params.List[0].Names) > 1 {
		return false
	}
	star, ok := ft.Params.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	switch x := star.X.(type) {
	case *ast.Ident: // *T with a dot import
		return dot && x.Name == "T"
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		return ok && testing != "" && pkg.Name == testing && x.Sel.Name == "T"
	}
	return false
}

// hasTestPrefix is `go test`'s isTest: TestFoo and Test_foo and Test count,
// Testify does not.
func hasTestPrefix(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLower(r)
}
