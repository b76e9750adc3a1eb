package csmerge

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"portwave/mage/input"
)

// How the driver merged a file.
const (
	MergedByLines   = "lines"   // git's line merge was clean
	MergedByMembers = "members" // the structural merge settled git's conflict
	Conflict        = "conflict"
)

// Report is what the driver did with one file, one JSON line in the file
// ReportEnv names.
type Report struct {
	Path  string `json:"path"`
	Merge string `json:"merge"` // MergedByLines, MergedByMembers or Conflict
	// Ours and Theirs name the members (Type.Name) each side added or
	// changed that a merge by members kept; Removed those it dropped
	// because a side deleted them.
	Ours    []string `json:"ours,omitempty"`
	Theirs  []string `json:"theirs,omitempty"`
	Removed []string `json:"removed,omitempty"`
	// Reason says why a C# file stayed a conflict.
	Reason string `json:"reason,omitempty"`
}

func (r Report) String() string { return r.Describe("ours", "theirs") }

// Describe says what the driver did, naming the sides: "the batch" and
// "main" when main is merged into a batch's branch.
func (r Report) Describe(ours, theirs string) string {
	switch r.Merge {
	case MergedByMembers:
		s := fmt.Sprintf("%s merged by members: %s's %s; %s's %s", r.Path, ours, names(r.Ours), theirs, names(r.Theirs))
		if len(r.Removed) > 0 {
			s += "; removed " + names(r.Removed)
		}
		return s
	case Conflict:
		if r.Reason != "" {
			return fmt.Sprintf("%s stays a conflict: %s", r.Path, r.Reason)
		}
		return r.Path + " stays a conflict"
	}
	return r.Path + " merged by lines"
}

func names(ns []string) string {
	if len(ns) == 0 {
		return "none"
	}
	return strings.Join(ns, ", ")
}

// append adds the report to the file at path; no path, no report.
func (r Report) append(path string) error {
	if path == "" {
		return nil
	}
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("writing the merge report: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	return errors.Join(err, f.Close())
}

// ReadReports reads the reports the driver wrote to path, in order. A
// missing file means the driver merged nothing (git called it for no
// file both sides changed).
func ReadReports(path string) ([]Report, error) {
	data, err := input.ReadFile(path, 64<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Report
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(nil, len(data)+1)
	for n := 1; sc.Scan(); n++ {
		var r Report
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return out, fmt.Errorf("%s:%d: not a merge report: %w", path, n, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}
