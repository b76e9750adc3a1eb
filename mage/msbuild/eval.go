package msbuild

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// evaluator holds the properties of one evaluation of a project.
type evaluator struct {
	project *Project
	props   map[string]value // by lower-case name
	global  map[string]bool  // set from outside: the file cannot change them
	notes   []string
	depth   int // imports followed, to stop a cycle
}

func newEvaluator(p *Project, globals map[string]string) *evaluator {
	e := &evaluator{project: p, props: map[string]value{}, global: map[string]bool{}}
	for k, v := range globals {
		e.props[strings.ToLower(k)] = value{s: v}
		e.global[strings.ToLower(k)] = true
	}
	dir := p.Dir()
	e.set("MSBuildProjectDirectory", dir)
	e.set("MSBuildProjectFullPath", p.Path)
	e.set("MSBuildProjectFile", filepath.Base(p.Path))
	e.set("MSBuildProjectName", strings.TrimSuffix(filepath.Base(p.Path), filepath.Ext(p.Path)))
	e.set("Platform", "AnyCPU")
	return e
}

func (e *evaluator) set(name, v string) { e.props[strings.ToLower(name)] = value{s: v} }

func (e *evaluator) get(name string) value { return e.props[strings.ToLower(name)] }

// need is a property the symbols depend on: one whose value is not known
// is an error.
func (e *evaluator) need(name string, root *node) (string, error) {
	v := e.get(name)
	if v.err != nil {
		return "", fmt.Errorf("%s decides the #if symbols but cannot be evaluated here (set csharp_symbols to give them by hand): %w", name, v.err)
	}
	return v.s, nil
}

// run evaluates a project as the SDK does: Directory.Build.props, the SDK's
// TRACE, then the project body.
func (e *evaluator) run(root *node) {
	if props := directoryBuildProps(e.project.Dir()); props != "" {
		e.importFile(props, root)
	}
	if d := e.get("DefineConstants"); d.err == nil && d.s != "" {
		e.set("DefineConstants", d.s+";TRACE")
	} else if d.err == nil {
		e.set("DefineConstants", "TRACE")
	}
	e.body(root)
}

// directoryBuildProps is the Directory.Build.props MSBuild imports: the
// first one in the project's folder or above it.
func directoryBuildProps(dir string) string {
	for {
		p := filepath.Join(dir, "Directory.Build.props")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// body evaluates the property groups, properties, imports and choices of
// a project or imported file, in order.
func (e *evaluator) body(n *node) {
	e.set("MSBuildThisFileDirectory", filepath.Dir(n.file)+string(filepath.Separator))
	e.set("MSBuildThisFile", filepath.Base(n.file))
	for _, k := range n.kids {
		switch k.name {
		case "PropertyGroup":
			ok, err := e.cond(k)
			for _, p := range k.kids {
				switch {
				case err != nil:
					e.unknown(p.name, err)
				case ok:
					e.property(p)
				}
			}
		case "Import":
			e.importElement(k)
		case "Choose":
			e.choose(k)
		}
	}
}

func (e *evaluator) property(p *node) {
	name := strings.ToLower(p.name)
	ok, err := e.cond(p)
	switch {
	case e.global[name]:
	case err != nil:
		e.unknown(name, err)
	case ok:
		v, err := e.expand(strings.TrimSpace(p.text), p)
		e.props[name] = value{s: v, err: err}
	}
}

// unknown marks a property that may have been set in a way this package
// does not evaluate.
func (e *evaluator) unknown(name string, err error) {
	if n := strings.ToLower(name); !e.global[n] {
		e.props[n] = value{err: err}
	}
}

// choose evaluates <Choose>: the first <When> whose condition holds, else
// <Otherwise>.
func (e *evaluator) choose(c *node) {
	for _, w := range c.kids {
		ok, err := true, error(nil)
		if w.name == "When" {
			ok, err = e.cond(w)
		}
		if err != nil {
			for _, g := range w.kids {
				for _, p := range g.kids {
					e.unknown(p.name, err)
				}
			}
			return
		}
		if ok {
			e.body(w)
			return
		}
	}
}

// importElement follows <Import Project="..."> to a file that exists;
// the SDK's own imports (Sdk="...") and files that are not here are noted.
func (e *evaluator) importElement(k *node) {
	ok, err := e.cond(k)
	if err != nil || !ok || k.attrs["Sdk"] != "" {
		return
	}
	path, err := e.expand(k.attrs["Project"], k)
	if err != nil {
		e.notes = append(e.notes, "import not followed: "+err.Error())
		return
	}
	path = strings.ReplaceAll(path, `\`, "/")
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(k.file), path)
	}
	if _, err := os.Stat(path); err != nil {
		e.note(k, "import of %s not followed: no such file here", path)
		return
	}
	e.importFile(path, k)
}

func (e *evaluator) importFile(path string, at *node) {
	if e.depth >= 16 {
		e.note(at, "import of %s not followed: imports nested more than 16 deep", path)
		return
	}
	n, err := parseFile(path)
	if err != nil {
		e.note(at, "import of %s not followed: %v", path, err)
		return
	}
	e.depth++
	dir, file := e.get("MSBuildThisFileDirectory"), e.get("MSBuildThisFile")
	e.body(n)
	e.props["msbuildthisfiledirectory"], e.props["msbuildthisfile"] = dir, file
	e.depth--
}

func (e *evaluator) note(at *node, format string, args ...any) {
	e.notes = append(e.notes, fmt.Sprintf("%s:%d:%d: ", at.file, at.line, at.col)+fmt.Sprintf(format, args...))
}
