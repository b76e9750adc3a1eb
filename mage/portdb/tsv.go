package portdb

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"portwave/mage/input"
	"portwave/mage/port"
)

// tsvColumns are the columns of the tracker's tab-separated export, in order.
// Teams coming from a spreadsheet or another tracker start from this format.
var tsvColumns = []string{"id", "go_file", "go_receiver", "go_name", "go_line", "go_line_count",
	"dotnet_class", "dotnet_member", "status"}

// optionalColumns may follow the required ones; export writes them only when
// some item needs them, so a plain tracker file round-trips byte for byte.
var optionalColumns = []string{"dotnet_file", "vanished"}

// RowErrors is every bad row of a TSV file, each as file:line: message.
type RowErrors []string

func (e RowErrors) Error() string {
	const show = 20
	msg := strings.Join(e[:min(len(e), show)], "\n")
	if len(e) > show {
		msg += fmt.Sprintf("\n... and %d more", len(e)-show)
	}
	return msg
}

// ReadTSV parses a features or tests file. The kind is told by the Go files
// it names: all *_test.go means tests, none means features, a mix is an error.
// Every bad row is reported; on any error no items are returned.
func ReadTSV(path string) (port.Kind, []port.Item, error) {
	f, err := input.Open(path, input.MaxTSV)
	if err != nil {
		return "", nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	return parseTSV(path, f)
}

func parseTSV(name string, r io.Reader) (port.Kind, []port.Item, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var errs RowErrors
	bad := func(line int, format string, args ...any) {
		errs = append(errs, fmt.Sprintf("%s:%d: ", name, line)+fmt.Sprintf(format, args...))
	}
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return "", nil, fmt.Errorf("reading %s: %w", name, err)
		}
		return "", nil, RowErrors{fmt.Sprintf("%s:1: empty file, want a header row: %s", name, strings.Join(tsvColumns, "\\t"))}
	}
	// A byte-order mark from a spreadsheet export is not part of "id".
	header := strings.Split(strings.TrimPrefix(strings.TrimSuffix(sc.Text(), "\r"), "\ufeff"), "\t")
	extra, err := checkColumnsHeader(header)
	if err != nil {
		return "", nil, RowErrors{fmt.Sprintf("%s:1: %v", name, err)}
	}
	var items []port.Item
	seen := map[int]int{}
	line := 1
	tests, features := 0, 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		fields := strings.Split(text, "\t")
		if len(fields) != len(header) {
			bad(line, "%d columns, want %d (%s)", len(fields), len(header), strings.Join(header, ", "))
			continue
		}
		it, msg := parseRow(fields, extra)
		if msg != "" {
			bad(line, "%s", msg)
			continue
		}
		if prev, dup := seen[it.ID]; dup {
			bad(line, "id %d is already used on line %d", it.ID, prev)
			continue
		}
		seen[it.ID] = line
		if strings.HasSuffix(it.GoFile, "_test.go") {
			it.Kind, tests = port.Test, tests+1
		} else {
			it.Kind, features = port.Feature, features+1
		}
		if tests > 0 && features > 0 {
			bad(line, "go_file %s mixes tests and features in one file; put features and tests in separate files", it.GoFile)
			tests, features = max(tests, features), 0
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		bad(line+1, "%v", err)
	}
	if len(errs) > 0 {
		return "", nil, errs
	}
	kind := port.Feature
	if tests > 0 {
		kind = port.Test
	}
	for i := range items {
		items[i].Kind = kind
	}
	return kind, items, nil
}

func checkColumnsHeader(header []string) (map[string]int, error) {
	want := strings.Join(tsvColumns, ", ")
	if len(header) < len(tsvColumns) {
		return nil, fmt.Errorf("header has %d columns, want %s", len(header), want)
	}
	for i, c := range tsvColumns {
		if header[i] != c {
			return nil, fmt.Errorf("header column %d is %q, want %q (columns: %s)", i+1, header[i], c, want)
		}
	}
	extra := map[string]int{}
	for i, c := range header[len(tsvColumns):] {
		known := false
		for _, o := range optionalColumns {
			known = known || c == o
		}
		if !known {
			return nil, fmt.Errorf("unknown column %q (optional columns: %s)", c, strings.Join(optionalColumns, ", "))
		}
		extra[c] = len(tsvColumns) + i
	}
	return extra, nil
}

func parseRow(f []string, extra map[string]int) (port.Item, string) {
	var it port.Item
	var err error
	num := func(col int, min int) (int, string) {
		n, err := strconv.Atoi(f[col])
		if err != nil || n < min {
			return 0, fmt.Sprintf("column %s: want an integer >= %d, got %q", tsvColumns[col], min, f[col])
		}
		return n, ""
	}
	var msg string
	if it.ID, msg = num(0, 1); msg != "" {
		return it, msg
	}
	it.GoFile, it.GoReceiver, it.GoName = f[1], f[2], f[3]
	if it.GoFile == "" || it.GoName == "" {
		return it, "columns go_file and go_name must not be empty"
	}
	if filepath.IsAbs(it.GoFile) || strings.Contains(it.GoFile, `\`) {
		return it, fmt.Sprintf("column go_file: want a slash-separated relative path, got %q", it.GoFile)
	}
	if it.GoLine, msg = num(4, 0); msg != "" {
		return it, msg
	}
	if it.GoLineCount, msg = num(5, 0); msg != "" {
		return it, msg
	}
	it.DotnetClass, it.DotnetMember = f[6], f[7]
	if it.Status, err = port.ParseStatus(f[8]); err != nil {
		return it, "column status: " + err.Error()
	}
	if i, ok := extra["dotnet_file"]; ok {
		it.DotnetFile = f[i]
	}
	if i, ok := extra["vanished"]; ok {
		switch f[i] {
		case "", "0":
		case "1":
			it.Vanished = true
		default:
			return it, fmt.Sprintf("column vanished: want 0 or 1, got %q", f[i])
		}
	}
	return it, ""
}
