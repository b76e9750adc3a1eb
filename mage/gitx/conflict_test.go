package gitx_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"portwave/mage/gitx"
)

func TestConflictMarkersAreFoundOnlyAtTheStartOfALine(t *testing.T) {
	src := "a\n<<<<<<< HEAD\nb\r\n|||||||\n=======\r\n>>>>>>> main\n x <<<<<<< y\n========\n<<<<<<<<\n== =====\n>>>>>>>"
	if d := cmp.Diff([]int{2, 4, 5, 6, 11}, gitx.ConflictMarkers([]byte(src))); d != "" {
		t.Errorf("lines (-want +got):\n%s", d)
	}
}

// BenchmarkConflictMarkers reads C#-shaped text, short and long lines
// mixed: every full audit runs this over each file of the tree.
func BenchmarkConflictMarkers(b *testing.B) {
	src := bytes.Repeat([]byte(`    /// <summary>Go: server/file.go:12 (item 7).</summary>
    internal object Member7(int p0)
    {
        var name = "f7 {not a brace"; // } in a comment
        if (x <= y && a == b) { return list.Select(v => v.Name).Where(n => n != null); }
        return _state;
    }

`), 5000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if len(gitx.ConflictMarkers(src)) != 0 {
			b.Fatal("no markers expected")
		}
	}
}

// conflictMarkersByLine is the plain definition ConflictMarkers must agree
// with: every line, looked at from its start.
func conflictMarkersByLine(src []byte) []int {
	var lines []int
	for n, rest := 1, src; len(rest) > 0; n++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		for _, m := range []string{"<<<<<<<", ">>>>>>>", "|||||||"} {
			if bytes.HasPrefix(line, []byte(m)) && (len(line) == len(m) || line[len(m)] == ' ') {
				lines = append(lines, n)
			}
		}
		if string(line) == "=======" {
			lines = append(lines, n)
		}
	}
	return lines
}

func TestConflictMarkersAgreeWithALineByLineReadingAtEveryAlignment(t *testing.T) {
	parts := []string{"<<<<<<<", ">>>>>>>", "|||||||", "=======", "====", "<<<", " ", "\n", "\r\n", "x", "HEAD", "<", "=", "// ========"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(14); k >= 0; k-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		src := []byte(b.String())
		if d := cmp.Diff(conflictMarkersByLine(src), gitx.ConflictMarkers(src), cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("%q (-by line +fast):\n%s", src, d)
		}
	}
}
