package portdb

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
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

// ReadSQLiteTracker runs query on another tracker's SQLite database (opened
// read-only) and reads its rows through the column mapping, the query's
// column names standing for a file's header.
func ReadSQLiteTracker(ctx context.Context, path, query string, cols Columns) (*Mapped, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("%s is a SQLite database: set import_query (PORTWAVE_IMPORT_QUERY) to the SELECT that lists its items", path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("mode", "ro")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("%s: import_query: %w", path, err)
	}
	defer rows.Close()
	header, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var records [][]string
	var lines []int
	vals := make([]sql.NullString, len(header))
	ptrs := make([]any, len(header))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("%s: import_query: %w", path, err)
		}
		rec := make([]string, len(vals))
		for i, v := range vals {
			rec[i] = v.String
		}
		records = append(records, rec)
		lines = append(lines, len(records))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: import_query: %w", path, err)
	}
	m, err := mapRows(path+" (import_query row)", header, records, lines, cols)
	if m != nil {
		m.Source = path
	}
	return m, err
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

// IsSQLite reports whether the file at path is a SQLite database.
func IsSQLite(path string) bool {
	// A database may be of any size; input.Open still refuses a pipe or a
	// device, which a plain open would block on or read forever.
	f, err := input.Open(path, math.MaxInt64)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	_, err = io.ReadFull(f, head)
	return err == nil && bytes.Equal(head, sqliteMagic)
}

// ImportMapped writes what ReadMapped or ReadSQLiteTracker read, in one
// transaction per kind.
func (db *DB) ImportMapped(ctx context.Context, m *Mapped) error {
	for _, items := range [][]port.Item{m.Features, m.Tests} {
		if len(items) == 0 {
			continue
		}
		if err := db.UpsertItems(ctx, items, "import "+filepath.Base(m.Source), 0); err != nil {
			return fmt.Errorf("importing %s: %w", m.Source, err)
		}
	}
	return nil
}

// ExportMapped writes features.tsv and tests.tsv into dir with the
// tracker's own column names: the columns the mapping names, in portwave's
// order, so the tracker's tools read them back.
func (db *DB) ExportMapped(ctx context.Context, dir string, cols Columns) ([]string, error) {
	if err := cols.Check(); err != nil {
		return nil, err
	}
	var names []string
	for _, c := range allColumns() {
		if _, ok := cols[c]; ok || slices.Contains(requiredColumns, c) {
			names = append(names, c)
		}
	}
	var paths []string
	for _, k := range []port.Kind{port.Feature, port.Test} {
		items, err := db.Items(ctx, k)
		if err != nil {
			return nil, err
		}
		path := filepath.Join(dir, map[port.Kind]string{port.Feature: "features.tsv", port.Test: "tests.tsv"}[k])
		err = writeFileAtomic(path, func(w io.Writer) error {
			bw := bufio.NewWriter(w)
			header := make([]string, len(names))
			for i, c := range names {
				header[i] = cols.name(c)
			}
			fmt.Fprintln(bw, strings.Join(header, "\t"))
			for _, it := range items {
				row := make([]string, len(names))
				for i, c := range names {
					row[i] = itemColumn(it, c)
				}
				fmt.Fprintln(bw, strings.Join(row, "\t"))
			}
			return bw.Flush()
		})
		if err != nil {
			return nil, fmt.Errorf("exporting %s: %w", path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func itemColumn(it port.Item, c string) string {
	switch c {
	case "id":
		return fmt.Sprint(it.ID)
	case "go_file":
		return it.GoFile
	case "go_receiver":
		return it.GoReceiver
	case "go_name":
		return it.GoName
	case "go_line":
		return fmt.Sprint(it.GoLine)
	case "go_line_count":
		return fmt.Sprint(it.GoLineCount)
	case "dotnet_class":
		return it.DotnetClass
	case "dotnet_member":
		return it.DotnetMember
	case "status":
		return string(it.Status)
	case "dotnet_file":
		return it.DotnetFile
	case "vanished":
		if it.Vanished {
			return "1"
		}
		return "0"
	}
	return ""
}
