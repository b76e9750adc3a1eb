package command

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

// DBInit creates an empty porting.db at the configured path.
func (s *Session) DBInit(ctx context.Context) error {
	if err := s.checkDBFolder(); err != nil {
		return err
	}
	db, err := portdb.Create(ctx, s.Config.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(s.Out, "created %s (schema version %d)\n", s.Config.DB, portdb.SchemaVersion)
	return nil
}

// DBImport loads a features or tests TSV file into porting.db; a bad row
// anywhere means nothing is written.
func (s *Session) DBImport(ctx context.Context, file string) error {
	release, err := s.writer(ctx, "db:import "+file)
	if err != nil {
		return err
	}
	defer release()
	dw := s.beginDBWrite(ctx)
	if s.mappedImport(file) {
		return s.dbImportMapped(ctx, file, dw)
	}
	db, err := s.openOrCreate(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.ImportTSV(ctx, file)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "imported %d %ss from %s into %s\n", res.Items, res.Kind, file, s.Config.DB)
	return dw.commit(ctx, s, db, "portwave: db:import "+filepath.Base(file))
}

// DBExport writes features.tsv and tests.tsv into dir.
func (s *Session) DBExport(ctx context.Context, dir string) error {
	db, err := s.OpenDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	export := db.ExportTSV
	if len(s.Config.ImportColumns) > 0 {
		export = func(ctx context.Context, dir string) ([]string, error) {
			return db.ExportMapped(ctx, dir, s.Config.ImportColumns)
		}
	}
	paths, err := export(ctx, dir)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintf(s.Out, "wrote %s\n", p)
	}
	abs := make([]string, len(paths))
	for i, p := range paths {
		abs[i], _ = filepath.Abs(p)
	}
	s.recordOwn(ctx, "db:export", abs...)
	return nil
}

// openOrCreate opens porting.db, creating it when the file does not exist
// yet, so a first import needs no separate db:init.
func (s *Session) openOrCreate(ctx context.Context) (*portdb.DB, error) {
	if _, err := os.Stat(s.Config.DB); os.IsNotExist(err) {
		return portdb.Create(ctx, s.Config.DB)
	}
	return s.OpenDB(ctx)
}

// DBMap applies the mapping overrides of a TSV file (id, and any of kind,
// dotnet_class, dotnet_member, dotnet_file) to porting.db, under a run of
// its own; each change is recorded in the status history.
func (s *Session) DBMap(ctx context.Context, file string) error {
	release, err := s.writer(ctx, "db:map "+file)
	if err != nil {
		return err
	}
	defer release()
	dw := s.beginDBWrite(ctx)
	maps, err := portdb.ReadMappingsTSV(file)
	if err != nil {
		return err
	}
	db, err := s.OpenDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	run, err := db.StartRun(ctx, "db:map "+file)
	if err != nil {
		return err
	}
	n, err := db.SetMappings(ctx, maps, run)
	state := port.StateDone
	if err != nil {
		state = port.StateFailed
	}
	if ferr := db.FinishRun(ctx, run, state); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "remapped %d of %d items from %s\n", n, len(maps), file)
	return dw.commit(ctx, s, db, fmt.Sprintf("portwave: db:map %s: %d items remapped", filepath.Base(file), n))
}
