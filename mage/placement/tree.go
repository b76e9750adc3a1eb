package placement

import (
	"context"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"portwave/mage/audit"
	"portwave/mage/audit/csharp"
	"portwave/mage/gitx"
)

// Tree is where the C# tree declares its members, read from a commit.
type Tree struct {
	idx *audit.Index
}

// ReadCommit reads the C# tree under root (slash-separated, relative to
// the repository's top) as commit has it, with the audit's scanner, opt's
// stub marker and each file's builds as sym gives them for the file at the
// same place in the repository's checkout. Build output and hidden
// folders are left out, as the audit leaves them out. A root the commit
// does not hold is an empty tree.
func ReadCommit(ctx context.Context, repo gitx.Repo, commit, root string, opt audit.Options, sym *audit.Symbols) (*Tree, error) {
	root = path.Clean(root)
	files := map[string]audit.FileScan{}
	err := repo.ReadTree(ctx, commit, root, func(p string) bool { return csharpSource(root, p) }, func(p string, src []byte) {
		rel := relTo(root, p)
		files[rel] = audit.ScanSource(rel, src, opt, sym.For(filepath.Join(repo.Dir, filepath.FromSlash(p))))
	})
	if err != nil {
		return nil, err
	}
	return &Tree{idx: audit.NewIndex(files)}, nil
}

// csharpSource is a .cs file under root that is not in build output or a
// hidden folder.
func csharpSource(root, p string) bool {
	if !strings.HasSuffix(p, ".cs") {
		return false
	}
	for _, dir := range strings.Split(path.Dir(relTo(root, p)), "/") {
		if dir == "bin" || dir == "obj" || (strings.HasPrefix(dir, ".") && dir != ".") {
			return false
		}
	}
	return true
}

func relTo(root, p string) string {
	if root == "." || root == "" {
		return p
	}
	return strings.TrimPrefix(p, root+"/")
}

// Declared lists the files that declare class.member, relative to the
// tree's root: the files holding a stub of it first, each once.
func (t *Tree) Declared(class, member string) []string {
	if t == nil || t.idx == nil {
		return nil
	}
	var stubs, others []string
	for _, e := range t.idx.Overloads(class, member) {
		if e.Body == csharp.Stub {
			stubs = append(stubs, e.File)
		} else {
			others = append(others, e.File)
		}
	}
	slices.Sort(stubs)
	slices.Sort(others)
	out := slices.Compact(stubs)
	for _, f := range slices.Compact(others) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}
