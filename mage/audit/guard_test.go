package audit_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/cstree"
	"portwave/internal/fixture"
	"portwave/mage/audit"
	"portwave/mage/portdb"
)

// dbBytes is the database file and its write-ahead log, for telling that
// nothing at all was written.
func dbBytes(t *testing.T, db *portdb.DB) []byte {
	t.Helper()
	var out []byte
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(db.Path() + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	return out
}

func count(t *testing.T, db *portdb.DB, query string) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAnAuditThatCannotTrustItsTreeIsRefusedAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		opt  func(t *testing.T, root string) audit.Options
		want []string // in the message
	}{
		{"an empty tree", func(t *testing.T, root string) audit.Options {
			return audit.Options{Root: root}
		}, []string{"holds no C# files", "0 C# files"}},
		{"a tree without C# files", func(t *testing.T, root string) audit.Options {
			writeFile(t, filepath.Join(root, "README.md"), "no code here")
			writeFile(t, filepath.Join(root, "bin", "Old.cs"), "class Old { void M() {} }")
			return audit.Options{Root: root}
		}, []string{"holds no C# files"}},
		{"a missing audit root", func(t *testing.T, root string) audit.Options {
			return audit.Options{Root: filepath.Join(root, "dotnet")}
		}, []string{"is missing"}},
		{"a missing C# root beside the audit root", func(t *testing.T, root string) audit.Options {
			writeFile(t, filepath.Join(root, "tests", "A.cs"), "class A { void M() { x(); } }")
			return audit.Options{Root: filepath.Join(root, "tests"), Required: []string{filepath.Join(root, "src")}}
		}, []string{"ROOT/src is missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := fixture.DB(t)
			root := t.TempDir()
			opt := tt.opt(t, root)
			opt.Naming, opt.Incremental = natsnetNaming, true
			before := dbBytes(t, db)
			res, err := audit.Run(ctx, db, opt)
			if !errors.Is(err, audit.ErrRefused) {
				t.Fatalf("audit returned %v, %v; want a refusal", res, err)
			}
			msg := strings.ReplaceAll(err.Error(), root, "ROOT")
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q does not say %q", msg, w)
				}
			}
			if !strings.Contains(msg, "roots scanned: ROOT") {
				t.Errorf("message %q does not name the roots scanned", msg)
			}
			if !bytes.Equal(before, dbBytes(t, db)) {
				t.Error("porting.db changed")
			}
			if n := count(t, db, `SELECT count(*) FROM features WHERE status = 'verified'`); n != 3263 {
				t.Errorf("%d verified features after the refusal, want the fixture's 3263", n)
			}
		})
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A tree that lost a large part of its files (a wrong checkout, a moved
// folder) would demote hundreds of verified items: the audit refuses, lists
// a sample and names the override; forced, it writes them under a run id.
func TestAMassDemotionIsRefusedUntilForced(t *testing.T) {
	ctx := context.Background()
	db := fixture.DB(t)
	root := t.TempDir()
	if _, err := cstree.Write(root, allItems(t, db), cstree.Options{}); err != nil {
		t.Fatal(err)
	}
	// Lose the monitor and jetstream API files: far more than 2% of the
	// verified items.
	gone, err := filepath.Glob(filepath.Join(root, "*", "*", "*Monitor*.cs"))
	if err != nil || len(gone) == 0 {
		t.Fatalf("no monitor files to remove: %v", err)
	}
	for _, f := range gone {
		os.Remove(f)
	}
	before := dbBytes(t, db)
	opt := audit.Options{Root: root, Naming: natsnetNaming}
	_, err = audit.Run(ctx, db, opt)
	var refused *audit.RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("audit returned %v; want a refusal", err)
	}
	if refused.Limit != 106 || refused.Total <= refused.Limit || len(refused.Sample) != 10 {
		t.Errorf("refusal: limit %d (want 2%% of 5329 verified items = 106), %d demotions, sample of %d", refused.Limit, refused.Total, len(refused.Sample))
	}
	if msg := err.Error(); !strings.Contains(msg, audit.ForceHint) || !strings.Contains(msg, "-> unknown") {
		t.Errorf("message does not show a sample and the override:\n%s", msg)
	}
	if !bytes.Equal(before, dbBytes(t, db)) {
		t.Fatal("porting.db changed")
	}

	opt.MaxDemote = refused.Total // a configured limit that allows it
	res, err := audit.Run(ctx, db, audit.Options{Root: root, Naming: natsnetNaming, DryRun: true})
	if err != nil || len(res.Demotions) != refused.Total {
		t.Fatalf("dry run: %v, %d demotions", err, len(res.Demotions))
	}
	opt.MaxDemote, opt.Force = 0, true
	res, err = audit.Run(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.RunID == 0 || len(res.Demotions) != refused.Total {
		t.Errorf("forced audit: run %d, %d demotions", res.RunID, len(res.Demotions))
	}
	if n := count(t, db, `SELECT count(*) FROM status_history WHERE run_id IS NULL AND reason LIKE 'no member%'`); n != 0 {
		t.Errorf("%d history rows without a run id", n)
	}
	if n := count(t, db, `SELECT count(*) FROM runs WHERE command = 'audit' AND state = 'done'`); n != 1 {
		t.Errorf("%d finished audit runs, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM status_history WHERE new_status = 'unknown' AND old_status = 'verified'`); n != refused.Total {
		t.Errorf("%d demotions in the history, want %d", n, refused.Total)
	}
}

// A configured limit wins over the default, in both directions.
func TestTheDemotionLimitIsTheLargerOf50And2PercentUnlessConfigured(t *testing.T) {
	for _, c := range []struct{ configured, verified, want int }{
		{0, 0, 50}, {0, 2500, 50}, {0, 3263, 65}, {0, 10000, 200}, {10, 10000, 10}, {500, 100, 500},
	} {
		if got := audit.MaxDemote(c.configured, c.verified); got != c.want {
			t.Errorf("MaxDemote(%d, %d) = %d, want %d", c.configured, c.verified, got, c.want)
		}
	}
}

func TestARepositoryWithoutCommitsIsStillARepository(t *testing.T) {
	ctx := context.Background()
	db := fixture.DB(t)
	root := t.TempDir()
	if out, err := exec.Command("git", "init", "-q", root).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	cs := filepath.Join(root, "dotnet")
	if _, err := cstree.Write(cs, allItems(t, db), cstree.Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run(ctx, db, audit.Options{Root: cs, Naming: natsnetNaming, Incremental: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Scan.Why != "full scan: no commit yet" {
		t.Errorf("scan: %q, want a full scan because there is no commit yet", res.Scan.Why)
	}
}

func TestTheDeferredResetRecordsItsRun(t *testing.T) {
	db := fixture.DB(t)
	n, err := audit.ResetDeferred(context.Background(), db, false)
	if err != nil || n == 0 {
		t.Fatalf("reset %d items: %v", n, err)
	}
	if c := count(t, db, `SELECT count(*) FROM status_history WHERE reason LIKE 'post-execution reset%' AND run_id IS NOT NULL`); c != n {
		t.Errorf("%d of %d reset rows name their run", c, n)
	}
}
