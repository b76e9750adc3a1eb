package plan

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// yamlFile decodes one YAML file through the node API, so that every value
// and every error keeps its file:line:col.
type yamlFile struct {
	name  string
	lines []string
	errs  []Diagnostic
}

var yamlLineError = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML returns the root node of the file's single document, or nil
// after recording why there is none.
func parseYAML(name string, data []byte) (*yamlFile, *yaml.Node) {
	f := &yamlFile{name: name, lines: strings.Split(string(data), "\n")}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pos, msg := Pos{File: name}, strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLineError.FindStringSubmatch(err.Error()); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			pos.Col, msg = 1, m[2]
			// yaml.v3 numbers lines from 1 for scanner errors but from 0 for
			// parser errors, which are the ones worded like these.
			if strings.HasPrefix(msg, "did not find expected") || strings.HasPrefix(msg, "found duplicate") ||
				strings.HasPrefix(msg, "found incompatible") || strings.HasPrefix(msg, "found undefined") {
				pos.Line++
			}
		}
		f.errorf(pos, "malformed YAML: %s", msg)
		return f, nil
	}
	if len(doc.Content) == 0 {
		f.errorf(Pos{name, 1, 1}, "empty file; want a mapping of fields")
		return f, nil
	}
	return f, doc.Content[0]
}

func (f *yamlFile) errorf(pos Pos, format string, args ...any) {
	f.errs = append(f.errs, Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

func (f *yamlFile) pos(n *yaml.Node) Pos { return Pos{f.name, n.Line, n.Column} }

// describe names what a node holds, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.ShortTag() == "!!null":
		return "nothing"
	}
	return strconv.Quote(n.Value)
}

// fields walks a mapping, handing each known key's value to set. Unknown and
// repeated keys are errors; the keys seen come back with their positions.
// where says which mapping it is in messages ("" for the top level).
func (f *yamlFile) fields(n *yaml.Node, where string, known []string, set func(key string, v *yaml.Node)) map[string]Pos {
	seen := map[string]Pos{}
	if n.Kind != yaml.MappingNode {
		f.errorf(f.pos(n), "want a mapping%s, got %s", where, describe(n))
		return seen
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		first, dup := seen[k.Value]
		switch {
		case !slices.Contains(known, k.Value):
			f.errorf(f.pos(k), "unknown key %q%s (want one of %s)", k.Value, where, strings.Join(known, ", "))
		case dup:
			f.errorf(f.pos(k), "key %q given twice (first at %s)", k.Value, first)
		default:
			seen[k.Value] = f.pos(k)
			set(k.Value, v)
		}
	}
	return seen
}

// require reports the keys of want that a mapping at n lacks.
func (f *yamlFile) require(n *yaml.Node, seen map[string]Pos, where string, want ...string) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for _, k := range want {
		if _, ok := seen[k]; !ok {
			f.errorf(f.pos(n), "missing key %q%s", k, where)
		}
	}
}

// integer reads a whole number of at least min.
func (f *yamlFile) integer(key string, n *yaml.Node, min int) int {
	v, err := strconv.Atoi(n.Value)
	switch {
	case n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || err != nil:
		f.errorf(f.pos(n), "%s: want a whole number, got %s", key, describe(n))
	case v < min:
		f.errorf(f.pos(n), "%s: want a number of at least %d, got %d", key, min, v)
	default:
		return v
	}
	return 0
}

// text reads any scalar as a string; an empty value is "".
func (f *yamlFile) text(key string, n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		f.errorf(f.pos(n), "%s: want text, got %s", key, describe(n))
		return ""
	}
	if n.ShortTag() == "!!null" {
		return ""
	}
	f.checkText(key, n)
	return n.Value
}

// list returns the items of a sequence; null is an empty list.
func (f *yamlFile) list(key string, n *yaml.Node, want string) []*yaml.Node {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		f.errorf(f.pos(n), "%s: want %s, got %s", key, want, describe(n))
		return nil
	}
	return n.Content
}

// ranges reads an ID list such as "2406-2413, 2420", with each error at its
// exact column inside the scalar.
func (f *yamlFile) ranges(key string, n *yaml.Node) Ranges {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		f.errorf(f.pos(n), "%s: want a string of IDs and ranges like \"2406-2413, 2420\", got %s", key, describe(n))
		return nil
	}
	rs, errs := parseRanges(n.Value, f.scalarAt(n))
	f.errs = append(f.errs, errs...)
	return rs
}

// scalarAt maps byte offsets inside a scalar's value to file positions. That
// is exact for plain and quoted scalars on one line whose text in the file is
// the value itself; for anything else (escapes, block scalars) every offset
// maps to the scalar's start.
func (f *yamlFile) scalarAt(n *yaml.Node) func(int) Pos {
	start := f.pos(n)
	fallback := func(int) Pos { return start }
	if n.Line < 1 || n.Line > len(f.lines) {
		return fallback
	}
	line := []rune(strings.TrimRight(f.lines[n.Line-1], "\r"))
	if n.Column < 1 || n.Column > len(line)+1 {
		return fallback
	}
	rest, shift := string(line[n.Column-1:]), 0
	switch n.Style {
	case 0:
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		_, size := utf8.DecodeRuneInString(rest)
		rest, shift = rest[size:], 1
	default:
		return fallback
	}
	if !strings.HasPrefix(rest, n.Value) {
		return fallback
	}
	return func(off int) Pos {
		return Pos{f.name, n.Line, n.Column + shift + utf8.RuneCountInString(n.Value[:off])}
	}
}
