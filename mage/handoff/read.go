package handoff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"portwave/mage/input"
	"slices"
	"sort"
	"strings"

	"portwave/mage/plan"
	"portwave/mage/port"
)

// states are the states a batch run can be recorded in.
var states = []port.State{port.StatePending, port.StateRunning, port.StateDone, port.StateFailed,
	port.StateConflict, port.StateSkipped, port.StateInterrupted, port.StateGated}

// Read parses and checks one ledger file. It refuses a file that is not
// JSON, not a portwave ledger, of another version, or holds runs that make
// no sense; every error names the file (and the line and column where the
// JSON is bad).
func Read(path string) (*File, error) {
	data, err := input.ReadFile(path, input.MaxLedgerFile)
	if err != nil {
		return nil, fmt.Errorf("reading ledger: %w", err)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, decodeError(path, data, err)
	}
	if head.Format != Format {
		return nil, fmt.Errorf("%s: not a portwave ledger (format %q, want %q)", path, head.Format, Format)
	}
	if head.Version != Version {
		return nil, fmt.Errorf("%s: ledger format version %d; this portwave reads version %d", path, head.Version, Version)
	}
	f := &File{path: path}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(f); err != nil {
		return nil, decodeError(path, data, err)
	}
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// Load reads a ledger file and checks that it belongs to plan p.
func Load(path string, p *plan.Plan) (*File, error) {
	f, err := Read(path)
	if err != nil {
		return nil, err
	}
	return f, f.Check(p)
}

// LoadDir loads every *.json file in dir, in name order, for plan p. It
// checks them all before returning, so one bad or foreign file stops the
// import before anything is written, and the error lists every such file.
func LoadDir(dir string, p *plan.Plan) ([]*File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("reading ledgers: %w", err)
		}
		return nil, fmt.Errorf("no ledger files (*.json) in %s", dir)
	}
	sort.Strings(paths)
	var files []*File
	var errs []error
	for _, path := range paths {
		f, err := Load(path, p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		files = append(files, f)
	}
	return files, errors.Join(errs...)
}

// Check refuses a ledger of another plan: its plan hash differs (a batch's
// IDs, targets or dependencies changed since it ran), or its batch is not
// in the plan.
func (f *File) Check(p *plan.Plan) error {
	if _, err := p.Find(f.Batch); err != nil {
		return fmt.Errorf("%s: the ledger comes from another plan: %w", f.path, err)
	}
	if want := PlanHash(p); f.Plan != want {
		return fmt.Errorf("%s: the ledger comes from another plan (plan %s, this plan is %s): the batch files changed since batch %d ran; run it again",
			f.path, f.Plan, want, f.Batch)
	}
	return nil
}

func (f *File) validate() error {
	if f.Batch <= 0 {
		return fmt.Errorf("batch %d: want a batch number above 0", f.Batch)
	}
	if f.Plan == "" {
		return errors.New("no plan hash")
	}
	if len(f.Runs) == 0 {
		return fmt.Errorf("no runs of batch %d", f.Batch)
	}
	for i, r := range f.Runs {
		switch {
		case r.Attempt < 1:
			return fmt.Errorf("run %d: attempt %d, want 1 or more", i+1, r.Attempt)
		case !slices.Contains(port.Stages, port.Stage(r.Stage)):
			return fmt.Errorf("run %d: unknown stage %q", i+1, r.Stage)
		case !slices.Contains(states, port.State(r.State)):
			return fmt.Errorf("run %d: unknown state %q", i+1, r.State)
		case r.Started.IsZero():
			return fmt.Errorf("run %d: no start time", i+1)
		}
	}
	return nil
}

// decodeError turns a JSON error into "file:line:col: what".
func decodeError(path string, data []byte, err error) error {
	var off int64 = -1
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		off = syntax.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 {
		return fmt.Errorf("%s: %w", path, err)
	}
	before := data[:min(int(off), len(data))]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len([]rune(string(before[bytes.LastIndexByte(before, '\n')+1:])))
	return fmt.Errorf("%s:%d:%d: %s", path, line, max(col, 1), strings.TrimPrefix(err.Error(), "json: "))
}
