package gotree

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"portwave/mage/port"
)

// writer writes the source of one file of the tree.
type writer struct {
	byID   map[int]port.Item
	files  map[string]*file
	code   bool
	params map[int]int // a feature's number of parameters
}

// source lays the file's declarations out at their lines: the package
// clause on line 1, the imports on line 2, each declaration from its line
// for its length, and the receiver types it declares after the last line.
func (w writer) source(f *file) (string, error) {
	decls := slices.Clone(f.decls)
	slices.SortFunc(decls, func(a, b decl) int { return cmp.Compare(a.GoLine, b.GoLine) })
	n := f.Lines
	for _, d := range decls {
		n = max(n, d.GoLine+max(d.GoLineCount, 1)-1)
	}
	lines := make([]string, max(n, 2))
	lines[0] = "package " + f.Package
	imports := map[string]string{} // alias -> import path
	at := 3
	for _, d := range decls {
		if d.GoLine < at || d.GoLineCount < 1 {
			return "", fmt.Errorf("%s:%d: %s overlaps the lines before it", f.Path, d.GoLine, d.GoQualifiedName())
		}
		if err := w.decl(f, d, lines, imports); err != nil {
			return "", err
		}
		at = d.GoLine + d.GoLineCount
	}
	if w.code {
		fillGaps(lines)
	}
	if len(imports) > 0 {
		var specs []string
		for _, alias := range slices.Sorted(maps.Keys(imports)) {
			specs = append(specs, fmt.Sprintf("%s %q", alias, imports[alias]))
		}
		lines[1] = "import (" + strings.Join(specs, "; ") + ")"
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	for _, t := range f.types {
		fmt.Fprintf(&b, "\ntype %s struct{}\n\nvar X_%s *%s\n", t, t, t)
	}
	return b.String(), nil
}

// decl writes one declaration into lines.
func (w writer) decl(f *file, d decl, lines []string, imports map[string]string) error {
	first, last := d.GoLine, d.GoLine+d.GoLineCount-1
	params := ""
	if n := w.params[d.ID]; d.Kind == port.Feature && d.ID != 0 && n > 0 {
		names := make([]string, n)
		for i := range names {
			names[i] = fmt.Sprintf("p%d", i)
		}
		params = strings.Join(names, ", ") + " int"
	}
	head := "func " + d.GoName + "(" + params + ") {"
	switch {
	case d.Kind == port.Test:
		head = "func " + d.GoName + "(t *testing.T) {"
		imports["testing"] = "testing"
	case d.GoReceiver != "":
		head = fmt.Sprintf("func (x *%s) %s(%s) {", d.GoReceiver, d.GoName, params)
	}
	byLine := map[int][]Call{}
	for _, c := range d.calls {
		if c.Line < first || c.Line > last {
			return fmt.Errorf("%s:%d: a call from %s outside its lines %d-%d", f.Path, c.Line, d.GoQualifiedName(), first, last)
		}
		byLine[c.Line] = append(byLine[c.Line], c)
	}
	for l := first; l <= last; l++ {
		text := ""
		switch {
		case l == first:
			text = head
		case w.code && l < last && len(byLine[l]) == 0:
			text = codeLine(l)
		}
		text = w.calls(f, text, byLine[l], imports)
		if l == last {
			text += "}"
		}
		lines[l-1] = text
	}
	return nil
}

// calls appends the calls of one line to text, each callee's name at its
// recorded column when the line has room for it.
func (w writer) calls(f *file, text string, calls []Call, imports map[string]string) string {
	slices.SortFunc(calls, func(a, b Call) int { return cmp.Compare(a.Col, b.Col) })
	// Calls recorded at one column are one call the graph resolved to
	// several build-tag variants of a function; one call does it here too.
	calls = slices.CompactFunc(calls, func(a, b Call) bool { return a.Col == b.Col })
	for i, c := range calls {
		callee := w.byID[c.To]
		if callee.GoReceiver == "" && callee.GoName == "init" || callee.GoName == "_" {
			continue // not callable by name
		}
		prefix := ""
		if callee.GoReceiver != "" {
			prefix = "X_" + callee.GoReceiver + "."
		}
		if dir := path.Dir(callee.GoFile); dir != f.pkg.dir || w.pkgOf(callee) != f.Package {
			alias := "p_" + strings.NewReplacer("/", "_", "-", "_", ".", "_").Replace(dir)
			imports[alias] = Module + "/" + dir
			if dir == "." {
				imports[alias] = Module
			}
			prefix = alias + "." + prefix
		}
		sep := " "
		if i > 0 || strings.TrimSpace(text) != "" && !strings.HasSuffix(text, "{") {
			sep = "; "
		}
		if text == "" {
			sep = ""
		}
		text += sep
		if pad := c.Col - 1 - len(text) - len(prefix); pad > 0 {
			text += strings.Repeat(" ", pad)
		}
		text += prefix + callee.GoName + "(" + strings.TrimSuffix(strings.Repeat("0, ", w.params[c.To]), ", ") + ")"
	}
	return text
}

func (w writer) pkgOf(it port.Item) string {
	if f, ok := w.files[it.GoFile]; ok {
		return f.Package
	}
	return path.Base(path.Dir(it.GoFile))
}

// codeLine is a line of a function body: short statements with a little
// of everything the parser meets in real code, a comment and a blank line
// among them, about as long and as dense as nats-server's lines (29 bytes
// on average, one in eight blank, one in ten a comment).
func codeLine(l int) string {
	switch l % 8 {
	case 0:
		return "\tif n := 3; n > 2 { _ = n }"
	case 1:
		return "\tfor i := 0; i < 2; i++ {}"
	case 2:
		return "\t_ = []byte(\"PING\\r\\n\")"
	case 3:
		return "\t// The lock is held here."
	case 4:
		return "\t_ = map[string]int{\"a\": 1}"
	case 5:
		return ""
	case 6:
		return "\tswitch { case true: _ = 1 }"
	}
	return "\t_ = len(\"subject\") + 1"
}

// fillGaps writes the lines no declaration takes, past the header: blank
// lines, comments and declarations, as between the functions of a Go file.
func fillGaps(lines []string) {
	for i := 2; i < len(lines); i++ {
		switch {
		case lines[i] != "" || i%3 == 0:
		case i%3 == 1:
			lines[i] = "// Helpers for the code below."
		default:
			lines[i] = "var _ = []string{\"+OK\", \"-ERR\"}"
		}
	}
}
