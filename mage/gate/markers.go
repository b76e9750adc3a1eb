package gate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"portwave/mage/gitx"
)

// markers fails the gate when any changed file holds git conflict
// markers, whatever its kind: a conflict resolved by hand and committed
// unfinished must never reach main.
func markers(dir string, changed []string) (Verdict, bool, error) {
	var found []string
	for _, rel := range changed {
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if os.IsNotExist(err) {
			continue // deleted
		}
		if err != nil {
			return Verdict{}, false, err
		}
		for _, line := range gitx.ConflictMarkers(src) {
			found = append(found, fmt.Sprintf("%s:%d", rel, line))
		}
	}
	if len(found) == 0 {
		return Verdict{}, false, nil
	}
	return Verdict{Summary: fmt.Sprintf("%d conflict marker(s), first %s", len(found), found[0]),
		Feedback: "These lines are git conflict markers; finish the merge by hand:\n" + strings.Join(found, "\n") + "\n"}, true, nil
}
