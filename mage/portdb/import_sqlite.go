package portdb

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"strings"

	"portwave/mage/input"
)

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
