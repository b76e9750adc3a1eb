package demo_test

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"portwave/mage/audit/csharp"
	"portwave/mage/demo"
)

// generate records every attempt, playing them in plan order on one copy of
// the example's C#, and returns the transcripts by file name.
func generate(t *testing.T) map[string][]byte {
	t.Helper()
	files := readTree(t, demo.ExampleFS())
	ported := readTree(t, os.DirFS(portedDir))
	out := map[string][]byte{}
	conversation := map[int]int64{} // the tokens of each batch's session so far
	spent := map[int]float64{}      // the cost of each batch's session so far
	for _, a := range attemptSpecs(t) {
		session := fmt.Sprintf("minibus batch %d", a.batch)
		prompt := int64(3000 + 650*len(a.features))
		if a.attempt > 1 {
			prompt = conversation[a.batch] + 2000 // the gate's findings
		}
		rec := newRecorder(t, files, session, fmt.Sprintf("%s attempt %d", session, a.attempt),
			fmt.Sprintf("/tmp/minibus-worktrees/batch-%d", a.batch), prompt)
		if a.attempt > 1 {
			rec.carried = spent[a.batch]
		}

		var names []string
		for _, f := range a.features {
			names = append(names, f.CSharp)
		}
		list := strings.Join(names, ", ")
		if a.attempt == 1 {
			var reads []block
			for _, f := range a.targets {
				reads = append(reads, read(f))
			}
			rec.turn(append([]block{text("I'll start by reading the batch's target files.")}, reads...)...)
		} else {
			file, _, _ := memberEdit(t, files, ported, a.targets, a.features[0])
			rec.turn(text("The gate reports "+list+" as still unimplemented. Reading the file again to finish it."), read(file))
		}
		for _, f := range a.features {
			file, old, new := memberEdit(t, files, ported, a.targets, f)
			rec.turn(text(fmt.Sprintf("Porting %s from %s (`%s`).", f.CSharp, f.File, goName(f))), edit(file, old, new))
		}
		for _, f := range a.targets {
			if !strings.Contains(files[f], "NotImplementedException") && files[f] != ported[f] {
				old, new := tidyEdit(files[f], ported[f])
				rec.turn(text(path.Base(f)+" no longer throws NotImplementedException anywhere; tidying its usings."), edit(f, old, new))
			}
		}
		rec.turn(text("Ported " + list + ". Each body follows its Go function, with the plan's C# idioms for locks, counters and errors."))
		out[a.name()] = rec.result()
		spent[a.batch] = rec.spent
		conversation[a.batch] = rec.cached - systemTokens
	}
	return out
}

func goName(r row) string {
	if r.Receiver == "" {
		return r.Name
	}
	return r.Receiver + "." + r.Name
}

// readTree reads the C# files under csharpRoot, keyed by slash path.
func readTree(t *testing.T, fsys fs.FS) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := fs.WalkDir(fsys, csharpRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".cs") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// memberEdit finds the member r maps to in one of the targets and returns
// its file and the edit that ports it: from the start of its declaration
// line to its closing brace, as it is now and as it is ported.
func memberEdit(t *testing.T, files, ported map[string]string, targets []string, r row) (file, old, new string) {
	t.Helper()
	class, name, _ := strings.Cut(r.CSharp, ".")
	var found []string
	for _, f := range targets {
		if _, ok := memberSpan(files[f], class, name); ok {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("feature %d: %s is declared in %d of the targets %v, want 1", r.ID, r.CSharp, len(found), targets)
	}
	file = found[0]
	now, _ := memberSpan(files[file], class, name)
	after, ok := memberSpan(ported[file], class, name)
	if !ok {
		t.Fatalf("feature %d: %s is not in %s/%s", r.ID, r.CSharp, portedDir, file)
	}
	return file, files[file][now[0]:now[1]], ported[file][after[0]:after[1]]
}

// memberSpan is where class.name is declared in src: from the start of the
// line of its name to the end of its body.
func memberSpan(src, class, name string) ([2]int, bool) {
	for _, m := range csharp.Scan("", []byte(src), csharp.Options{}).Members {
		if m.TypeName == class && m.Name == name && m.BodyEnd > 0 {
			start := 0
			for range m.Line - 1 {
				start += strings.IndexByte(src[start:], '\n') + 1
			}
			return [2]int{start, m.BodyEnd}, true
		}
	}
	return [2]int{}, false
}

// tidyEdit is the edit that turns cur into want when they differ in one
// run of lines (the usings), with the next line as context.
func tidyEdit(cur, want string) (old, new string) {
	a, b := lines(cur), lines(want)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	oldLines, newLines := slices.Clone(a[pre:len(a)-suf]), slices.Clone(b[pre:len(b)-suf])
	if suf > 0 {
		oldLines, newLines = append(oldLines, a[len(a)-suf]), append(newLines, a[len(a)-suf])
	}
	return strings.Join(oldLines, "\n"), strings.Join(newLines, "\n")
}
