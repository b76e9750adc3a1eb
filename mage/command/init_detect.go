package command

import (
	"bufio"
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"portwave/mage/config"
	"portwave/mage/portdb"
)

// Detected is what init found in the repository, as slash-separated paths
// relative to it.
type Detected struct {
	GoRoot      string // the folder of go.mod, or of the most Go files
	Solution    string // the .sln
	Project     string // the main (non-test) .csproj
	TestProject string // the test .csproj
	DB          string // a porting.db, if there is one
	DBIsTracker bool   // that file is another tracker's database, not portwave's
	Plan        string // the plan document: a markdown file with "### Batch NN:" sections
	OtherPlans  []string
	// GoModules are the folders holding a go.mod other than portwave's
	// Mage module; LooseGo are folders of Go files outside all of them.
	GoModules []string
	LooseGo   []string
}

// skipDirs are never searched for the Go tree or the C# projects.
var skipDirs = map[string]bool{".git": true, "bin": true, "obj": true, "node_modules": true,
	"vendor": true, "testdata": true, "reports": true, "batches": true, ".portwave": true, "magefiles": true}

// planHeading is a batch section of a plan document (docs/plan-format.md).
var planHeading = regexp.MustCompile(`(?m)^### Batch \d+: .+ \(\d+ features?\)\s*$`)

// Detect looks through dir for the Go tree, the C# solution and projects,
// a porting.db and the plan document.
func Detect(dir string) (Detected, error) {
	var d Detected
	var csprojs, slns, dbs, plans []string
	goFiles := map[string]int{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			if path != dir && (skipDirs[e.Name()] || strings.HasSuffix(e.Name(), "-worktrees")) {
				return filepath.SkipDir
			}
			return nil
		}
		switch name := e.Name(); {
		case name == "go.mod":
			if !isMageModule(path) {
				d.GoModules = append(d.GoModules, filepath.ToSlash(filepath.Dir(rel)))
			}
		case strings.HasSuffix(name, ".go"):
			if !isMagefile(path) {
				goFiles[filepath.ToSlash(filepath.Dir(rel))]++
			}
		case strings.HasSuffix(name, ".csproj"):
			csprojs = append(csprojs, rel)
		case strings.HasSuffix(name, ".sln") || strings.HasSuffix(name, ".slnx"):
			slns = append(slns, rel)
		case name == "porting.db":
			dbs = append(dbs, rel)
		case strings.HasSuffix(name, ".md") && isPlanDocument(path):
			plans = append(plans, rel)
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	slices.SortFunc(d.GoModules, shallowFirst)
	if len(d.GoModules) > 0 {
		d.GoRoot = d.GoModules[0]
	}
	best := ""
	for dir, n := range goFiles {
		if best == "" || n > goFiles[best] || (n == goFiles[best] && dir < best) {
			best = dir
		}
		if !underAny(dir, d.GoModules) {
			d.LooseGo = append(d.LooseGo, dir)
		}
	}
	slices.Sort(d.LooseGo)
	if d.GoRoot == "" {
		d.GoRoot = best
	}
	d.Solution = shallowest(slns)
	var tests, mains []string
	for _, p := range csprojs {
		if isTestProject(filepath.Join(dir, filepath.FromSlash(p))) {
			tests = append(tests, p)
		} else {
			mains = append(mains, p)
		}
	}
	d.Project, d.TestProject = shallowest(mains), shallowest(tests)
	if d.DB = shallowest(dbs); d.DB != "" {
		d.DBIsTracker = !isPortwaveDB(filepath.Join(dir, filepath.FromSlash(d.DB)))
	}
	d.Plan, d.OtherPlans = choosePlan(plans)
	return d, nil
}

// choosePlan picks the plan document among the markdown files that have
// batch sections: one named plan.md first, then the shallowest, then the
// last by name (plans are often named by date).
func choosePlan(plans []string) (string, []string) {
	if len(plans) == 0 {
		return "", nil
	}
	slices.SortFunc(plans, func(a, b string) int {
		if pa, pb := filepath.Base(a) == "plan.md", filepath.Base(b) == "plan.md"; pa != pb {
			if pa {
				return -1
			}
			return 1
		}
		if n := strings.Count(a, "/") - strings.Count(b, "/"); n != 0 {
			return n
		}
		return strings.Compare(b, a)
	})
	return plans[0], plans[1:]
}

func shallowFirst(a, b string) int {
	if n := strings.Count(a, "/") - strings.Count(b, "/"); n != 0 {
		return n
	}
	return strings.Compare(a, b)
}

// shallowest is the path nearest the root, the first by name among equals.
func shallowest(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	paths = slices.Clone(paths)
	slices.SortFunc(paths, shallowFirst)
	return paths[0]
}

// underAny reports whether the folder dir is one of roots or below one.
func underAny(dir string, roots []string) bool {
	for _, r := range roots {
		if r == "." || dir == r || strings.HasPrefix(dir, r+"/") {
			return true
		}
	}
	return false
}

// isPlanDocument reports whether a markdown file has the batch sections of
// a plan document.
func isPlanDocument(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil || len(data) > 8<<20 {
		return false
	}
	return planHeading.Match(data)
}

// isMageModule reports whether a go.mod is a port's Mage module, the one
// init writes (it requires portwave), not the Go tree's.
func isMageModule(gomod string) bool {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return false
	}
	if config.ModulePath(data) == config.Module {
		return true // portwave's own clone, inside the repository
	}
	return replacedPortwave(data) != "" || bytes.Contains(data, []byte("\n\tportwave v0.0.0"))
}

// isMagefile reports whether a Go file is one of Mage's: tagged mage or
// ignore (mage.go), in the repository's Mage files rather than its Go tree.
func isMagefile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") && !strings.HasPrefix(line, "//go:build") {
			continue
		}
		return line == "//go:build mage" || line == "//go:build ignore"
	}
	return false
}

// isTestProject tells a test project by its name or its test SDK reference.
func isTestProject(path string) bool {
	if strings.Contains(strings.ToLower(filepath.Base(path)), "test") {
		return true
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for _, ref := range []string{"Microsoft.NET.Test.Sdk", "xunit", "NUnit", "MSTest"} {
		if bytes.Contains(data, []byte(ref)) {
			return true
		}
	}
	return false
}

func isPortwaveDB(path string) bool {
	db, err := portdb.OpenReadOnly(context.Background(), path)
	if err != nil {
		return false
	}
	db.Close()
	return true
}
