package report_test

import (
	"bufio"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"portwave/internal/svgtest"
	"portwave/mage/plan"
	"portwave/mage/portdb"
	"portwave/mage/report"
)

// The benchmark's porting.db: a million items in 5,000 Go files and 200,000
// status_history rows, each at its own instant (the worst case for the
// burn-up), plus a ledger of 60 batch runs.
const (
	bigFeatures = 600_000
	bigTests    = 400_000
	bigFiles    = 2_500 // source files; as many test files again
	bigHistory  = 200_000
	bigBatches  = 60
)

var big struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// bigDB builds the benchmark's porting.db once per test process, with bulk
// inserts from recursive CTEs in one transaction, and returns its path.
func bigDB(b *testing.B) string {
	b.Helper()
	big.once.Do(func() {
		if big.dir, big.err = os.MkdirTemp("", "portwave-report-bench-"); big.err != nil {
			return
		}
		big.path = filepath.Join(big.dir, "porting.db")
		big.err = fillBigDB(context.Background(), big.path)
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if big.dir != "" {
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}

// numbers is a recursive CTE of 1..n.
func numbers(n int) string {
	return `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ` + strconv.Itoa(n) + `) `
}

// statusOf spreads statuses over IDs: 80% verified, 5% complete, 3% n/a,
// 10% deferred, 2% stub.
const statusOf = `CASE WHEN i % 100 < 80 THEN 'verified' WHEN i % 100 < 85 THEN 'complete' WHEN i % 100 < 88 THEN 'n/a'
	WHEN i % 100 < 98 THEN 'deferred' ELSE 'stub' END`

func fillBigDB(ctx context.Context, path string) error {
	db, err := portdb.Create(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	stmts := []string{
		`INSERT INTO modules (id, go_file) ` + numbers(bigFiles) + `SELECT i, printf('pkg%02d/file%04d.go', i % 40, i) FROM n`,
		`INSERT INTO modules (id, go_file) ` + numbers(bigFiles) + `SELECT ` + strconv.Itoa(bigFiles) + ` + i, printf('pkg%02d/file%04d_test.go', i % 40, i) FROM n`,
		`INSERT INTO features (id, module_id, go_receiver, go_name, go_line, go_line_count, dotnet_class, dotnet_member, status) ` +
			numbers(bigFeatures) + `SELECT i, 1 + (i - 1) / ` + strconv.Itoa(bigFeatures/bigFiles) +
			`, CASE WHEN i % 3 = 0 THEN 'Server' ELSE '' END, 'function' || i, i % 5000, 12, 'NatsServer', 'Function' || i, ` + statusOf + ` FROM n`,
		`INSERT INTO unit_tests (id, module_id, go_name, go_line, go_line_count, dotnet_class, dotnet_member, status) ` +
			numbers(bigTests) + `SELECT i, ` + strconv.Itoa(bigFiles) + ` + 1 + (i - 1) / ` + strconv.Itoa(bigTests/bigFiles) +
			`, 'TestCase' || i, i % 5000, 30, 'ServerTests', 'Case' || i, ` + statusOf + ` FROM n`,
		// One change every 37 seconds from September on: mostly promotions,
		// one in a hundred a regression.
		`INSERT INTO status_history (kind, item_id, old_status, new_status, changed_at, reason) ` + numbers(bigHistory) +
			`SELECT CASE WHEN i % 3 = 0 THEN 'test' ELSE 'feature' END, 1 + (i * 7919) % 400000,
				CASE WHEN i % 100 = 0 THEN 'verified' ELSE 'deferred' END, CASE WHEN i % 100 = 0 THEN 'stub' ELSE 'verified' END,
				strftime('%Y-%m-%dT%H:%M:%S', '2025-09-01', '+' || (i * 37) || ' seconds') || '.000000000Z',
				'audit after batch ' || (i % 60)
			FROM n`,
		`INSERT INTO runs (id, command, state, started_at) VALUES (1, 'mage all', 'done', '2025-11-20T08:00:00.000000000Z')`,
		`INSERT INTO batch_runs (id, run_id, batch, attempt, stage, state, started_at, updated_at, finished_at, turns, input_tokens, output_tokens, cost_usd) ` +
			numbers(bigBatches) + `SELECT i, 1, i, 1, 'done', 'done',
				strftime('%Y-%m-%dT%H:%M:%S', '2025-11-20T08:00:00', '+' || (i * 600) || ' seconds') || '.000000000Z',
				strftime('%Y-%m-%dT%H:%M:%S', '2025-11-20T08:00:00', '+' || (i * 600 + 3000) || ' seconds') || '.000000000Z',
				strftime('%Y-%m-%dT%H:%M:%S', '2025-11-20T08:00:00', '+' || (i * 600 + 3000) || ' seconds') || '.000000000Z',
				40 + i, 1000000, 50000, 4.5 FROM n`,
		`INSERT INTO stage_transitions (batch_run_id, stage, state, at) ` + numbers(bigBatches*6) + `SELECT
				1 + (i - 1) / 6, CASE (i - 1) % 6 WHEN 0 THEN 'worktree' WHEN 1 THEN 'agent' WHEN 2 THEN 'gate' WHEN 3 THEN 'merge'
					WHEN 4 THEN 'audit' ELSE 'done' END, CASE (i - 1) % 6 WHEN 5 THEN 'done' ELSE 'running' END,
				strftime('%Y-%m-%dT%H:%M:%S', '2025-11-20T08:00:00', '+' || (((i - 1) / 6 + 1) * 600 + ((i - 1) % 6) * 600) || ' seconds') || '.000000000Z'
			FROM n`,
	}
	return db.Write(ctx, func(tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkReportOfAMillionItems builds the report of the big porting.db
// with the NatsNet plan, since the report of 1 November, and writes the
// markdown, both SVGs and the JSON twin. peak-RSS-MB is the process's
// peak resident memory during the timed loop (Linux only).
func BenchmarkReportOfAMillionItems(b *testing.B) {
	path := bigDB(b)
	ctx := context.Background()
	db, err := portdb.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	p, err := plan.ImportDocument(sharedPlan)
	if err != nil {
		b.Fatal(err)
	}
	out := b.TempDir()
	opt := report.Options{Now: time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC), JSON: true,
		Previous: &report.Previous{Generated: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), File: "2025-11-01-report.md"}}
	resetPeakRSS()
	cpu := cpuTime()
	var files report.Files
	for b.Loop() {
		r, err := report.Build(ctx, db, p, opt)
		if err != nil {
			b.Fatal(err)
		}
		if files, err = report.Write(out, r, r.Generated); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time per report does not grow when other processes share the
	// machine, as the wall-clock time does; on an idle machine the wall
	// time is at most this, less what the parallel steps overlap.
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MB")
	}
	for unit, f := range map[string]string{"md-KiB": files.Markdown, "burnup-KiB": files.BurnUp, "gantt-KiB": files.Gantt,
		"cost-KiB": files.Cost, "json-KiB": files.JSON} {
		if st, err := os.Stat(f); err == nil {
			b.ReportMetric(float64(st.Size())/1024, unit)
		}
	}
	// The charts of a million items must still be pictures: rsvg-convert
	// renders each (outside the timed loop).
	b.StopTimer()
	for _, f := range []string{files.BurnUp, files.Gantt, files.Cost} {
		svg, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		svgtest.Check(b, svg)
		png := svgtest.Render(b, svg)
		if dir := os.Getenv("PORTWAVE_KEEP_PNG"); dir != "" { // to look at them
			data, _ := os.ReadFile(png)
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "million-"+strings.TrimSuffix(filepath.Base(f), ".svg")+".png"), data, 0o644)
		}
	}
}

// cpuTime is the user and system CPU time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeakRSS restarts the kernel's count of the peak resident memory, so
// that building the database does not count.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS reads the peak resident memory in bytes, or 0 where it cannot.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
