package inventory

import (
	"fmt"
	"path"
	"strings"

	"portwave/mage/port"
)

// Scope says which Go files and items the tracker covers: an item is in
// scope when it matches an include pattern (or none are given) and no
// exclude pattern.
//
// A pattern is FILES or FILES:NAME. FILES is a slash path relative to the
// Go root: * and ? match within one path element, as in path.Match; **
// matches any number of elements (server/** is every file under server/).
// NAME, when given, limits the pattern to the items of those files whose
// name matches it, as path.Match matches: Receiver.Name for a method, Name
// for a function or test (logger/log.go:Logger.*f is Logger's methods
// ending in f; server/gsl/gsl.go:matchLevel the function matchLevel and no
// method). A tracker that took part of a file says so by name, as trackers
// do: lines move, names stay. A pattern prefixed with "feature:" or "test:"
// applies to regular files or to _test.go files only, for trees whose tests
// are tracked more widely than their code.
type Scope struct {
	Include, Exclude []string
}

// pattern is one parsed scope pattern.
type pattern struct {
	kind port.Kind // "" for both
	file []string  // the path's elements
	name string    // "" for every item of the file
}

// Check reports the first malformed pattern.
func (s Scope) Check() error {
	_, _, err := s.compile()
	return err
}

func (s Scope) compile() (include, exclude []pattern, err error) {
	for _, list := range []struct {
		in  []string
		out *[]pattern
	}{{s.Include, &include}, {s.Exclude, &exclude}} {
		for _, p := range list.in {
			pat, err := parsePattern(p)
			if err != nil {
				return nil, nil, err
			}
			*list.out = append(*list.out, pat)
		}
	}
	return include, exclude, nil
}

func parsePattern(p string) (pattern, error) {
	var pat pattern
	rest := strings.TrimSpace(p)
	for _, k := range []port.Kind{port.Feature, port.Test} {
		if r, ok := strings.CutPrefix(rest, string(k)+":"); ok {
			pat.kind, rest = k, r
		}
	}
	files, name, named := strings.Cut(rest, ":")
	if files == "" || named && name == "" {
		return pat, fmt.Errorf("inventory scope: bad pattern %q: want [feature:|test:]FILES[:NAME]", p)
	}
	pat.file, pat.name = strings.Split(files, "/"), name
	for _, part := range append(pat.file, name) {
		if part == "**" {
			continue
		}
		if _, err := path.Match(part, ""); err != nil {
			return pat, fmt.Errorf("inventory scope: bad pattern %q: %w", p, err)
		}
	}
	return pat, nil
}

// Contains reports whether any item of the file at rel (slash-separated,
// relative to the Go root) can be in scope: whether the inventory reads it.
func (s Scope) Contains(rel string) bool {
	include, exclude, err := s.compile()
	return err == nil && scope{include, exclude}.file(rel)
}

// scope is a compiled Scope.
type scope struct{ include, exclude []pattern }

func (s scope) file(rel string) bool {
	kind, parts := fileKind(rel), strings.Split(rel, "/")
	if len(s.include) > 0 && !matchAny(s.include, kind, parts, nil) {
		return false
	}
	// Only a pattern for the whole file rules it out.
	for _, p := range s.exclude {
		if p.name == "" && p.matchFile(kind, parts) {
			return false
		}
	}
	return true
}

func (s scope) item(rel, name string) bool {
	kind, parts := fileKind(rel), strings.Split(rel, "/")
	return (len(s.include) == 0 || matchAny(s.include, kind, parts, &name)) && !matchAny(s.exclude, kind, parts, &name)
}

// matchAny reports whether a pattern matches the file, and the item name
// when one is given (nil: any item of the file).
func matchAny(patterns []pattern, kind port.Kind, parts []string, name *string) bool {
	for _, p := range patterns {
		if !p.matchFile(kind, parts) {
			continue
		}
		if p.name == "" || name == nil {
			return true
		}
		if ok, _ := path.Match(p.name, *name); ok {
			return true
		}
	}
	return false
}

func (p pattern) matchFile(kind port.Kind, parts []string) bool {
	return (p.kind == "" || p.kind == kind) && globMatch(p.file, parts)
}

func fileKind(rel string) port.Kind {
	if isTestFile(rel) {
		return port.Test
	}
	return port.Feature
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
