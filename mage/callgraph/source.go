package callgraph

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"portwave/mage/inventory"
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

// readSource reads the files the inventory reads (inventory.GoFiles), less
// the test files: the port's features are not in them.
func readSource(root string) (*source, error) {
	s := &source{root: root, files: map[string][]byte{}}
	features, _, err := inventory.GoFiles(root)
	if err != nil {
		return nil, fmt.Errorf("reading the Go tree %s: %w", root, err)
	}
	for _, rel := range features {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return nil, fmt.Errorf("reading the Go tree %s: %w", root, err)
		}
		s.files[rel] = data
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
