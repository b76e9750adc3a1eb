package command

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"portwave/mage/portdb"
)

// mappedImport tells a file that goes through the import_columns mapping:
// another tracker's SQLite database, a CSV file, or any file when
// import_columns is set. Anything else is the tracker format itself.
func (s *Session) mappedImport(file string) bool {
	return len(s.Config.ImportColumns) > 0 || portdb.IsSQLite(file) || strings.EqualFold(filepath.Ext(file), ".csv")
}

// dbImportMapped reads another tracker's export or database through
// import_columns (and import_query for a database), writes the items and
// says what it mapped.
func (s *Session) dbImportMapped(ctx context.Context, file string, dw dbWrite) error {
	var m *portdb.Mapped
	var err error
	if portdb.IsSQLite(file) {
		m, err = portdb.ReadSQLiteTracker(ctx, file, s.Config.ImportQuery, s.Config.ImportColumns)
	} else {
		m, err = portdb.ReadMapped(file, s.Config.ImportColumns)
	}
	if err != nil {
		return err
	}
	db, err := s.openOrCreate(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ImportMapped(ctx, m); err != nil {
		return err
	}
	fmt.Fprint(s.Out, m.String())
	fmt.Fprintf(s.Out, "imported %d features and %d tests into %s\n", len(m.Features), len(m.Tests), s.Config.DB)
	return dw.commit(ctx, s, db, "portwave: db:import "+filepath.Base(file))
}

// checkDBFolder says, before SQLite fails with "unable to open database
// file", that porting.db's folder does not exist and where that came from.
func (s *Session) checkDBFolder() error {
	dir := filepath.Dir(s.Config.DB)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("cannot create %s: the folder %s does not exist (db is relative to the workspace %s, set in %s)",
			s.Config.DB, dir, s.Config.Workspace, s.Config.Source)
	}
	return nil
}
