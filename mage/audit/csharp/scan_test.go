package csharp_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/goldenfile"
	"portwave/mage/audit/csharp"
)

// update is the -update flag every golden file answers to (`mage golden`):
// here it also means: rewrite the testdata/*.golden files.
var update = goldenfile.Update

// TestScanMatchesGoldenFiles scans every testdata/*.cs file and compares the
// types, members, classifications and errors found with its .golden file.
func TestScanMatchesGoldenFiles(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.cs")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, path := range paths {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := dump(csharp.Scan(name, src, goldenOptions(src)), src)
			golden := strings.TrimSuffix(path, ".cs") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./mage/audit/csharp -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("scan of %s differs from %s (-want +got):\n%s", name, golden, diff)
			}
		})
	}
}

// goldenOptions reads the builds a corpus file asks to be scanned with
// from its first line, "// builds: NAME=SYM,SYM; NAME=SYM": the build
// configurations of a multi-targeting project.
func goldenOptions(src []byte) csharp.Options {
	first, _, _ := strings.Cut(string(src), "\n")
	spec, ok := strings.CutPrefix(strings.TrimSpace(first), "// builds:")
	if !ok {
		return csharp.Options{}
	}
	var opt csharp.Options
	for _, b := range strings.Split(spec, ";") {
		name, symbols, _ := strings.Cut(strings.TrimSpace(b), "=")
		opt.Builds = append(opt.Builds, csharp.Build{Name: name, Symbols: strings.Split(symbols, ",")})
	}
	return opt
}

// dump writes what a scan found, one line per type, member, accessor and
// error, with each body's text shortened so that its span is checked too.
func dump(f *csharp.File, src []byte) string {
	var b strings.Builder
	for _, t := range f.Types {
		fmt.Fprintf(&b, "type %d %s %s", t.Line, t.Kind, t.FullName)
		if t.Arity > 0 {
			fmt.Fprintf(&b, " arity=%d", t.Arity)
		}
		if t.Partial {
			b.WriteString(" partial")
		}
		fmt.Fprintf(&b, " (namespace %q)\n", t.Namespace)
	}
	for _, m := range f.Members {
		fmt.Fprintf(&b, "%d %s %s.%s: %s", m.Line, m.Kind, m.Type, m.Name, m.Body)
		if m.Reason != "" {
			fmt.Fprintf(&b, " (%s)", m.Reason)
		}
		if m.TypeName != m.Type[strings.LastIndex(m.Type, ".")+1:] {
			fmt.Fprintf(&b, " typename=%s", m.TypeName)
		}
		if m.Explicit != "" {
			fmt.Fprintf(&b, " explicit=%s", m.Explicit)
		}
		if m.BodyEnd > 0 {
			fmt.Fprintf(&b, " lines %d-%d %s", m.StartLine, m.EndLine, excerpt(src[m.BodyStart:m.BodyEnd]))
		}
		b.WriteString("\n")
		if m.Test {
			fmt.Fprintf(&b, "    test skip=%q\n", m.SkipReason)
		}
		for _, a := range m.Attributes {
			fmt.Fprintf(&b, "    [%s] %s\n", a.Name, a.Text)
		}
		for _, a := range m.Accessors {
			fmt.Fprintf(&b, "    %s %d: %s (%s)", a.Name, a.Line, a.Body, a.Reason)
			if a.BodyEnd > 0 {
				fmt.Fprintf(&b, " %s", excerpt(src[a.BodyStart:a.BodyEnd]))
			}
			b.WriteString("\n")
		}
	}
	for _, e := range f.Errors {
		fmt.Fprintf(&b, "error %s\n", e)
	}
	if f.Incomplete {
		b.WriteString("incomplete\n")
	}
	return b.String()
}

// excerpt quotes a body, keeping its two ends when it is long.
func excerpt(body []byte) string {
	s := string(body)
	if r := []rune(s); len(r) > 60 {
		s = string(r[:28]) + " … " + string(r[len(r)-28:])
	}
	return fmt.Sprintf("%q", s)
}
