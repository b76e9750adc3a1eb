// Package crosscheck holds every view of a batch's numbers against the
// run ledger, for tests: `status` (text and JSON), the run summary, the
// report (markdown and JSON). The ledger's side is computed here straight
// from SQL, not through portdb's Figures, so that a wrong definition in
// the product fails the check instead of agreeing with itself.
package crosscheck

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the pure-Go "sqlite" driver

	"portwave/mage/plan"
	"portwave/mage/report"
)

// Numbers are one batch's figures as the ledger holds them.
type Numbers struct {
	State    string
	Attempt  int // the newest row's attempt number
	Rows     int
	Turns    int
	Cents    int64   // cost summed over rows, in cents
	USD      float64 // the same, unrounded
	Seconds  float64 // each row's end (or last update) less its start, summed
	Verified int     // the batch's listed features verified now; -1 without a plan
}

// Truth reads the ledger of the porting.db at dbPath and, with the batch
// files in batchesDir (empty: none), what each batch verified.
func Truth(t testing.TB, dbPath, batchesDir string) map[int]Numbers {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT batch, attempt, state, turns, cost_usd, started_at, updated_at, finished_at FROM batch_runs ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int]Numbers{}
	cost := map[int]float64{}
	for rows.Next() {
		var batch, attempt, turns int
		var state, started, updated, finished string
		var usd float64
		if err := rows.Scan(&batch, &attempt, &state, &turns, &usd, &started, &updated, &finished); err != nil {
			t.Fatal(err)
		}
		n := out[batch]
		n.State, n.Attempt = state, attempt
		n.Rows++
		n.Turns += turns
		cost[batch] += usd
		end := finished
		if end == "" {
			end = updated
		}
		if s, e := parse(t, started), parse(t, end); e.After(s) {
			n.Seconds += e.Sub(s).Seconds()
		}
		n.Verified = -1
		out[batch] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for b, usd := range cost {
		n := out[b]
		n.Cents, n.USD = int64(math.Round(usd*100)), usd
		out[b] = n
	}
	if batchesDir == "" {
		return out
	}
	p, err := plan.LoadBatches(batchesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range p.Batches {
		n, ok := out[b.ID]
		if !ok {
			continue
		}
		n.Verified = 0
		seen := map[int]bool{}
		for _, id := range b.AllIDs() {
			if seen[id] {
				continue
			}
			seen[id] = true
			var status string
			if err := db.QueryRow(`SELECT status FROM features WHERE id = ?`, id).Scan(&status); err == nil && status == "verified" {
				n.Verified++
			}
		}
		out[b.ID] = n
	}
	return out
}

func parse(t testing.TB, s string) time.Time {
	t.Helper()
	for _, layout := range []string{"2006-01-02T15:04:05.000000000Z07:00", time.RFC3339Nano} {
		if v, err := time.Parse(layout, s); err == nil {
			return v
		}
	}
	t.Fatalf("ledger time %q does not parse", s)
	return time.Time{}
}

// clock formats seconds the way status and the run summary do.
func clock(sec float64) string {
	d := time.Duration(sec * float64(time.Second)).Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case h > 0:
		return fmt.Sprintf("%dh%02dm%02ds", h, m, s)
	case m > 0:
		return fmt.Sprintf("%dm%02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

func money(cents int64) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) }

var columns = regexp.MustCompile(`\s{2,}`)

// table splits a text table whose header starts with first into rows of
// cells, by the header's names; the total row is left out.
func table(t testing.TB, text, first string) []map[string]string {
	t.Helper()
	var header []string
	var out []map[string]string
	for _, line := range strings.Split(text, "\n") {
		cells := columns.Split(strings.TrimSpace(line), -1)
		switch {
		case header == nil && len(cells) > 1 && strings.EqualFold(cells[0], first):
			header = cells
		case header == nil:
		case len(cells) < 2 || cells[0] == "total":
			return out
		default:
			row := map[string]string{}
			for i, c := range cells {
				if i < len(header) {
					row[strings.ToLower(header[i])] = c
				}
			}
			out = append(out, row)
		}
	}
	if header == nil {
		t.Fatalf("no table headed %q in:\n%s", first, text)
	}
	return out
}

// diff reports a disagreement of one figure in one view.
func diff(t testing.TB, view string, batch int, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s, batch %d: %s is %q, the ledger says %q", view, batch, what, got, want)
	}
}

// Summary checks one run summary table (the output of one command) against
// the ledger as it stood right after that command, and returns how many
// batches it showed.
func Summary(t testing.TB, output string, truth map[int]Numbers) int {
	t.Helper()
	rows := table(t, output, "batch")
	for _, r := range rows {
		b, err := strconv.Atoi(r["batch"])
		if err != nil {
			t.Fatalf("summary row %v: bad batch", r)
		}
		n, ok := truth[b]
		if !ok {
			t.Errorf("the summary shows batch %d, which the ledger does not have", b)
			continue
		}
		tableRow(t, "run summary", b, r, n)
	}
	return len(rows)
}

// tableRow checks one row of a text table (the run summary's or
// status's): every figure as the ledger has it.
func tableRow(t testing.TB, view string, b int, r map[string]string, n Numbers) {
	t.Helper()
	diff(t, view, b, "state", r["state"], n.State)
	diff(t, view, b, "attempt", r["attempt"], strconv.Itoa(n.Attempt))
	diff(t, view, b, "turns", r["turns"], strconv.Itoa(n.Turns))
	diff(t, view, b, "cost", r["cost"], money(n.Cents))
	diff(t, view, b, "duration", r["duration"], clock(n.Seconds))
	if n.Verified >= 0 {
		diff(t, view, b, "verified", r["verified"], strconv.Itoa(n.Verified))
	}
}

// StatusText checks `status` as text: every batch of the ledger, each
// figure as the ledger has it.
func StatusText(t testing.TB, output string, truth map[int]Numbers) {
	t.Helper()
	rows := table(t, output, "BATCH")
	if len(rows) != len(truth) {
		t.Errorf("status shows %d batches, the ledger has %d:\n%s", len(rows), len(truth), output)
	}
	for _, r := range rows {
		b, _ := strconv.Atoi(r["batch"])
		n := truth[b]
		tableRow(t, "status", b, r, n)
	}
}

// StatusJSON checks `status` with PORTWAVE_FORMAT=json.
func StatusJSON(t testing.TB, output []byte, truth map[int]Numbers) {
	t.Helper()
	var rows []struct {
		Batch    int     `json:"batch"`
		State    string  `json:"state"`
		Attempt  int     `json:"attempt"`
		Rows     int     `json:"ledger_rows"`
		Seconds  float64 `json:"seconds"`
		Turns    int     `json:"turns"`
		CostUSD  float64 `json:"cost_usd"`
		Verified *int    `json:"verified"`
	}
	if err := json.Unmarshal(output, &rows); err != nil {
		t.Fatalf("status JSON: %v\n%s", err, output)
	}
	if len(rows) != len(truth) {
		t.Errorf("status JSON has %d batches, the ledger %d", len(rows), len(truth))
	}
	for _, r := range rows {
		n, v := truth[r.Batch], "status JSON"
		diff(t, v, r.Batch, "state", r.State, n.State)
		diff(t, v, r.Batch, "attempt", strconv.Itoa(r.Attempt), strconv.Itoa(n.Attempt))
		diff(t, v, r.Batch, "ledger rows", strconv.Itoa(r.Rows), strconv.Itoa(n.Rows))
		diff(t, v, r.Batch, "turns", strconv.Itoa(r.Turns), strconv.Itoa(n.Turns))
		diff(t, v, r.Batch, "cost", money(int64(math.Round(r.CostUSD*100))), money(n.Cents))
		if math.Abs(r.Seconds-n.Seconds) > 1e-6 {
			t.Errorf("%s, batch %d: %v seconds, the ledger says %v", v, r.Batch, r.Seconds, n.Seconds)
		}
		if n.Verified >= 0 && (r.Verified == nil || *r.Verified != n.Verified) {
			t.Errorf("%s, batch %d: verified %v, the ledger says %d", v, r.Batch, r.Verified, n.Verified)
		}
	}
}

// ReportJSON checks the report's JSON twin: the ledger table, the plan's
// per-batch verified counts, the cost total, and one timeline entry per
// ledger row.
func ReportJSON(t testing.TB, data []byte, truth map[int]Numbers) {
	t.Helper()
	var r struct {
		Ledger []struct {
			Batch   int     `json:"batch"`
			Attempt int     `json:"attempt"`
			Rows    int     `json:"ledger_rows"`
			State   string  `json:"state"`
			Seconds float64 `json:"seconds"`
			Turns   int     `json:"turns"`
			CostUSD float64 `json:"cost_usd"`
		} `json:"ledger"`
		Plan *struct {
			Waves []struct {
				Batches []struct {
					ID       int `json:"id"`
					Verified int `json:"verified"`
				} `json:"batches"`
			} `json:"waves"`
		} `json:"plan"`
		Cost struct {
			TotalUSD float64 `json:"total_usd"`
			Turns    int     `json:"turns"`
		} `json:"cost"`
		Timeline *struct {
			Attempts []struct {
				Batch   int `json:"batch"`
				Attempt int `json:"attempt"`
			} `json:"attempts"`
		} `json:"timeline"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("report JSON: %v", err)
	}
	v := "report JSON"
	if len(r.Ledger) != len(truth) {
		t.Errorf("%s has %d batches in its ledger, the ledger %d", v, len(r.Ledger), len(truth))
	}
	usd := 0.0
	turns, rows := 0, 0
	for _, l := range r.Ledger {
		n := truth[l.Batch]
		diff(t, v, l.Batch, "state", l.State, n.State)
		diff(t, v, l.Batch, "attempt", strconv.Itoa(l.Attempt), strconv.Itoa(n.Attempt))
		diff(t, v, l.Batch, "ledger rows", strconv.Itoa(l.Rows), strconv.Itoa(n.Rows))
		diff(t, v, l.Batch, "turns", strconv.Itoa(l.Turns), strconv.Itoa(n.Turns))
		diff(t, v, l.Batch, "cost", money(int64(math.Round(l.CostUSD*100))), money(n.Cents))
		if math.Abs(l.Seconds-n.Seconds) > 1e-6 {
			t.Errorf("%s, batch %d: %v seconds, the ledger says %v", v, l.Batch, l.Seconds, n.Seconds)
		}
		usd += n.USD
		turns += n.Turns
		rows += n.Rows
	}
	if got, cents := int64(math.Round(r.Cost.TotalUSD*100)), int64(math.Round(usd*100)); got != cents || r.Cost.Turns != turns {
		t.Errorf("%s: cost %s and %d turns in all, the ledger's batches add up to %s and %d", v, money(got), r.Cost.Turns, money(cents), turns)
	}
	if r.Plan != nil {
		for _, w := range r.Plan.Waves {
			for _, b := range w.Batches {
				if n, ok := truth[b.ID]; ok && n.Verified >= 0 {
					diff(t, v, b.ID, "verified", strconv.Itoa(b.Verified), strconv.Itoa(n.Verified))
				}
			}
		}
	}
	if r.Timeline == nil || len(r.Timeline.Attempts) != rows {
		t.Errorf("%s: the timeline does not have one entry per ledger row (%d rows)", v, rows)
	}
}

// ReportMarkdown checks the plan table of the markdown report: verified,
// state, attempt, duration, turns and cost of every batch that ran.
func ReportMarkdown(t testing.TB, md string, truth map[int]Numbers) {
	t.Helper()
	seen := 0
	for _, line := range strings.Split(md, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 11 || !strings.HasPrefix(line, "| ") {
			continue
		}
		b, err := strconv.Atoi(cells[1])
		if err != nil {
			continue
		}
		n, ok := truth[b]
		if !ok {
			continue
		}
		seen++
		v := "report"
		if n.Verified >= 0 {
			diff(t, v, b, "verified", cells[5], strconv.Itoa(n.Verified))
		}
		if !strings.HasPrefix(cells[6], n.State) {
			t.Errorf("%s, batch %d: state %q, the ledger says %q", v, b, cells[6], n.State)
		}
		diff(t, v, b, "attempt", cells[7], strconv.Itoa(n.Attempt))
		diff(t, v, b, "duration", cells[8], report.Duration(n.Seconds))
		diff(t, v, b, "turns", cells[9], strconv.Itoa(n.Turns))
		diff(t, v, b, "cost", cells[10], money(n.Cents))
	}
	if seen != len(truth) {
		t.Errorf("the report's plan table shows %d of the ledger's %d batches", seen, len(truth))
	}
}
