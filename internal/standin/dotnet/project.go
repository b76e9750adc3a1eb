package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// project is one C# project as msbuild would load it.
type project struct {
	path      string // absolute .csproj path
	name      string // file name without extension: the assembly name
	framework string // the first TargetFramework, e.g. net10.0
	defines   []string
	isTest    bool     // references Microsoft.NET.Test.Sdk or says IsTestProject
	files     []string // absolute .cs paths, sorted
	loadErr   *diag    // the project file is not well-formed XML
}

// switchError is an msbuild command-line error, printed as
// "MSBUILD : error CODE: message" and, when set, "Switch: value".
type switchError struct {
	code, message, switchValue string
}

var (
	slnProject  = regexp.MustCompile(`(?m)^Project\("[^"]*"\)\s*=\s*"[^"]*",\s*"([^"]+)"`)
	slnxProject = regexp.MustCompile(`<Project\s+Path="([^"]+)"`)
	tfmElement  = regexp.MustCompile(`<TargetFrameworks?>\s*([^<;\s]+)`)
	defineElem  = regexp.MustCompile(`<DefineConstants>([^<]*)</DefineConstants>`)
	testProject = regexp.MustCompile(`(?i)Include="Microsoft\.NET\.Test\.Sdk"|<IsTestProject>\s*true\s*</IsTestProject>`)
)

func isSolution(p string) bool { return slices.Contains([]string{".sln", ".slnx"}, filepath.Ext(p)) }
func isProject(p string) bool  { return strings.HasSuffix(filepath.Ext(p), "proj") }

// resolveEntry finds the project or solution a command names, the way
// msbuild does: a file is taken as is; a folder must hold exactly one
// project or one solution (or a solution and a project of the same name).
func resolveEntry(arg string) (string, *switchError) {
	if arg == "" {
		arg = "."
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return "", &switchError{"MSB1009", "Project file does not exist.", arg}
	}
	info, err := os.Stat(abs)
	if err != nil || (!info.IsDir() && !isSolution(abs) && !isProject(abs)) {
		return "", &switchError{"MSB1009", "Project file does not exist.", arg}
	}
	if !info.IsDir() {
		return abs, nil
	}
	entries, _ := os.ReadDir(abs)
	var slns, projs []string
	for _, e := range entries {
		switch {
		case e.IsDir():
		case isSolution(e.Name()):
			slns = append(slns, filepath.Join(abs, e.Name()))
		case isProject(e.Name()):
			projs = append(projs, filepath.Join(abs, e.Name()))
		}
	}
	stem := func(p string) string { return strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)) }
	switch {
	case len(slns) == 0 && len(projs) == 0:
		return "", &switchError{code: "MSB1003", message: "Specify a project or solution file. The current working directory does not contain a project or solution file."}
	case len(slns) == 1 && len(projs) == 0:
		return slns[0], nil
	case len(slns) == 0 && len(projs) == 1:
		return projs[0], nil
	case len(slns) == 1 && len(projs) == 1 && stem(slns[0]) == stem(projs[0]):
		return slns[0], nil
	}
	return "", &switchError{code: "MSB1011", message: "Specify which project or solution file to use because this folder contains more than one project or solution file."}
}

// loadProjects returns the projects an entry builds, in solution order.
// A solution naming a missing project yields MSB3202 for it.
func loadProjects(entry string) ([]*project, []diag) {
	if !isSolution(entry) {
		return []*project{loadProject(entry)}, nil
	}
	text, err := os.ReadFile(entry)
	if err != nil {
		return nil, []diag{{severity: "error", code: "MSB4025", message: "The project file could not be loaded. " + err.Error()}}
	}
	re := slnProject
	if filepath.Ext(entry) == ".slnx" {
		re = slnxProject
	}
	var projects []*project
	var diags []diag
	for _, m := range re.FindAllStringSubmatch(string(text), -1) {
		rel := strings.ReplaceAll(m[1], `\`, "/")
		if !isProject(rel) {
			continue // a solution folder
		}
		p := filepath.Join(filepath.Dir(entry), rel)
		if _, err := os.Stat(p); err != nil {
			diags = append(diags, diag{severity: "error", code: "MSB3202", message: fmt.Sprintf("The project file %q was not found.", p)})
			continue
		}
		projects = append(projects, loadProject(p))
	}
	return projects, diags
}

func loadProject(path string) *project {
	p := &project{path: path, name: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), framework: "net10.0"}
	text, err := os.ReadFile(path)
	if err == nil {
		err = wellFormed(string(text))
	}
	var syn *xml.SyntaxError
	switch {
	case errors.As(err, &syn):
		p.loadErr = &diag{line: syn.Line, col: 1, severity: "error", code: "MSB4025",
			message: "The project file could not be loaded. " + syn.Msg + ". Line " + strconv.Itoa(syn.Line) + "."}
		return p
	case err != nil:
		p.loadErr = &diag{severity: "error", code: "MSB4025", message: "The project file could not be loaded. " + err.Error()}
		return p
	}
	if m := tfmElement.FindStringSubmatch(string(text)); m != nil {
		p.framework = m[1]
	}
	if m := defineElem.FindStringSubmatch(string(text)); m != nil {
		for d := range strings.SplitSeq(m[1], ";") {
			if d = strings.TrimSpace(d); d != "" && !strings.HasPrefix(d, "$(") {
				p.defines = append(p.defines, d)
			}
		}
	}
	p.isTest = testProject.MatchString(string(text))
	p.files = sourceFiles(filepath.Dir(path))
	return p
}

// wellFormed reports the first XML syntax error in a project file.
func wellFormed(text string) error {
	dec := xml.NewDecoder(strings.NewReader(text))
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// sourceFiles lists the .cs files msbuild's default globs include: all
// under the project folder but bin/, obj/, hidden folders and folders of
// other projects.
func sourceFiles(dir string) []string {
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && p != dir {
			name := d.Name()
			if name == "bin" || name == "obj" || strings.HasPrefix(name, ".") || holdsProject(p) {
				return filepath.SkipDir
			}
		}
		if !d.IsDir() && filepath.Ext(p) == ".cs" {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	return files
}

func holdsProject(dir string) bool {
	entries, _ := os.ReadDir(dir)
	return slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return !e.IsDir() && isProject(e.Name()) })
}

// symbols are the preprocessor symbols the SDK defines for the project.
func (p *project) symbols(configuration string) map[string]bool {
	s := map[string]bool{"TRACE": true}
	if strings.EqualFold(configuration, "Debug") {
		s["DEBUG"] = true
	} else {
		s["RELEASE"] = true
	}
	var major, minor int
	if _, err := fmt.Sscanf(p.framework, "net%d.%d", &major, &minor); err == nil && major >= 5 {
		s["NET"], s["NETCOREAPP"] = true, true
		s[fmt.Sprintf("NET%d_%d", major, minor)] = true
		for v := 5; v <= major; v++ {
			s[fmt.Sprintf("NET%d_0_OR_GREATER", v)] = true
		}
		for _, v := range []string{"1_0", "1_1", "2_0", "2_1", "2_2", "3_0", "3_1"} {
			s["NETCOREAPP"+v+"_OR_GREATER"] = true
		}
	}
	for _, d := range p.defines {
		s[d] = true
	}
	return s
}

// targetPath is where the build would put the assembly.
func (p *project) targetPath(configuration string) string {
	return filepath.Join(filepath.Dir(p.path), "bin", configuration, p.framework, p.name+".dll")
}
