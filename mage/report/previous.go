package report

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"portwave/mage/input"
	"regexp"
	"slices"
	"strings"
	"time"
)

const (
	dateLayout   = "2006-01-02"
	reportSuffix = "-report.md"
)

var datedReport = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-report\.md$`)

// FindPrevious finds the report a new one made at now counts its changes
// from: the newest YYYY-MM-DD-report.md in dir dated before now's day (UTC),
// with the time its marker line (or else its JSON twin) records. Today's
// own file is passed over because the new report replaces it: each dated
// report then covers exactly the changes since the one before it. A file
// whose time cannot be read is passed over too, so one hand-edited report
// does not stop the next. No earlier report (or no dir) gives nil.
func FindPrevious(dir string, now time.Time) (*Previous, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("looking for the previous report: %w", err)
	}
	today := now.UTC().Format(dateLayout)
	var names []string
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && datedReport.MatchString(name) && name[:len(dateLayout)] < today {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range slices.Backward(names) {
		if t, ok := reportTime(filepath.Join(dir, name)); ok {
			return &Previous{Generated: t, File: name}, nil
		}
	}
	return nil, nil
}

// reportTime reads when a report was made: from the marker on its first
// lines, or from its JSON twin's "generated".
func reportTime(path string) (time.Time, bool) {
	if t, ok := markerTime(path); ok {
		return t, true
	}
	data, err := input.ReadFile(strings.TrimSuffix(path, ".md")+".json", input.MaxReport)
	if err != nil {
		return time.Time{}, false
	}
	var twin struct {
		Generated time.Time `json:"generated"`
	}
	if json.Unmarshal(data, &twin) != nil || twin.Generated.IsZero() {
		return time.Time{}, false
	}
	return twin.Generated.UTC(), true
}

// markerTime looks for the marker in the first few lines of a report.
func markerTime(path string) (time.Time, bool) {
	f, err := input.Open(path, input.MaxReport)
	if err != nil {
		return time.Time{}, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 0; i < 5 && sc.Scan(); i++ {
		rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), MarkerPrefix)
		if !ok {
			continue
		}
		value, _, _ := strings.Cut(rest, " ")
		t, err := time.Parse(time.RFC3339Nano, value)
		return t.UTC(), err == nil
	}
	return time.Time{}, false
}
