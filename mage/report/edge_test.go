package report_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portwave/mage/plan"
	"portwave/mage/portdb"
	"portwave/mage/report"
)

func TestEdgeCasesMakeSensibleReports(t *testing.T) {
	sharedDoc := func(t *testing.T) *plan.Plan {
		p, err := plan.ImportDocument(sharedPlan)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	emptyDB := func(t *testing.T) *portdb.DB {
		db, err := portdb.Create(context.Background(), filepath.Join(t.TempDir(), "porting.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	tests := []struct {
		name   string
		golden string // also checked against testdata/<golden>.json when set
		db     func(*testing.T) *portdb.DB
		plan   func(*testing.T) *plan.Plan // nil for no plan
		prev   *report.Previous
		says   []string
	}{
		{
			name: "an empty database, no plan", golden: "empty", db: emptyDB,
			says: []string{"porting.db tracks no features or tests yet.", "First report, no previous one; status_history is empty.",
				"No plan was given and no batch has run.", "porting.db tracks no Go files yet.", "Nothing: every tracked item",
				"No batch has run: no agent cost is recorded."},
		},
		{
			name: "an empty database with a plan", db: emptyDB, plan: sharedDoc,
			says: []string{"0 of 6 batches have nothing pending.", "| 1 | 42 | Foundation Helpers | 55 | 0 | 0 | not run |",
				"377 listed IDs are not in porting.db.", "Features: 0/0 verified = -"},
		},
		{
			name: "a database with no runs and a previous report", db: func(t *testing.T) *portdb.DB { return natsnet(t).db },
			prev: &report.Previous{Generated: t0.Add(time.Hour), File: "2026-03-01-report.md"},
			says: []string{"**5694/6942 = 82.0%**", "No status changed since [2026-03-01-report.md](2026-03-01-report.md)",
				"None since the previous report", "No batch has run yet.", "No plan was given and no batch has run."},
		},
		{
			name: "a first report on a database with no runs", db: func(t *testing.T) *portdb.DB { return natsnet(t).db }, plan: sharedDoc,
			says: []string{"First report, no previous one. The whole recorded history holds 6942 status changes:",
				"| feature | new | deferred | 363 |", "None in the recorded history", "| 4 | 47 | MQTT Full Runtime | 152 | 139 | 13 | not run |"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tt.db(t)
			var p *plan.Plan
			if tt.plan != nil {
				p = tt.plan(t)
			}
			r, err := report.Build(context.Background(), db, p, report.Options{Now: day(1, 12, 0), Previous: tt.prev, JSON: true})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			files, err := report.Write(filepath.Join(t.TempDir(), "reports"), r, time.Time{})
			if err != nil {
				t.Fatalf("Write: %v", err)
			}
			md := read(t, files.Markdown)
			for _, want := range tt.says {
				if !bytes.Contains(md, []byte(want)) {
					t.Errorf("the report does not say %q", want)
				}
			}
			for _, svg := range []string{files.BurnUp, files.Gantt} {
				checkSVG(t, read(t, svg))
			}
			if tt.golden != "" {
				golden(t, tt.golden+".md", md)
				golden(t, tt.golden+".json", read(t, files.JSON))
			}
			if strings.Contains(string(md), "%!") {
				t.Errorf("the report has a formatting error:\n%s", md)
			}
		})
	}
}
