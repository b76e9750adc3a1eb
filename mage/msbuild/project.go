package msbuild

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// DefaultConfiguration is the configuration dotnet build and dotnet test
// use when none is given.
const DefaultConfiguration = "Debug"

// Project is what a project file says about compiling its C#.
type Project struct {
	Path          string
	Configuration string
	Builds        []Build // one per target framework, in the project's order
	// Notes name what was not followed: imports of files that do not
	// exist here (the SDK's own, or generated ones).
	Notes []string
}

// Dir is the folder whose C# files the project compiles by default.
func (p *Project) Dir() string { return filepath.Dir(p.Path) }

// Build is one target framework of a project under its configuration.
type Build struct {
	Framework string
	Symbols   []string // as the compiler gets them, in order, each once
}

// Load reads the project file at path and computes, for each of its
// target frameworks, the symbols the compiler defines under configuration
// ("" is Debug).
func Load(path, configuration string) (*Project, error) {
	if configuration == "" {
		configuration = DefaultConfiguration
	}
	root, err := parseFile(path)
	if err != nil {
		return nil, err
	}
	p := &Project{Path: path, Configuration: configuration}
	outer := newEvaluator(p, map[string]string{"Configuration": configuration})
	outer.run(root)
	tfms, err := outer.need("TargetFrameworks", root)
	if err != nil {
		return nil, err
	}
	global := "TargetFramework"
	var frameworks []string
	for _, f := range strings.Split(tfms, ";") {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(frameworks, f) {
			frameworks = append(frameworks, f)
		}
	}
	if len(frameworks) == 0 {
		tfm, err := outer.need("TargetFramework", root)
		if err != nil {
			return nil, err
		}
		if tfm = strings.TrimSpace(tfm); tfm == "" {
			// A traversal or packaging project: it compiles no C# itself.
			p.Notes = append(outer.notes, fmt.Sprintf("%s: names no TargetFramework or TargetFrameworks: compiles no C#", path))
			return p, nil
		}
		frameworks, global = []string{tfm}, ""
	}
	for _, tfm := range frameworks {
		globals := map[string]string{"Configuration": configuration}
		if global != "" {
			globals[global] = tfm // an inner build of a multi-targeting project
		}
		e := newEvaluator(p, globals)
		e.run(root)
		b, err := e.build(tfm, root)
		if err != nil {
			return nil, err
		}
		p.Builds = append(p.Builds, b)
	}
	p.Notes = outer.notes
	return p, nil
}

// build computes one framework's symbols once the project is evaluated.
func (e *evaluator) build(tfm string, root *node) (Build, error) {
	f, err := ParseFramework(tfm)
	if err != nil {
		return Build{}, root.errorf("%v", err)
	}
	defines, err := e.need("DefineConstants", root)
	if err != nil {
		return Build{}, err
	}
	flags := map[string]bool{}
	for _, name := range []string{"DisableImplicitConfigurationDefines", "DisableImplicitFrameworkDefines", "DisableDiagnosticTracing"} {
		v, err := e.need(name, root)
		if err != nil {
			return Build{}, err
		}
		flags[name] = strings.EqualFold(strings.TrimSpace(v), "true")
	}
	var symbols []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(symbols, s) {
			symbols = append(symbols, s)
		}
	}
	for _, s := range strings.FieldsFunc(defines, func(r rune) bool { return r == ';' || r == ',' }) {
		add(s)
	}
	if !flags["DisableImplicitConfigurationDefines"] {
		add(strings.NewReplacer("-", "_", ".", "_", " ", "_").Replace(strings.ToUpper(e.get("Configuration").s)))
	}
	if !flags["DisableImplicitFrameworkDefines"] {
		for _, s := range f.Symbols() {
			add(s)
		}
	}
	if flags["DisableDiagnosticTracing"] {
		symbols = slices.DeleteFunc(symbols, func(s string) bool { return s == "TRACE" })
	}
	return Build{Framework: tfm, Symbols: symbols}, nil
}
