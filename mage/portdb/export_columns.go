package portdb

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"portwave/mage/port"
)

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
