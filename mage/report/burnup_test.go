package report_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/report"
)

// promotedOneByOne is a porting.db of n deferred features, each promoted to
// verified at its own minute: n+1 recorded instants.
func promotedOneByOne(t *testing.T, n int) *portdb.DB {
	t.Helper()
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetClock(func() time.Time { return t0 })
	items := make([]port.Item, n)
	for i := range items {
		items[i] = port.Item{ID: i + 1, Kind: port.Feature, GoFile: fmt.Sprintf("pkg/file%d.go", i%7), GoName: fmt.Sprintf("f%d", i+1), Status: port.Deferred}
	}
	if err := db.UpsertItems(ctx, items, "inventory", 0); err != nil {
		t.Fatal(err)
	}
	err = db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE features SET status = 'verified'`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO status_history (kind, item_id, old_status, new_status, changed_at, reason)
SELECT 'feature', id, 'deferred', 'verified', strftime('%Y-%m-%dT%H:%M:%S', ?, '+' || id || ' minutes') || '.000000000Z', 'audit'
FROM features`, t0.Format("2006-01-02T15:04:05"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestALongHistoryIsSummedIntoAThousandStepsThatEndAtTheSummary(t *testing.T) {
	tests := []struct {
		name      string
		items     int
		maxPoints int // steps plus the point at the report's time
	}{
		{"a short history keeps every instant", 300, 300 + 2},
		{"a long history is cut into slots", 3000, 1000 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := promotedOneByOne(t, tt.items)
			now := t0.Add(time.Duration(tt.items+60) * time.Minute)
			r, err := report.Build(context.Background(), db, nil, report.Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			pts := r.BurnUp
			if len(pts) > tt.maxPoints || len(pts) < tt.maxPoints*9/10 {
				t.Errorf("%d burn-up points, want about %d", len(pts), tt.maxPoints)
			}
			for i := 1; i < len(pts); i++ {
				if pts[i].Verified < pts[i-1].Verified || !pts[i].T.After(pts[i-1].T) {
					t.Fatalf("point %d (%v) does not follow point %d (%v)", i, pts[i], i-1, pts[i-1])
				}
			}
			if first, last := pts[0], pts[len(pts)-1]; first.Verified > 10 || first.Total != tt.items ||
				last.Verified != r.Summary.All.Verified || last.Verified != tt.items || !last.T.Equal(now) {
				t.Errorf("the burn-up runs from %+v to %+v, want from about 0 to %d verified at %s", first, last, tt.items, now)
			}
		})
	}
}
