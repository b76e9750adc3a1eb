package prompt

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"portwave/mage/audit/csharp"
)

// CSharpTree is the C# tree as the prompt's context reads it: the audit's
// scanner finds the members, and their signatures are cut from the files.
type CSharpTree struct {
	root  string
	index *csharp.Index
	types map[string]string // simple type name -> its file, relative to root
	text  map[string][]byte // file read for signatures, by path as scanned
}

// ReadCSharpTree scans every .cs file under root (bin/, obj/ and hidden
// folders left out). A missing root is an empty tree.
func ReadCSharpTree(ctx context.Context, root string) (*CSharpTree, error) {
	t := &CSharpTree{root: root, types: map[string]string{}, text: map[string][]byte{}}
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && os.IsNotExist(err) {
				return filepath.SkipAll
			}
			return err
		}
		if d.IsDir() {
			if p != root && (d.Name() == "bin" || d.Name() == "obj" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".cs") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	files := csharp.ScanFiles(ctx, paths, csharp.Options{}, runtime.GOMAXPROCS(0))
	t.index = csharp.NewIndex(files)
	for _, f := range files {
		for _, ty := range f.Types {
			if _, ok := t.types[ty.Name]; !ok {
				t.types[ty.Name] = t.rel(f.Path)
			}
		}
	}
	return t, nil
}

func (t *CSharpTree) rel(p string) string {
	r, err := filepath.Rel(t.root, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(r)
}

// Signature is a member's declaration as written, without attributes or
// body, on one line, with the file and line it is at.
type Signature struct {
	Text string
	File string // relative to the C# root
	Line int
	Body csharp.BodyKind
}

// Signature finds class.member in the tree: the implemented overload when
// there is one, else the first found.
func (t *CSharpTree) Signature(class, member string) (Signature, bool) {
	if t == nil || t.index == nil {
		return Signature{}, false
	}
	l := t.index.Lookup(class, member)
	m := l.Best
	if m == nil && len(l.Members) > 0 {
		m = l.Members[0]
	}
	if m == nil {
		return Signature{}, false
	}
	return Signature{Text: t.declaration(m), File: t.rel(m.File), Line: m.Line, Body: l.Body}, true
}

// declaration is the member's text from the start of its name's line to
// its body, whitespace collapsed.
func (t *CSharpTree) declaration(m *csharp.Member) string {
	src, ok := t.text[m.File]
	if !ok {
		src, _ = os.ReadFile(m.File)
		t.text[m.File] = src
	}
	start := 0
	for line := 1; line < m.Line && start < len(src); line++ {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			start = len(src)
			break
		}
		start += i + 1
	}
	end := m.BodyStart
	if end <= start || end > len(src) {
		end = len(src)
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end = start + i
		}
	}
	decl := strings.Join(strings.Fields(string(src[start:end])), " ")
	decl = strings.NewReplacer("( ", "(", " )", ")", "< ", "<", " >", ">").Replace(decl)
	return strings.TrimSuffix(decl, " =>")
}

// TypeFile is the file declaring a type of that simple name.
func (t *CSharpTree) TypeFile(name string) (string, bool) {
	if t == nil {
		return "", false
	}
	f, ok := t.types[name]
	return f, ok
}
