package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"portwave/mage/excerpt"
)

// Pos is a place in a plan document or batch file. Line and Col count from
// 1; Col counts characters, not bytes, as editors do.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// String is file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	return s
}

// Diagnostic is one finding about a plan, at the place it is about.
type Diagnostic struct {
	Pos     Pos    `json:"pos"`
	Message string `json:"message"`
	// Also is a second place the finding is at: the batch file's, when Pos
	// is the plan document's line the batch file was generated from, or
	// that line, when Pos is in the batch file (Plan.Locate).
	Also Pos `json:"also,omitzero"`
	// Batch is the batch the finding is about, when it is about one.
	Batch int `json:"batch,omitempty"`
	// line is the text of the line Pos is at, when the plan holds its
	// file (Plan.quote): ErrorList shows it with a caret under Pos.Col.
	line string
}

// Error is "file:line:col: message (second place)".
func (d Diagnostic) Error() string {
	s := d.Pos.String() + ": " + d.Message
	if d.Also != (Pos{}) {
		s += " (" + d.Also.String() + ")"
	}
	return s
}

// Diagnostics is everything Validate found: errors stop a run, warnings are
// mismatches worth a look.
type Diagnostics struct {
	Errors   []Diagnostic `json:"errors"`
	Warnings []Diagnostic `json:"warnings"`
}

// Err returns the errors as an ErrorList, or nil when there are none.
func (d Diagnostics) Err() error {
	if len(d.Errors) == 0 {
		return nil
	}
	return ErrorList(d.Errors)
}

// ErrorList is every error found in one pass, in file and position order.
// errors.As finds each Diagnostic in it.
type ErrorList []Diagnostic

// Error puts each diagnostic on a line of its own, "file:line:col:
// message", followed by the source line it is about with a caret under
// the column, when the file was read.
func (l ErrorList) Error() string {
	lines := make([]string, 0, len(l))
	for _, d := range l {
		lines = append(lines, d.Error())
		if ex := excerpt.Line(d.line, d.Pos.Line, d.Pos.Col); ex != "" {
			lines = append(lines, ex)
		}
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes each diagnostic to errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, d := range l {
		errs[i] = d
	}
	return errs
}

// sortDiagnostics orders by file, line and column, keeping the order of
// findings at the same place.
func sortDiagnostics(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			strings.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
		)
	})
}

// errorList sorts ds and returns it as an error, or nil when it is empty.
func errorList(ds []Diagnostic) error {
	if len(ds) == 0 {
		return nil
	}
	sortDiagnostics(ds)
	return ErrorList(ds)
}

// quote gives each diagnostic the text of its line, from the files the
// plan was read from; one in a file the plan did not read gets none.
func (p *Plan) quote(ds []Diagnostic) {
	for i := range ds {
		lines, n := p.lines[ds[i].Pos.File], ds[i].Pos.Line
		ds[i].line = ""
		if n >= 1 && n <= len(lines) {
			ds[i].line = lines[n-1]
		}
	}
}
