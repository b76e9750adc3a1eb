package natsnetws

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"portwave/mage/portdb"
)

// writeGoTree writes a Go source tree in which every item's function
// stands in its file at its line, as far as the lines the tracker gives
// allow, with a doc comment above it and a parameter list of its own: what
// the prompt quotes, and what tells apart the items that share a C# name.
func writeGoTree(root string, items []portdb.Item) error {
	byFile := map[string][]portdb.Item{}
	for _, it := range items {
		if it.GoFile != "" {
			byFile[it.GoFile] = append(byFile[it.GoFile], it)
		}
	}
	for file, its := range byFile {
		sort.Slice(its, func(i, j int) bool { return its[i].GoLine < its[j].GoLine })
		var b strings.Builder
		fmt.Fprintf(&b, "package %s\n", path.Base(path.Dir(file)))
		line := 2
		for _, it := range its {
			if it.GoLine-1 > line { // room for the doc comment above the function
				b.WriteString(strings.Repeat("\n", it.GoLine-1-line))
				line = it.GoLine - 1
				fmt.Fprintf(&b, "// %s is item %d of the tracker.\n", it.GoName, it.ID)
				line++
			}
			line += writeFunc(&b, it)
		}
		p := filepath.Join(root, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writeFunc writes one function of the item's length and returns how many
// lines it took.
func writeFunc(b *strings.Builder, it portdb.Item) int {
	recv := ""
	if it.GoReceiver != "" {
		recv = fmt.Sprintf("(r *%s) ", it.GoReceiver)
	}
	params := "t *testing.T"
	if it.Kind == portdb.Feature {
		params = paramList(it.ID)
	}
	lines := max(it.GoLineCount, 2)
	fmt.Fprintf(b, "func %s%s(%s) {\n", recv, it.GoName, params)
	for i := 0; i < lines-2; i++ {
		fmt.Fprintf(b, "\tstep(%d, %d)\n", it.ID, i)
	}
	b.WriteString("}\n")
	return lines
}

// paramList is a parameter list of 0 to 3 parameters, fixed by the ID.
func paramList(id int) string {
	n := (id * 7) % 4
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("p%d int", i)
	}
	return strings.Join(ps, ", ")
}
