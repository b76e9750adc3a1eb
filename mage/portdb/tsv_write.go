package portdb

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"portwave/mage/port"
)

// WriteTSV writes items in the tracker's format, by ID.
func WriteTSV(w io.Writer, items []port.Item) error {
	var withFile, withVanished bool
	for _, it := range items {
		withFile = withFile || it.DotnetFile != ""
		withVanished = withVanished || it.Vanished
	}
	bw := bufio.NewWriter(w)
	header := append([]string{}, tsvColumns...)
	if withFile {
		header = append(header, "dotnet_file")
	}
	if withVanished {
		header = append(header, "vanished")
	}
	bw.WriteString(strings.Join(header, "\t") + "\n")
	for _, it := range items {
		row := []string{strconv.Itoa(it.ID), it.GoFile, it.GoReceiver, it.GoName, strconv.Itoa(it.GoLine),
			strconv.Itoa(it.GoLineCount), it.DotnetClass, it.DotnetMember, string(it.Status)}
		if withFile {
			row = append(row, it.DotnetFile)
		}
		if withVanished {
			row = append(row, map[bool]string{false: "0", true: "1"}[it.Vanished])
		}
		bw.WriteString(strings.Join(row, "\t") + "\n")
	}
	return bw.Flush()
}

// ImportResult says what an import did.
type ImportResult struct {
	Kind  port.Kind
	Items int
}

// ImportTSV loads one TSV file into the database in a single transaction:
// all rows land, or none do.
func (db *DB) ImportTSV(ctx context.Context, path string) (ImportResult, error) {
	kind, items, err := ReadTSV(path)
	if err != nil {
		var rows RowErrors
		if errors.As(err, &rows) {
			return ImportResult{}, fmt.Errorf("importing %s: %d bad rows, nothing written:\n%w", path, len(rows), err)
		}
		return ImportResult{}, fmt.Errorf("importing %s: %w", path, err)
	}
	if err := db.UpsertItems(ctx, items, "import "+filepath.Base(path), 0); err != nil {
		return ImportResult{}, fmt.Errorf("importing %s: %w", path, err)
	}
	return ImportResult{Kind: kind, Items: len(items)}, nil
}

// ExportTSV writes features.tsv and tests.tsv into dir and returns their paths.
// Each file is written to a temporary name and renamed, so a reader never
// sees half a file.
func (db *DB) ExportTSV(ctx context.Context, dir string) ([]string, error) {
	var paths []string
	for _, k := range []port.Kind{port.Feature, port.Test} {
		items, err := db.Items(ctx, k)
		if err != nil {
			return nil, err
		}
		name := map[port.Kind]string{port.Feature: "features.tsv", port.Test: "tests.tsv"}[k]
		path := filepath.Join(dir, name)
		if err := writeFileAtomic(path, func(w io.Writer) error { return WriteTSV(w, items) }); err != nil {
			return nil, fmt.Errorf("exporting %s: %w", path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func writeFileAtomic(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
