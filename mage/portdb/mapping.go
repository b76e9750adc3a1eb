package portdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"portwave/mage/input"
	"portwave/mage/port"
)

// SetMappings writes mapping overrides in one transaction and records each
// one that changes something in status_history (the status stays, the
// reason names the old and new mapping), so that a reviewer sees why an
// item's evidence moved. It returns how many items changed; an unknown
// item is an error and nothing is written.
func (db *DB) SetMappings(ctx context.Context, maps []port.Mapping, runID int64) (int, error) {
	now := db.now()
	changed := 0
	err := db.Write(ctx, func(tx *sql.Tx) error {
		hist, err := prepareHistory(ctx, tx)
		if err != nil {
			return err
		}
		defer hist.Close()
		changed = 0
		for _, m := range maps {
			var class, member, file, status string
			err := tx.QueryRowContext(ctx, `SELECT dotnet_class, dotnet_member, dotnet_file, status FROM `+table(m.Kind)+` WHERE id = ?`, m.ID).
				Scan(&class, &member, &file, &status)
			if err == sql.ErrNoRows {
				return fmt.Errorf("mapping %s %d: no such %s in porting.db", m.Kind, m.ID, m.Kind)
			}
			if err != nil {
				return fmt.Errorf("mapping %s %d: %w", m.Kind, m.ID, err)
			}
			nc, nm, nf := or(m.Class, class), or(m.Member, member), or(m.File, file)
			if nc == class && nm == member && nf == file {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+table(m.Kind)+` SET dotnet_class = ?, dotnet_member = ?, dotnet_file = ? WHERE id = ?`,
				nc, nm, nf, m.ID); err != nil {
				return fmt.Errorf("mapping %s %d: %w", m.Kind, m.ID, err)
			}
			reason := fmt.Sprintf("mapping override: %s -> %s", mappingText(class, member, file), mappingText(nc, nm, nf))
			st := sql.NullString{String: status, Valid: true}
			if err := hist.add(ctx, m.Kind, m.ID, st, port.Status(status), reason, runID, now); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	return changed, err
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func mappingText(class, member, file string) string {
	s := strings.Trim(class+"."+member, ".")
	if s == "" {
		s = "(convention)"
	}
	if file != "" {
		s += " in " + file
	}
	return s
}

// MappingColumns are the columns a mapping TSV may have; id is required,
// kind defaults to feature, and at least one dotnet_ column must be there.
var MappingColumns = []string{"kind", "id", "dotnet_class", "dotnet_member", "dotnet_file"}

// ReadMappingsTSV reads mapping overrides: a header naming some of
// MappingColumns, then one row per item. Every bad row is reported, as
// file:line: message, and then nothing is returned.
func ReadMappingsTSV(path string) ([]port.Mapping, error) {
	data, err := input.ReadFile(path, input.MaxTSV)
	if err != nil {
		return nil, fmt.Errorf("reading mappings: %w", err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	col := map[string]int{}
	var errs []string
	var out []port.Mapping
	for n, line := range lines {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(col) == 0 {
			for i, name := range f {
				name = strings.TrimSpace(name)
				if !slices.Contains(MappingColumns, name) {
					return nil, fmt.Errorf("%s:%d: unknown column %q (want %s)", path, n+1, name, strings.Join(MappingColumns, ", "))
				}
				col[name] = i
			}
			if _, ok := col["id"]; !ok {
				return nil, fmt.Errorf("%s:%d: the header has no id column", path, n+1)
			}
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(f) {
				return strings.TrimSpace(f[i])
			}
			return ""
		}
		m := port.Mapping{Kind: port.Feature, Class: get("dotnet_class"), Member: get("dotnet_member"), File: get("dotnet_file")}
		if k := get("kind"); k != "" {
			m.Kind = port.Kind(k)
		}
		id, err := strconv.Atoi(get("id"))
		switch {
		case err != nil || id <= 0:
			errs = append(errs, fmt.Sprintf("%s:%d: want a positive id, got %q", path, n+1, get("id")))
		case m.Kind != port.Feature && m.Kind != port.Test:
			errs = append(errs, fmt.Sprintf("%s:%d: want kind feature or test, got %q", path, n+1, m.Kind))
		case m.Class == "" && m.Member == "" && m.File == "":
			errs = append(errs, fmt.Sprintf("%s:%d: item %d: want a dotnet_class, dotnet_member or dotnet_file", path, n+1, id))
		default:
			m.ID = id
			out = append(out, m)
		}
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return out, nil
}
