package main_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/command"
	"portwave/mage/config"
)

// docEnv maps each Mage target in file to the [env: …] list of its doc.
func docEnv(t *testing.T, file string) map[string][]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	list := regexp.MustCompile(`\[env: ([^\]]*)\]\.?\s*$`)
	out := map[string][]string{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || !fn.Name.IsExported() {
			continue
		}
		name := lowerFirst(fn.Name.Name)
		if fn.Recv != nil {
			// Mage lists the methods of namespaces, which are exported
			// types; targets.Generated's are calls for the generated
			// targets, of an unexported type, and no target.
			recv := fn.Recv.List[0].Type.(*ast.Ident).Name
			if !ast.IsExported(recv) {
				continue
			}
			name = strings.ToLower(recv) + ":" + name
		}
		m := list.FindStringSubmatch(fn.Doc.Text())
		if m == nil {
			t.Errorf("%s: target %s lists no [env: …] at the end of its doc", file, name)
			continue
		}
		if m[1] != "none" {
			out[name] = strings.Split(m[1], ", ")
		} else {
			out[name] = nil
		}
	}
	return out
}

func lowerFirst(s string) string { return string(unicode.ToLower(rune(s[0]))) + s[1:] }

// The [env: …] list of every target is the one the target package
// declares for it, and names only variables portwave registers.
func TestEveryTargetsEnvListIsTheDeclaredOneAndRegistered(t *testing.T) {
	known := append(config.Variables(), command.OtherEnv...)
	got := map[string][]string{}
	files, _ := filepath.Glob(filepath.Join("targets", "*.go"))
	for _, f := range append(files, "magefile.go", "magefile_plan.go") {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		for name, env := range docEnv(t, f) {
			got[name] = env
		}
	}
	for name, env := range got {
		for _, v := range env {
			if !slices.Contains(known, v) {
				t.Errorf("target %s lists %s, which portwave does not register", name, v)
			}
		}
		want, ok := command.TargetEnv[name]
		switch {
		case regexp.MustCompile(`^batch\d+$`).MatchString(name):
			want, ok = command.BatchTargetEnv, true
		case regexp.MustCompile(`^wave\d+$`).MatchString(name):
			want, ok = command.WaveTargetEnv, true
		}
		if !ok {
			continue // a new target: its list is checked against the registry above
		}
		if diff := cmp.Diff(want, env); diff != "" {
			t.Errorf("target %s's [env: …] list differs from command.TargetEnv (-want +got):\n%s", name, diff)
		}
	}
	for name := range command.TargetEnv {
		if _, ok := got[name]; !ok {
			t.Errorf("command.TargetEnv has %s, which neither targets/ nor magefile.go defines", name)
		}
	}
}

// `mage -l` is one short line per target, its doc's first sentence; the
// details and the [env: …] list are under `mage -h TARGET`, a paragraph
// each.
func TestMageListsOneShortLinePerTargetAndHelpShowsTheVariables(t *testing.T) {
	out, err := exec.Command("go", "run", "mage.go", "-l").CombinedOutput()
	if err != nil {
		t.Fatalf("mage -l: %v\n%s", err, out)
	}
	targets := 0
	for _, line := range strings.Split(string(out), "\n") {
		if !strings.HasPrefix(line, "  ") {
			continue
		}
		targets++
		if len(line) > 90 || strings.Contains(line, "[env:") {
			t.Errorf("mage -l line of %d characters (want at most 90, without the variables): %s", len(line), line)
		}
	}
	if targets < len(command.TargetEnv) {
		t.Errorf("mage -l lists %d targets, want at least %d:\n%s", targets, len(command.TargetEnv), out)
	}
	out, err = exec.Command("go", "run", "mage.go", "config").CombinedOutput()
	if err != nil || !regexp.MustCompile(`(?m)^  status +PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_FORMAT$`).Match(out) ||
		!regexp.MustCompile(`(?m)^  waveN \(each wave of the plan\) +`+strings.Join(command.WaveTargetEnv, ", ")+`$`).Match(out) {
		t.Errorf("mage config does not list what status and the waves read (%v):\n%s", err, out)
	}
	for name, want := range map[string]string{"status": "\n\n[env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_FORMAT]\n", "wave2": "\n\n[env: " + strings.Join(command.WaveTargetEnv, ", ") + "]\n"} {
		out, err := exec.Command("go", "run", "mage.go", "-h", name).CombinedOutput()
		if err != nil || !strings.Contains(string(out), want) {
			t.Errorf("mage -h %s does not end its doc with the paragraph %q (%v):\n%s", name, want, err, out)
		}
	}
}
