package inventory

import (
	"fmt"
	"path"
	"strings"

	"portwave/mage/portdb"
)

// Scope says which Go files the tracker covers: a file is in scope when it
// matches an include pattern (or none are given) and no exclude pattern.
//
// Patterns are slash paths relative to the Go root. * and ? match within
// one path element, as in path.Match; ** matches any number of elements
// (server/** is every file under server/). A pattern prefixed with
// "feature:" or "test:" applies to regular files or to _test.go files only,
// for trees whose tests are tracked more widely than their code.
type Scope struct {
	Include, Exclude []string
}

// Check reports the first malformed pattern.
func (s Scope) Check() error {
	for _, p := range append(append([]string{}, s.Include...), s.Exclude...) {
		_, pat := kindOf(p)
		for _, part := range strings.Split(pat, "/") {
			if part == "**" {
				continue
			}
			if _, err := path.Match(part, ""); err != nil {
				return fmt.Errorf("inventory scope: bad pattern %q: %w", p, err)
			}
		}
	}
	return nil
}

// Contains reports whether the file at rel (slash-separated, relative to
// the Go root) is in scope.
func (s Scope) Contains(rel string) bool {
	kind := portdb.Feature
	if isTestFile(rel) {
		kind = portdb.Test
	}
	return (len(s.Include) == 0 || s.matchAny(s.Include, kind, rel)) && !s.matchAny(s.Exclude, kind, rel)
}

func (s Scope) matchAny(patterns []string, kind portdb.Kind, rel string) bool {
	for _, p := range patterns {
		k, pat := kindOf(p)
		if (k == "" || k == kind) && globMatch(strings.Split(pat, "/"), strings.Split(rel, "/")) {
			return true
		}
	}
	return false
}

func kindOf(p string) (portdb.Kind, string) {
	p = strings.TrimSpace(p)
	for _, k := range []portdb.Kind{portdb.Feature, portdb.Test} {
		if rest, ok := strings.CutPrefix(p, string(k)+":"); ok {
			return k, rest
		}
	}
	return "", p
}

// globMatch matches path elements against pattern elements, ** spanning
// any number of elements.
func globMatch(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if globMatch(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
