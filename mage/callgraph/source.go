package callgraph

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// source is the Go tree as the graph is built from it: every non-test Go
// file's content, the module path and a hash of it all.
type source struct {
	root   string
	module string            // from go.mod; empty without one
	files  map[string][]byte // slash path relative to root -> content
	names  []string          // sorted keys of files
	hash   string
}

// readSource reads the tree with the inventory's rules: vendor, testdata
// and names starting with '.' or '_' are skipped, build constraints are not
// applied. Test files are left out: the port's features are not in them.
func readSource(root string) (*source, error) {
	s := &source{root: root, files: map[string][]byte{}}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if ignored(name) || name == "vendor" || name == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if ignored(name) || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s.files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the Go tree %s: %w", root, err)
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err == nil {
		s.module = modulePath(gomod)
	}
	for name := range s.files {
		s.names = append(s.names, name)
	}
	slices.Sort(s.names)
	h := sha256.New()
	fmt.Fprintf(h, "callgraph %d\nmodule %s\n", cacheVersion, s.module)
	for _, name := range s.names {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s.files[name])))
		h.Write([]byte(name))
		h.Write(n[:])
		h.Write(s.files[name])
	}
	s.hash = hex.EncodeToString(h.Sum(nil))
	return s, nil
}

func ignored(name string) bool { return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") }

// modulePath is the module line of a go.mod file.
func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// importPath is the import path of the package in dir ("." for the root).
func (s *source) importPath(dir string) string {
	switch {
	case s.module == "" && dir == ".":
		return "_/root"
	case s.module == "":
		return "_/" + dir
	case dir == ".":
		return s.module
	}
	return s.module + "/" + dir
}
