package portdb

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"portwave/mage/input"
	"portwave/mage/port"
)

// Columns maps portwave's tracker columns (id, go_file, go_name, status,
// ...) to the names another tracker gives them, so that its export or its
// database can be read as it is and written back the same way. A column
// that is not mapped is looked for under portwave's own name.
type Columns map[string]string

// requiredColumns are the columns an item cannot do without; the others default
// to empty (or 0 for the line numbers).
var requiredColumns = []string{"id", "go_file", "go_name", "status"}

// allColumns are portwave's columns in their order, the optional last.
func allColumns() []string { return append(slices.Clone(tsvColumns), optionalColumns...) }

// Check refuses a mapping to a column portwave does not have.
func (c Columns) Check() error {
	for k := range c {
		if !slices.Contains(allColumns(), k) {
			return fmt.Errorf("import_columns: %q is not a portwave column (columns: %s)", k, strings.Join(allColumns(), ", "))
		}
	}
	return nil
}

func (c Columns) name(col string) string {
	if n, ok := c[col]; ok {
		return n
	}
	return col
}

// Mapped is what an import read: which source column became which of
// portwave's, which were defaulted, which were not read, and the items.
type Mapped struct {
	Source    string
	Used      []string // "go_file <- source_file"
	Defaulted []string // portwave columns the source does not have
	Ignored   []string // source columns no portwave column maps to
	Features  []port.Item
	Tests     []port.Item
}

// String is the one-paragraph report db:import prints.
func (m *Mapped) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d features, %d tests\n  columns: %s\n", m.Source, len(m.Features), len(m.Tests), strings.Join(m.Used, ", "))
	if len(m.Defaulted) > 0 {
		fmt.Fprintf(&b, "  not in the source (empty or 0): %s\n", strings.Join(m.Defaulted, ", "))
	}
	if len(m.Ignored) > 0 {
		fmt.Fprintf(&b, "  not read: %s\n", strings.Join(m.Ignored, ", "))
	}
	return b.String()
}

// ReadMapped reads a tracker's TSV or CSV export (CSV when the file ends in
// .csv) through the column mapping. Every bad row is reported, as
// file:line; on any error no items are returned.
func ReadMapped(path string, cols Columns) (*Mapped, error) {
	data, err := input.ReadFile(path, input.MaxTSV)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	if !strings.EqualFold(filepath.Ext(path), ".csv") {
		r.Comma = '\t'
		r.LazyQuotes = true
	}
	var records [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		records, lines = append(records, rec), append(lines, line)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("%s:1: empty file, want a header row", path)
	}
	return mapRows(path, records[0], records[1:], lines[1:], cols)
}

// mapRows turns source rows into items through the mapping, reusing the
// tracker format's row checks.
func mapRows(name string, header []string, records [][]string, lines []int, cols Columns) (*Mapped, error) {
	if err := cols.Check(); err != nil {
		return nil, err
	}
	at := map[string]int{}
	for i, h := range header {
		at[strings.TrimSpace(h)] = i
	}
	m := &Mapped{Source: name}
	src := map[string]int{} // portwave column -> source index
	for _, c := range allColumns() {
		i, ok := at[cols.name(c)]
		switch {
		case ok:
			src[c] = i
			if cols.name(c) == c {
				m.Used = append(m.Used, c)
			} else {
				m.Used = append(m.Used, c+" <- "+cols.name(c))
			}
		case slices.Contains(requiredColumns, c):
			return nil, fmt.Errorf("%s: no column %q for %s (columns: %s); map it with import_columns: {%s: ...}",
				name, cols.name(c), c, strings.Join(header, ", "), c)
		case slices.Contains(tsvColumns, c):
			m.Defaulted = append(m.Defaulted, c)
		}
	}
	used := map[int]bool{}
	for _, i := range src {
		used[i] = true
	}
	for i, h := range header {
		if !used[i] {
			m.Ignored = append(m.Ignored, h)
		}
	}
	extra := map[string]int{}
	for j, c := range optionalColumns {
		if _, ok := src[c]; ok {
			extra[c] = len(tsvColumns) + j
		}
	}
	var errs RowErrors
	seen := map[port.Kind]map[int]int{port.Feature: {}, port.Test: {}}
	for n, rec := range records {
		line := lines[n]
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		f := make([]string, len(allColumns()))
		for k, c := range allColumns() {
			if i, ok := src[c]; ok && i < len(rec) {
				f[k] = strings.TrimSpace(rec[i])
			} else if c == "go_line" || c == "go_line_count" {
				f[k] = "0"
			}
		}
		it, msg := parseRow(f, extra)
		if msg != "" {
			errs = append(errs, fmt.Sprintf("%s:%d: %s", name, line, msg))
			continue
		}
		it.Kind = port.Feature
		if strings.HasSuffix(it.GoFile, "_test.go") {
			it.Kind = port.Test
		}
		if prev, dup := seen[it.Kind][it.ID]; dup {
			errs = append(errs, fmt.Sprintf("%s:%d: %s id %d is already used on line %d", name, line, it.Kind, it.ID, prev))
			continue
		}
		seen[it.Kind][it.ID] = line
		if it.Kind == port.Test {
			m.Tests = append(m.Tests, it)
		} else {
			m.Features = append(m.Features, it)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("importing %s: %d bad rows, nothing written:\n%w", name, len(errs), errs)
	}
	return m, nil
}
