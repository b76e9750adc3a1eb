package command_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The read-only targets, beside a live -wal holding a ledger row that was
// never checkpointed, read that row and leave porting.db, its -wal and its
// -shm byte-identical: no checkpoint, no recovery into the file, no
// migration.
func TestReadOnlyTargetsLeavePortingDBItsWALAndSHMByteIdentical(t *testing.T) {
	f := newFaultWS(t, faultTemplate(t))
	c, err := sql.Open("sqlite", "file:"+f.db()+"?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	if _, err := c.Exec(`INSERT INTO batch_runs (batch, stage, state, started_at, updated_at, error)
		VALUES (13, 'gate', 'failed', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:01:00.000000000Z', 'build failed')`); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(`INSERT INTO stage_transitions (batch_run_id, stage, state, at) VALUES
		(last_insert_rowid(), 'gate', 'running', '2026-01-01T00:00:00.000000000Z'), (last_insert_rowid(), 'gate', 'failed', '2026-01-01T00:01:00.000000000Z')`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"status"}, "build failed"},
		{[]string{"plan"}, "Critical path"},
		{[]string{"validate"}, "no errors"},
		{[]string{"batch:prompt", "13"}, "Client Subscriptions"},
		{[]string{"matrix", "all"}, "matrix"},
		{[]string{"config"}, "PORTWAVE_MIN_FREE_MB"},
		{[]string{"report"}, ""},
		{[]string{"retry", "13"}, "preflight found"}, // a stray file in the checkout: refused, read-only
	} {
		if tc.args[0] == "retry" {
			if err := os.WriteFile(filepath.Join(f.Dir, "stray.txt"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		before := f.state()
		out, code := f.run(nil, tc.args...)
		if tc.args[0] != "retry" && code != 0 {
			t.Errorf("%v: exit %d\n%s", tc.args, code, out)
		}
		if !strings.Contains(out, tc.want) {
			t.Errorf("%v: output lacks %q:\n%s", tc.args, tc.want, out)
		}
		after := f.state()
		for k, v := range before.DB {
			if after.DB[k] != v {
				t.Errorf("%v changed %s", tc.args, k)
			}
		}
		if before.DB["porting.db-wal"] == "absent" || before.DB["porting.db-shm"] == "absent" {
			t.Fatalf("the live -wal and -shm are gone: %v", before.DB)
		}
	}
}
