package gitx_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/gitx"
)

func TestConflictMarkersAreFoundOnlyAtTheStartOfALine(t *testing.T) {
	src := "a\n<<<<<<< HEAD\nb\r\n|||||||\n=======\r\n>>>>>>> main\n x <<<<<<< y\n========\n<<<<<<<<\n== =====\n>>>>>>>"
	if d := cmp.Diff([]int{2, 4, 5, 6, 11}, gitx.ConflictMarkers([]byte(src))); d != "" {
		t.Errorf("lines (-want +got):\n%s", d)
	}
}

// BenchmarkConflictMarkers reads a file shaped like the audit's C# tree:
// every full audit runs this over each file.
func BenchmarkConflictMarkers(b *testing.B) {
	line := []byte("        if (x <= y && a == b) { return list.Select(v => v.Name); }\n")
	src := bytes.Repeat(line, 20000)
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if len(gitx.ConflictMarkers(src)) != 0 {
			b.Fatal("no markers expected")
		}
	}
}
