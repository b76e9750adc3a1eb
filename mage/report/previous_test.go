package report_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/report"
)

func TestFindPreviousPicksTheNewestReportBeforeToday(t *testing.T) {
	marker := func(at string) string { return report.MarkerPrefix + at + " -->\n# Port report\n" }
	now := day(5, 8, 0)
	tests := []struct {
		name  string
		files map[string]string
		want  *report.Previous
	}{
		{"no reports directory", nil, nil},
		{"an empty directory", map[string]string{}, nil},
		{"only today's report, which the new one replaces", map[string]string{
			"2026-03-05-report.md": marker("2026-03-05T07:00:00Z")}, nil},
		{"the newest of several", map[string]string{
			"2026-03-01-report.md": marker("2026-03-01T12:00:00Z"),
			"2026-03-03-report.md": marker("2026-03-03T18:30:05.5Z"),
			"2026-03-02-report.md": marker("2026-03-02T18:00:00Z"),
			"latest.md":            marker("2026-03-03T18:30:05.5Z"),
		}, &report.Previous{Generated: time.Date(2026, 3, 3, 18, 30, 5, 5e8, time.UTC), File: "2026-03-03-report.md"}},
		{"a report without its marker, read from its JSON twin", map[string]string{
			"2026-03-03-report.md":   "# edited by hand\n",
			"2026-03-03-report.json": `{"version": 1, "generated": "2026-03-03T17:00:00Z"}`,
		}, &report.Previous{Generated: time.Date(2026, 3, 3, 17, 0, 0, 0, time.UTC), File: "2026-03-03-report.md"}},
		{"an unreadable newest report falls back to the one before", map[string]string{
			"2026-03-02-report.md": marker("2026-03-02T18:00:00Z"),
			"2026-03-04-report.md": report.MarkerPrefix + "yesterday -->\n",
		}, &report.Previous{Generated: time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC), File: "2026-03-02-report.md"}},
		{"files that only look like reports are ignored", map[string]string{
			"2026-3-4-report.md":       marker("2026-03-04T10:00:00Z"),
			"2026-03-04-report.md.bak": marker("2026-03-04T10:00:00Z"),
			"notes-report.md":          marker("2026-03-04T10:00:00Z"),
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "reports")
			if tt.files != nil {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for name, body := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := report.FindPrevious(dir, now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("previous report (-want +got):\n%s", diff)
			}
		})
	}
}
