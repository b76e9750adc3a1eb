// Package prompt renders what an agent is told for one batch, from the
// template under scripts/ (so a team can tune the wording without touching
// Go), the batch file and porting.db.
package prompt

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"portwave/mage/input"
	"strings"
	"text/template"

	"portwave/mage/placement"
	"portwave/mage/plan"
	"portwave/mage/port"
)

// Feature is one item of the batch as the template sees it.
type Feature struct {
	ID          int
	GoFile      string
	GoLine      int
	GoLineCount int
	GoName      string
	Receiver    string
	Class       string
	Member      string
	Status      port.Status
	Source      string // the Go function's text with its doc comment, when the Go root holds it
	SourceNote  string // why Source is empty
	// File is where the feature is ported (package placement): the file
	// that declares its member now, else the target file that holds its
	// class, else the file its mapping implies. Implied is set when File
	// is not a target: the agent may write there too. Declared is set when
	// File declares the member already (its stub is there).
	File     string
	Implied  bool
	Declared bool
}

// Done reports whether the feature needs no work: verified, complete or n/a.
func (f Feature) Done() bool { return f.Status.Done() }

// Data is everything the template can use.
type Data struct {
	Batch      plan.Batch
	Features   []Feature
	CSharpRoot string // relative to the worktree
	Build      string
	StubMarker string
	Attempt    int    // 0 on the first attempt; then the retry number
	Feedback   string // the gate's findings that the retry must fix
	Context    string // what the features call and use (BuildContext), within the token budget
}

// Pending are the features still to port, the ones the prompt lists.
func (d Data) Pending() []Feature {
	var out []Feature
	for _, f := range d.Features {
		if !f.Done() {
			out = append(out, f)
		}
	}
	return out
}

// DoneIDs names the batch's features that are already done, once, as
// ranges ("2372, 2392-2403"), or "" when there are none.
func (d Data) DoneIDs() string {
	var ids []int
	for _, f := range d.Features {
		if f.Done() {
			ids = append(ids, f.ID)
		}
	}
	return formatRanges(ids)
}

// ImpliedFiles are the files beyond the batch's targets where pending
// features are ported, each with the features that need it.
func (d Data) ImpliedFiles() []ImpliedFile {
	var out []ImpliedFile
	at := map[string]int{}
	for _, f := range d.Pending() {
		if !f.Implied {
			continue
		}
		i, ok := at[f.File]
		if !ok {
			i = len(out)
			at[f.File] = i
			out = append(out, ImpliedFile{Path: f.File, Class: f.Class, Declared: f.Declared})
		}
		out[i].IDs = append(out[i].IDs, f.ID)
	}
	return out
}

// ImpliedFile is a file outside the batch's targets where some of its
// features are ported: the file that declares them now (Declared), or the
// one their mapping implies.
type ImpliedFile struct {
	Path     string
	Class    string
	Declared bool
	IDs      []int
}

// IDList is the features as text.
func (f ImpliedFile) IDList() string { return formatRanges(f.IDs) }

func formatRanges(ids []int) string {
	var parts []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ids[i], ids[j]))
		} else {
			parts = append(parts, fmt.Sprint(ids[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// Template is a loaded prompt template with the hash of its text, which
// goes into the ledger so a changed template re-runs finished batches.
type Template struct {
	Path string
	Hash string
	tmpl *template.Template
}

// Load reads and parses the template file.
func Load(path string) (*Template, error) {
	text, err := input.ReadFile(path, input.MaxTemplate)
	if err != nil {
		return nil, fmt.Errorf("reading prompt template: %w", err)
	}
	return Parse(path, string(text))
}

// Parse parses template text; name is shown in errors.
func Parse(name, text string) (*Template, error) {
	t, err := template.New(filepath.Base(name)).Option("missingkey=error").Funcs(funcs).Parse(text)
	if err != nil {
		return nil, fmt.Errorf("prompt template %w", err)
	}
	sum := sha256.Sum256([]byte(text))
	return &Template{Path: name, Hash: hex.EncodeToString(sum[:]), tmpl: t}, nil
}

// Render fills the template.
func (t *Template) Render(d Data) (string, error) {
	var b bytes.Buffer
	if err := t.tmpl.Execute(&b, d); err != nil {
		return "", fmt.Errorf("rendering prompt for batch %d: %w", d.Batch.ID, err)
	}
	return b.String(), nil
}

// Features builds the template's view of a batch's features: every ID the
// batch lists or has added, with its mapping, the file placed gives it and
// its Go source text.
func Features(b plan.Batch, items map[int]port.Item, target func(port.Item) (string, string), goRoot string, placed placement.Placement) []Feature {
	var out []Feature
	sources := map[string][]string{}
	for _, id := range b.AllIDs() {
		it, ok := items[id]
		if !ok {
			out = append(out, Feature{ID: id, SourceNote: "not in porting.db"})
			continue
		}
		class, member := target(it)
		f := Feature{ID: id, GoFile: it.GoFile, GoLine: it.GoLine, GoLineCount: it.GoLineCount, GoName: it.GoName,
			Receiver: it.GoReceiver, Class: class, Member: member, Status: it.Status}
		if p, ok := placed.Place(id); ok {
			f.File, f.Implied, f.Declared = p.File, p.Implied, p.Declared
		} else {
			f.File, f.Implied = b.TargetFor(class, it.DotnetFile)
		}
		f.Source, f.SourceNote = source(sources, goRoot, it)
		out = append(out, f)
	}
	return out
}

// source cuts the item's lines out of its Go file, reading each file once.
func source(cache map[string][]string, goRoot string, it port.Item) (string, string) {
	lines, ok := cache[it.GoFile]
	if !ok {
		data, err := os.ReadFile(filepath.Join(goRoot, filepath.FromSlash(it.GoFile)))
		if err != nil {
			cache[it.GoFile] = nil
			return "", fmt.Sprintf("%s cannot be read under %s", it.GoFile, goRoot)
		}
		lines = strings.Split(string(data), "\n")
		cache[it.GoFile] = lines
	}
	if lines == nil {
		return "", fmt.Sprintf("%s cannot be read under %s", it.GoFile, goRoot)
	}
	first, last := it.GoLine-1, it.GoLine-1+max(it.GoLineCount, 1)
	if first < 0 || last > len(lines) {
		return "", fmt.Sprintf("%s has %d lines, the item is at %d-%d", it.GoFile, len(lines), it.GoLine, last)
	}
	return strings.Join(lines[docStart(lines, first):last], "\n"), ""
}

// docStart walks back from the func line over the doc comment right above
// it: // lines, or a /* */ block that ends on the line above.
func docStart(lines []string, first int) int {
	i := first
	for i > 0 && strings.HasPrefix(strings.TrimSpace(lines[i-1]), "//") {
		i--
	}
	if i == first && first > 0 && strings.HasSuffix(strings.TrimSpace(lines[first-1]), "*/") {
		for j := first - 1; j >= 0; j-- {
			if strings.Contains(lines[j], "/*") {
				return j
			}
		}
	}
	return i
}
