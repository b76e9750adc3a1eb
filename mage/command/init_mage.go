package command

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"text/template"

	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/scripts"
)

// mageModule is where a port's Mage files go, the Go module that builds
// portwave's targets for the repository: its root, or its magefiles/
// when the root holds Go code of its own (a go.mod there, or Go files no
// module of theirs holds), which a module at the root would swallow.
type mageModule struct {
	Dir    string // absolute
	Folder string // relative to the repository: "." or "magefiles"
}

// Apart reports whether the module is kept apart in magefiles/.
func (m mageModule) Apart() bool { return m.Folder != "." }

// Mage is the command that runs a target from the repository's root.
func (m mageModule) Mage() string {
	if m.Apart() {
		return "go run -C " + m.Folder + " mage.go"
	}
	return "go run mage.go"
}

// placeMageModule decides where the Mage module of the repository at dir
// goes: where one is already, else the root when no Go file there would
// belong to it, else magefiles/ (Mage's folder for magefiles kept apart).
func placeMageModule(dir string, d Detected) mageModule {
	for _, folder := range []string{".", "magefiles"} {
		if isMageModule(filepath.Join(dir, folder, "go.mod")) {
			return mageModule{Dir: filepath.Join(dir, folder), Folder: folder}
		}
	}
	for _, m := range d.GoModules {
		if m == "." {
			return mageModule{Dir: filepath.Join(dir, "magefiles"), Folder: "magefiles"}
		}
	}
	if len(d.LooseGo) > 0 {
		return mageModule{Dir: filepath.Join(dir, "magefiles"), Folder: "magefiles"}
	}
	return mageModule{Dir: dir, Folder: "."}
}

// portwaveClone is the clone of portwave whose targets the port builds:
// the one the repository's Mage module already replaces portwave with,
// else the one this program was built from (Go records its source files'
// paths, unless -trimpath hid them).
func portwaveClone(m mageModule) (string, error) {
	if data, err := os.ReadFile(filepath.Join(m.Dir, "go.mod")); err == nil {
		if r := replacedPortwave(data); r != "" {
			if !filepath.IsAbs(r) {
				r = filepath.Join(m.Dir, r)
			}
			if config.Clone(r) == r {
				return r, nil
			}
		}
	}
	_, file, _, ok := runtime.Caller(0)
	if ok && filepath.IsAbs(file) {
		dir := filepath.Dir(filepath.Dir(filepath.Dir(file))) // mage/command/init_mage.go
		if config.Clone(dir) == dir {
			return dir, nil
		}
	}
	return "", errors.New("cannot tell where portwave's clone is (this program was built with -trimpath?): run init from your clone of portwave without -trimpath in GOFLAGS: `go run mage.go -w REPOSITORY init`")
}

var replaceLine = regexp.MustCompile(`(?m)^\s*replace\s+portwave(?:\s+v0\.0\.0)?\s+=>\s+(\S+)\s*$`)

// replacedPortwave is the path a go.mod replaces portwave with, or "".
func replacedPortwave(gomod []byte) string {
	if m := replaceLine.FindSubmatch(gomod); m != nil {
		return strings.Trim(string(m[1]), `"`)
	}
	return ""
}

// mageFiles renders the Mage module's files for a port: go.mod and go.sum
// (portwave's requirements, with portwave replaced by the clone), mage.go
// and magefile.go, by file name relative to the module.
func mageFiles(m mageModule, clone, repoName string) (map[string][]byte, error) {
	gomod, err := os.ReadFile(filepath.Join(clone, "go.mod"))
	if err != nil {
		return nil, fmt.Errorf("reading portwave's go.mod: %w", err)
	}
	gosum, err := os.ReadFile(filepath.Join(clone, "go.sum"))
	if err != nil {
		return nil, fmt.Errorf("reading portwave's go.sum: %w", err)
	}
	replace, err := filepath.Rel(m.Dir, clone)
	if err != nil {
		replace = clone
	}
	if replace = filepath.ToSlash(replace); !strings.HasPrefix(replace, "../") && !filepath.IsAbs(replace) {
		replace = "./" + replace
	}
	mod := modData{Module: moduleName(repoName, m), Replace: replace}
	if err := mod.readPortwave(gomod); err != nil {
		return nil, err
	}
	data := map[string]any{"Name": oneWord(repoName), "Apart": m.Apart(), "Folder": m.Folder}
	files := map[string][]byte{"go.sum": gosum}
	for name, v := range map[string]any{"go.mod": mod, "mage.go": data, "magefile.go": data} {
		text, err := render(scripts.PortFile(name+".tmpl"), name, v, "{{", "}}")
		if err != nil {
			return nil, err
		}
		files[name] = text
	}
	return files, nil
}

// modData fills go.mod.tmpl.
type modData struct {
	Module, Go, Toolchain, Mage, Replace string
	Indirect                             []string // "path version" of every other requirement of portwave
}

var requireLine = regexp.MustCompile(`^\s*(\S+)\s+(v\S+)(\s*//.*)?$`)

// readPortwave takes portwave's Go version and requirements: every one,
// so that the port's module builds exactly what portwave's tests build.
func (d *modData) readPortwave(gomod []byte) error {
	inRequire := false
	for line := range strings.Lines(string(gomod)) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "go "):
			d.Go = strings.TrimSpace(strings.TrimPrefix(line, "go "))
		case strings.HasPrefix(line, "toolchain "):
			d.Toolchain = strings.TrimSpace(strings.TrimPrefix(line, "toolchain "))
		case line == "require (":
			inRequire = true
		case inRequire && line == ")":
			inRequire = false
		case inRequire || strings.HasPrefix(line, "require "):
			m := requireLine.FindStringSubmatch(strings.TrimPrefix(line, "require "))
			if m == nil {
				continue
			}
			if m[1] == "github.com/magefile/mage" {
				d.Mage = m[2]
			} else {
				d.Indirect = append(d.Indirect, m[1]+" "+m[2])
			}
		}
	}
	if d.Go == "" || d.Mage == "" {
		return errors.New("portwave's go.mod names no go version or no github.com/magefile/mage requirement")
	}
	return nil
}

// moduleName is the Mage module's path: the repository's name, which
// is never portwave's.
func moduleName(repoName string, m mageModule) string {
	name := oneWord(repoName) + "-port"
	if m.Apart() {
		name += "/" + m.Folder
	}
	return name
}

// oneWord keeps the letters, digits, dots and dashes of a folder's name,
// for a module path and a Go comment.
func oneWord(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if out := strings.Trim(b.String(), "-."); out != "" {
		return out
	}
	return "port"
}

func render(src, name string, data any, left, right string) ([]byte, error) {
	t, err := template.New(name).Delims(left, right).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// WorkflowOptions fill the port workflow init writes.
type WorkflowOptions struct {
	Folder     string // the Mage module's folder: "." or "magefiles"
	Repository string // where the jobs check portwave out: OWNER/NAME on GitHub
	Ref        string // the commit they check out
}

// Workflow renders .github/workflows/port.yml for a port.
func Workflow(o WorkflowOptions) ([]byte, error) {
	m := mageModule{Folder: o.Folder}
	note := "the GitHub repository of your clone of portwave and the commit it was at when init ran; move PORTWAVE_REF when you update the clone."
	if o.Repository == "" {
		o.Repository = "OWNER/portwave"
		note = "SET PORTWAVE_REPOSITORY to the GitHub repository of portwave (your clone has no GitHub remote); PORTWAVE_REF is the commit it was at when init ran."
	}
	gomod, use := "go.mod", "$PWD"
	if m.Apart() {
		gomod, use = m.Folder+"/go.mod", "$PWD/"+m.Folder
	}
	return render(scripts.PortFile("port.yml.tmpl"), "port.yml", map[string]string{"ModDir": o.Folder, "GoMod": gomod, "WorkUse": use, "Mage": m.Mage(),
		"Repository": o.Repository, "RepositoryNote": note, "Ref": o.Ref}, "[%", "%]")
}

var githubRemote = regexp.MustCompile(`github\.com[:/]([^/\s]+/[^/\s]+?)(?:\.git)?/?$`)

// cloneOrigin is where the clone came from on GitHub and the commit it is
// at, for the workflow's checkout of portwave.
func cloneOrigin(ctx context.Context, clone string) (repo, ref string) {
	r := gitx.Repo{Dir: clone}
	if url, err := r.Run(ctx, "remote", "get-url", "origin"); err == nil {
		if m := githubRemote.FindStringSubmatch(strings.TrimSpace(url)); m != nil {
			repo = m[1]
		}
	}
	if head, err := r.Run(ctx, "rev-parse", "HEAD"); err == nil {
		ref = strings.TrimSpace(head)
	}
	if ref == "" {
		ref = "main"
	}
	return repo, ref
}
