package demo_test

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/demo"
)

func TestEveryCSharpFileHasBalancedBraces(t *testing.T) {
	for name, src := range csharpFiles(t) {
		depth := 0
		for i, c := range code(src) {
			switch c {
			case '{':
				depth++
			case '}':
				depth--
			}
			if depth < 0 {
				t.Errorf("%s:%d: '}' closes nothing", name, 1+strings.Count(src[:i], "\n"))
				break
			}
		}
		if depth > 0 {
			t.Errorf("%s: %d '{' never closed", name, depth)
		}
	}
}

func TestCSharpBodiesHaveTheStatusesTheReadmeLists(t *testing.T) {
	files := csharpFiles(t)
	readme := readmeRows(t)
	for _, rows := range [][]row{readme.features, readme.tests} {
		var want, got []string
		for _, r := range rows {
			want = append(want, fmt.Sprintf("%d %s %s", r.ID, r.CSharp, r.Status))
			class, member, _ := strings.Cut(r.CSharp, ".")
			m, err := findMember(files, class, member)
			if err != nil {
				t.Error(err)
				continue
			}
			got = append(got, fmt.Sprintf("%d %s %s", r.ID, r.CSharp, m.status))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("statuses (-README +C# bodies):\n%s", diff)
		}
	}
}

// csharpFiles reads every .cs file of the example, keyed by its path.
func csharpFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := fs.WalkDir(demo.ExampleFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".cs") {
			return err
		}
		src, err := fs.ReadFile(demo.ExampleFS(), p)
		files[p] = string(src)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no C# files in the example")
	}
	return files
}

// code blanks out comments and string and character literals, keeping every
// offset, so that braces and markers inside them do not count.
func code(src string) string {
	out := []byte(src)
	blank := func(from, to int) {
		for k := from; k < to && k < len(out); k++ {
			if out[k] != '\n' {
				out[k] = ' '
			}
		}
	}
	for i := 0; i < len(src); i++ {
		switch {
		case strings.HasPrefix(src[i:], "//"):
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i
			}
			blank(i, i+end)
			i += end
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				end = len(src) - i - 4
			}
			blank(i, i+end+4)
			i += end + 3
		case src[i] == '"' || src[i] == '\'':
			verbatim := i > 0 && src[i-1] == '@'
			j := i + 1
			for j < len(src) && src[j] != src[i] {
				if src[j] == '\\' && !verbatim {
					j++
				}
				j++
			}
			blank(i, j+1)
			i = j
		}
	}
	return string(out)
}

// member is a C# member found in the example and the status its body shows.
type member struct {
	file   string
	status string // verified, deferred or stub, as an audit would judge it
}

var (
	typeDecl = `\b(?:class|struct)\s+%s\b`
	// memberDecl finds a method or property declaration by name: modifiers
	// first on the line, then the name, then a parameter list or "=>".
	memberDecl = `(?m)^[ \t]*(?:public|internal|protected|private)\b[^;={}()]*?\b%s\s*(\(|=>)`
	skipFact   = regexp.MustCompile(`\[Fact\(Skip\s*=\s*"[^"]*"\)\]\s*$`)
)

// findMember finds class.member in the files that declare class and judges
// its body: throwing NotImplementedException is deferred, a "TODO: port"
// marker is a stub, a test skipped with [Fact(Skip = ...)] is deferred, and
// anything else is verified.
func findMember(files map[string]string, class, name string) (member, error) {
	decl := regexp.MustCompile(fmt.Sprintf(memberDecl, regexp.QuoteMeta(name)))
	owner := regexp.MustCompile(fmt.Sprintf(typeDecl, regexp.QuoteMeta(class)))
	var found []member
	for file, src := range files {
		if !owner.MatchString(code(src)) {
			continue
		}
		for _, loc := range decl.FindAllStringSubmatchIndex(src, -1) {
			body := bodyAt(src, loc[2])
			status := "verified"
			switch {
			case strings.Contains(body, "NotImplementedException"):
				status = "deferred"
			case strings.Contains(body, "TODO: port"):
				status = "stub"
			case skipFact.MatchString(src[:loc[0]]):
				status = "deferred"
			}
			found = append(found, member{file: file, status: status})
		}
	}
	if len(found) != 1 {
		return member{}, fmt.Errorf("%s.%s: found %d declarations in the C# files, want 1", class, name, len(found))
	}
	return found[0], nil
}

// bodyAt returns the body of the member whose declaration continues at at:
// either "(params) { ... }", "(params) => ...;" or "=> ...;".
func bodyAt(src string, at int) string {
	masked := code(src)
	i := at
	if masked[i] == '(' {
		i = closing(masked, i, '(', ')') + 1
	}
	i += len(masked[i:]) - len(strings.TrimLeft(masked[i:], " \t\r\n"))
	if strings.HasPrefix(masked[i:], "=>") {
		return src[i : i+strings.IndexByte(masked[i:], ';')]
	}
	return src[i : closing(masked, i, '{', '}')+1]
}

// closing returns the offset of the bracket that closes the one at open.
func closing(s string, open int, left, right byte) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case left:
			depth++
		case right:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(s) - 1
}
