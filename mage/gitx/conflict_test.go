package gitx_test

import (
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
