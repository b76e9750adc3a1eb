package main_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/config"
	"portwave/mage/target"
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
			name = strings.ToLower(fn.Recv.List[0].Type.(*ast.Ident).Name) + ":" + name
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
	known := append(config.Variables(), target.OtherEnv...)
	got := docEnv(t, "magefile.go")
	for name, env := range docEnv(t, "magefile_plan.go") {
		got[name] = env
	}
	for name, env := range got {
		for _, v := range env {
			if !slices.Contains(known, v) {
				t.Errorf("target %s lists %s, which portwave does not register", name, v)
			}
		}
		want, ok := target.TargetEnv[name]
		switch {
		case regexp.MustCompile(`^batch\d+$`).MatchString(name):
			want, ok = target.BatchTargetEnv, true
		case regexp.MustCompile(`^wave\d+$`).MatchString(name):
			want, ok = target.WaveTargetEnv, true
		}
		if !ok {
			continue // a new target: its list is checked against the registry above
		}
		if diff := cmp.Diff(want, env); diff != "" {
			t.Errorf("target %s's [env: …] list differs from target.TargetEnv (-want +got):\n%s", name, diff)
		}
	}
	for name := range target.TargetEnv {
		if _, ok := got[name]; !ok {
			t.Errorf("target.TargetEnv has %s, which magefile.go does not define", name)
		}
	}
}
