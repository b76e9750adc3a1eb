package demo_test

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing"

	"portwave/mage/demo"
)

// row is one line of the README's ID tables: a Go function or test and the
// C# member it maps to.
type row struct {
	ID       int
	File     string
	Receiver string
	Name     string
	CSharp   string // Class.Member
	Status   string
}

// classMap is the receiver mapping portwave.yaml declares.
var classMap = map[string]string{"Server": "NatsServer", "client": "ClientConnection"}

// goFiles parses every Go file under the example's go/ directory, keyed by its
// path relative to go/.
func goFiles(t *testing.T) map[string]*ast.File {
	t.Helper()
	root, err := fs.Sub(demo.ExampleFS(), "go")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	fset := token.NewFileSet()
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		src, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files[p] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// inventory numbers the example the way portwave's inventory does: files
// sorted by (directory, name), declarations in source order, functions and
// methods alike; TestXxx functions of _test.go files numbered apart.
func inventory(t *testing.T) (features, tests []row) {
	t.Helper()
	files := goFiles(t)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		di, dj := path.Dir(names[i]), path.Dir(names[j])
		if di != dj {
			return di < dj
		}
		return path.Base(names[i]) < path.Base(names[j])
	})
	for _, name := range names {
		for _, decl := range files[name].Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			r := row{File: name, Name: fn.Name.Name}
			if fn.Recv != nil {
				r.Receiver = receiverName(fn.Recv.List[0].Type)
			}
			switch {
			case !strings.HasSuffix(name, "_test.go"):
				r.ID = len(features) + 1
				r.CSharp = csharpFeature(r)
				features = append(features, r)
			case fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test"):
				r.ID = len(tests) + 1
				r.CSharp = csharpTest(r)
				tests = append(tests, r)
			}
		}
	}
	return features, tests
}

func receiverName(expr ast.Expr) string {
	switch e := expr.(type) {
	case *ast.StarExpr:
		return receiverName(e.X)
	case *ast.IndexExpr:
		return receiverName(e.X)
	case *ast.Ident:
		return e.Name
	}
	return ""
}

// csharpFeature maps a feature by the NatsNet convention: mapped receivers,
// other receivers in PascalCase, standalone functions in <File>Helpers.
func csharpFeature(r row) string {
	class := classMap[r.Receiver]
	switch {
	case class != "":
	case r.Receiver != "":
		class = upperFirst(r.Receiver)
	default:
		var b strings.Builder
		for _, part := range strings.Split(strings.TrimSuffix(path.Base(r.File), ".go"), "_") {
			b.WriteString(upperFirst(part))
		}
		class = b.String() + "Helpers"
	}
	member := upperFirst(r.Name)
	if r.Name == "String" {
		member = "ToString"
	}
	return class + "." + member
}

// csharpTest maps a test to <File>Tests.<Name without Test>.
func csharpTest(r row) string {
	file := strings.ReplaceAll(strings.TrimSuffix(path.Base(r.File), "_test.go"), "_", "")
	return upperFirst(file) + "Tests." + strings.TrimPrefix(r.Name, "Test")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

type readmeTables struct{ features, tests []row }

// readmeRows reads the ID tables of example/README.md. Rows naming a
// _test.go file are tests; the others are features.
func readmeRows(t *testing.T) readmeTables {
	t.Helper()
	data, err := fs.ReadFile(demo.ExampleFS(), "README.md")
	if err != nil {
		t.Fatal(err)
	}
	var tables readmeTables
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) != 8 || cells[0] != "" || cells[7] != "" {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		id, err := strconv.Atoi(cells[1])
		if err != nil {
			continue // the header and separator rows
		}
		r := row{ID: id, File: cells[2], Receiver: cells[3], Name: cells[4], CSharp: cells[5], Status: cells[6]}
		if strings.HasSuffix(r.File, "_test.go") {
			tables.tests = append(tables.tests, r)
		} else {
			tables.features = append(tables.features, r)
		}
	}
	if len(tables.features) == 0 || len(tables.tests) == 0 {
		t.Fatalf("README.md: found %d feature rows and %d test rows, want both tables", len(tables.features), len(tables.tests))
	}
	return tables
}
