package audit

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"portwave/mage/audit/csharp"
	"portwave/mage/msbuild"
)

// Symbols are the #if symbols a C# tree is scanned with, and where they
// come from: the csharp_symbols setting when it is set, else the port's
// project files. A file is scanned with the builds of the project whose
// folder holds it (the deepest one), each of its target frameworks under
// the configuration; a file outside every project with the builds of all
// of them; a tree without project files with msbuild.Fallback.
type Symbols struct {
	Override      []string
	Configuration string
	Projects      []*msbuild.Project
	// Notes are what reading the projects did not follow (imports of files
	// not here, projects that compile no C#).
	Notes []string

	dirs   []string         // folders of projects with builds, deepest first
	builds [][]csharp.Build // the builds of each folder's projects
	all    []csharp.Build
}

// LoadSymbols reads the project files (see msbuild.Find) for a tree, or
// takes override when it is set (no project is read then).
func LoadSymbols(projects []string, configuration string, override []string) (*Symbols, error) {
	if configuration == "" {
		configuration = msbuild.DefaultConfiguration
	}
	s := &Symbols{Override: override, Configuration: configuration}
	if len(override) > 0 {
		s.all = []csharp.Build{{Name: "csharp_symbols", Symbols: override}}
		return s, nil
	}
	byDir := map[string][]csharp.Build{}
	sort.Strings(projects)
	for _, path := range slices.Compact(projects) {
		p, err := msbuild.Load(path, configuration)
		if err != nil {
			return nil, fmt.Errorf("reading the #if symbols from the project files: %w", err)
		}
		s.Projects = append(s.Projects, p)
		s.Notes = append(s.Notes, p.Notes...)
		for _, b := range p.Builds {
			cb := csharp.Build{Name: filepath.Base(p.Path) + " " + b.Framework, Symbols: b.Symbols}
			byDir[p.Dir()] = append(byDir[p.Dir()], cb)
			s.all = append(s.all, cb)
		}
	}
	if len(s.all) == 0 {
		fb := msbuild.Fallback(configuration)
		s.all = []csharp.Build{{Name: fb.Framework + " (no project file)", Symbols: fb.Symbols}}
	}
	for dir := range byDir {
		s.dirs = append(s.dirs, dir)
	}
	sort.Slice(s.dirs, func(i, j int) bool { return len(s.dirs[i]) > len(s.dirs[j]) })
	for _, dir := range s.dirs {
		s.builds = append(s.builds, byDir[dir])
	}
	return s, nil
}

// group returns an index for the builds the file at path is compiled in,
// and those builds; files with the same index share them.
func (s *Symbols) group(path string) (int, []csharp.Build) {
	for i, dir := range s.dirs {
		if rel, err := filepath.Rel(dir, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return i, s.builds[i]
		}
	}
	return len(s.dirs), s.all
}

// For returns the builds the file at path (absolute) is scanned with.
func (s *Symbols) For(path string) []csharp.Build {
	_, b := s.group(path)
	return b
}

// Key says everything that decides the scans, for the audit's cache: a
// change of a project's frameworks or symbols rescans the tree.
func (s *Symbols) Key() string {
	var b strings.Builder
	for i, dir := range append(slices.Clone(s.dirs), "*") {
		builds := s.all
		if i < len(s.builds) {
			builds = s.builds[i]
		}
		fmt.Fprintf(&b, "%s:", dir)
		for _, cb := range builds {
			fmt.Fprintf(&b, " %s=%s", cb.Name, strings.Join(cb.Symbols, ","))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Describe writes the symbols in force and where they came from, one
// build a line: what `mage config` prints.
func (s *Symbols) Describe(w io.Writer, base string) {
	rel := func(p string) string {
		if r, err := filepath.Rel(base, p); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
		return p
	}
	switch {
	case len(s.Override) > 0:
		fmt.Fprintf(w, "  from csharp_symbols (PORTWAVE_CSHARP_SYMBOLS), for every file: %s\n", strings.Join(s.Override, " "))
		return
	case len(s.Projects) == 0:
		fmt.Fprintf(w, "  no project file: as a project naming only %s would define them, %s configuration: %s\n",
			msbuild.FallbackFramework, s.Configuration, strings.Join(s.all[0].Symbols, " "))
	}
	for _, p := range s.Projects {
		if len(p.Builds) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s (%s configuration):\n", rel(p.Path), p.Configuration)
		for _, b := range p.Builds {
			fmt.Fprintf(w, "    %s: %s\n", b.Framework, strings.Join(b.Symbols, " "))
		}
	}
	for _, n := range s.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
}
