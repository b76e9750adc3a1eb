package plan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"portwave/mage/input"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The keys of a batch file and of PlanFile, in the order WriteBatches writes them.
var (
	batchKeys = []string{"id", "name", "wave", "summary", "declared_features", "depends_on", "depends_note",
		"accepted_calls", "accepted_note", "targets", "features", "added", "mappings", "document_lines"}
	mappingKeys = []string{"id", "class", "member", "file"}
	targetKeys  = []string{"path", "note", "line"}
	groupKeys   = []string{"label", "ids", "note", "line"}
	linesKeys   = []string{"heading", "dependencies", "wave", "accepted"}
	planKeys    = []string{"title", "document", "context", "expected_outcome", "waves"}
	waveKeys    = []string{"wave", "note"}
)

// LoadBatches reads the batch files (NN-name.yaml) and PlanFile in dir.
// Every problem found comes back at once, as an ErrorList naming
// file:line:col; the plan then holds what could be read, so that a caller
// can still validate it and report everything in one pass.
func LoadBatches(dir string) (*Plan, error) {
	return loadBatches(os.DirFS(dir), ".", func(name string) string { return filepath.Join(dir, name) })
}

func loadBatches(fsys fs.FS, dir string, display func(string) string) (*Plan, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("loading batches: the batches folder %s does not exist; write the batch files with `mage plan:import` from the plan document (the plan setting, or -doc=FILE), or set batches: in portwave.yaml", display("."))
	}
	if err != nil {
		return nil, fmt.Errorf("loading batches: %w", err)
	}
	p := &Plan{WaveNotes: map[int]string{}, lines: map[string][]string{}}
	var errs []Diagnostic
	files := map[int]string{}
	var budget idBudget
	for _, e := range entries {
		name := e.Name()
		m := batchFileName.FindStringSubmatch(name)
		if e.IsDir() || (m == nil && name != PlanFile) {
			continue
		}
		data, err := input.ReadFS(fsys, path.Join(dir, name), display(name), input.MaxBatchFile)
		if err != nil {
			// A pipe or an oversized file is a bad input like any other:
			// reported with the rest, and never read.
			errs = append(errs, Diagnostic{Pos: Pos{File: display(name), Line: 1, Col: 1}, Message: strings.TrimPrefix(err.Error(), display(name)+": ")})
			continue
		}
		f, root := parseYAML(display(name), data)
		p.lines[f.name] = f.lines
		if name == PlanFile {
			if root != nil {
				f.decodePlan(root, p)
			}
			errs = append(errs, f.errs...)
			continue
		}
		if root == nil {
			errs = append(errs, f.errs...)
			continue
		}
		b := f.decodeBatch(root)
		if want, _ := strconv.Atoi(m[1]); b.ID != 0 && b.ID != want {
			f.errorf(b.Pos, "id %d does not match the file name %s; want id: %d", b.ID, name, want)
		} else if other, dup := files[b.ID]; dup && b.ID != 0 {
			f.errorf(b.Pos, "batch %d is also defined in %s", b.ID, other)
		} else if d, ok := budget.take(&b); !ok {
			f.errs = append(f.errs, d)
		} else {
			files[b.ID] = f.name
			f.errs = append(f.errs, checkRepeats(&b)...)
			p.Batches = append(p.Batches, b)
		}
		errs = append(errs, f.errs...)
	}
	if len(files) == 0 && len(errs) == 0 {
		errs = append(errs, Diagnostic{Pos: Pos{File: display(".")}, Message: "no batch files; want files named like 42-foundation-helpers.yaml"})
	}
	slices.SortFunc(p.Batches, func(a, b Batch) int { return a.ID - b.ID })
	p.indexDocLines()
	p.quote(errs)
	return p, errorList(errs)
}

func (f *yamlFile) decodeBatch(root *yaml.Node) Batch {
	b := Batch{Pos: Pos{f.name, 1, 1}}
	seen := f.fields(root, "", batchKeys, func(key string, v *yaml.Node) {
		switch key {
		case "id":
			b.ID, b.Pos = f.integer(key, v, 1), f.pos(v)
		case "name":
			b.Name = f.text(key, v)
		case "wave":
			b.Wave, b.WavePos = f.integer(key, v, 1), f.pos(v)
		case "summary":
			b.Summary = f.text(key, v)
		case "declared_features":
			b.Declared, b.DeclaredPos = f.integer(key, v, 0), f.pos(v)
		case "depends_on":
			b.DependsPos = f.pos(v)
			for _, item := range f.list(key, v, "a list of batch numbers like [42, 43]") {
				id := f.integer(key, item, 1)
				if id == 0 {
					continue
				}
				if slices.Contains(b.DepIDs(), id) {
					f.errorf(f.pos(item), "batch %d is listed twice in depends_on", id)
					continue
				}
				b.DependsOn = append(b.DependsOn, Dep{ID: id, Pos: f.pos(item)})
			}
		case "depends_note":
			b.DependsNote = f.text(key, v)
		case "accepted_calls":
			b.AcceptedPos = f.pos(v)
			for _, item := range f.list(key, v, `a list like ["Batch 46", "883 -> 2223"]`) {
				calls, errs := parseAccepted(f.text(key, item), f.scalarAt(item))
				b.Accepted = append(b.Accepted, calls...)
				f.errs = append(f.errs, errs...)
			}
		case "accepted_note":
			b.AcceptedNote = f.text(key, v)
		case "document_lines":
			f.fields(v, " in document_lines", linesKeys, func(key string, v *yaml.Node) {
				n := f.integer(key, v, 1)
				switch key {
				case "heading":
					b.Lines.Heading = n
				case "dependencies":
					b.Lines.Dependencies = n
				case "wave":
					b.Lines.Wave = n
				case "accepted":
					b.Lines.Accepted = n
				}
			})
		case "targets":
			for _, item := range f.list(key, v, "a list of {path, note}") {
				b.Targets = append(b.Targets, f.decodeTarget(item))
			}
		case "mappings":
			for _, item := range f.list(key, v, "a list of {id, class, member, file}") {
				b.Mappings = append(b.Mappings, f.decodeMapping(item))
			}
		case "features", "added":
			var groups []Group
			for _, item := range f.list(key, v, "a list of {label, ids, note}") {
				groups = append(groups, f.decodeGroup(key, item))
			}
			if key == "features" {
				b.Features = groups
			} else {
				b.Added = groups
			}
		}
	})
	f.require(root, seen, "", "id", "name", "wave", "targets", "features")
	if pos, ok := seen["features"]; ok && len(b.Features) == 0 {
		f.errorf(pos, "features: want at least one {label, ids} item")
	}
	if pos, ok := seen["targets"]; ok && len(b.Targets) == 0 {
		f.errorf(pos, "targets: want at least one {path, note} item")
	}
	return b
}

func (f *yamlFile) decodeTarget(n *yaml.Node) Target {
	t := Target{Pos: f.pos(n)}
	seen := f.fields(n, " in a targets item", targetKeys, func(key string, v *yaml.Node) {
		switch key {
		case "path":
			t.Path, t.Pos = f.text(key, v), f.pos(v)
		case "note":
			t.Note = f.text(key, v)
		case "line":
			t.Line = f.integer(key, v, 1)
		}
	})
	f.require(n, seen, " in a targets item", "path")
	return t
}

func (f *yamlFile) decodeMapping(n *yaml.Node) Mapping {
	m := Mapping{Pos: f.pos(n)}
	where := " in a mappings item"
	seen := f.fields(n, where, mappingKeys, func(key string, v *yaml.Node) {
		switch key {
		case "id":
			m.ID, m.Pos = f.integer(key, v, 1), f.pos(v)
		case "class":
			m.Class = f.text(key, v)
		case "member":
			m.Member = f.text(key, v)
		case "file":
			m.File = f.text(key, v)
		}
	})
	f.require(n, seen, where, "id")
	if m.Class == "" && m.Member == "" && m.File == "" {
		f.errorf(m.Pos, "mapping of feature %d: want class, member or file", m.ID)
	}
	return m
}

func (f *yamlFile) decodeGroup(list string, n *yaml.Node) Group {
	g := Group{Pos: f.pos(n)}
	where := fmt.Sprintf(" in a %s item", list)
	seen := f.fields(n, where, groupKeys, func(key string, v *yaml.Node) {
		switch key {
		case "label":
			g.Label = f.text(key, v)
		case "ids":
			g.Ranges = f.ranges(key, v)
		case "note":
			g.Note = f.text(key, v)
		case "line":
			g.Line = f.integer(key, v, 1)
		}
	})
	f.require(n, seen, where, "ids")
	return g
}

func (f *yamlFile) decodePlan(root *yaml.Node, p *Plan) {
	f.fields(root, "", planKeys, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			p.Title = f.text(key, v)
		case "document":
			p.Document = f.text(key, v)
		case "context":
			p.Context = f.text(key, v)
		case "expected_outcome":
			for _, item := range f.list(key, v, "a list of lines") {
				p.ExpectedOutcome = append(p.ExpectedOutcome, f.text(key, item))
			}
		case "waves":
			for _, item := range f.list(key, v, "a list of {wave, note}") {
				var number int
				var note string
				seen := f.fields(item, " in a waves item", waveKeys, func(key string, v *yaml.Node) {
					if key == "wave" {
						number = f.integer(key, v, 1)
					} else {
						note = f.text(key, v)
					}
				})
				f.require(item, seen, " in a waves item", "wave")
				if number > 0 {
					p.WaveNotes[number] = note
				}
			}
		}
	})
}
