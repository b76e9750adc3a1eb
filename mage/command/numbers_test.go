package command_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/crosscheck"
	"portwave/internal/svgtest"
	"portwave/mage/command"
)

// The demo's numbers, one batch at a time, must read the same in every
// view: each wave's run summary, `status` as text and JSON, the report and
// its JSON twin, and the ledger itself (read straight from SQL). Batch 13
// fails the gate once and passes on its second attempt.
func TestTheDemoShowsTheSameNumbersInEveryView(t *testing.T) {
	cwd := t.TempDir()
	t.Chdir(cwd)
	root := t.TempDir()
	var out, log bytes.Buffer
	if err := command.Demo(context.Background(), env{command.DemoDirEnv: root, "NO_COLOR": "1"}.get, &out, &log); err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, out.String(), log.String())
	}
	ws := filepath.Join(root, "workspace")
	truth := crosscheck.Truth(t, filepath.Join(ws, "porting.db"), filepath.Join(ws, "batches"))
	if n := truth[13]; n.Attempt != 2 || n.Rows != 2 {
		t.Errorf("batch 13 has attempt %d in %d rows, want its gate retry: attempt 2 in 2 rows", n.Attempt, n.Rows)
	}
	if n := truth[11]; n.Verified != 5 || n.Turns != 9 {
		t.Errorf("batch 11: %+v, want 5 verified in 9 turns", n)
	}
	// Output hygiene: each warning once in the whole command, and no line
	// that names its batch twice ("batch 13 note     batch 13 attempt 1").
	seen := map[string]bool{}
	for _, line := range strings.Split(out.String()+log.String(), "\n") {
		if strings.HasPrefix(line, "warning: ") {
			if seen[line] {
				t.Errorf("a warning is printed twice: %s", line)
			}
			seen[line] = true
		}
		if f := strings.Fields(line); len(f) > 5 && f[1] == "batch" && f[3] == "note" && f[4] == "batch" && f[5] == f[2] {
			t.Errorf("a note stutters: %s", line)
		}
		if strings.Contains(line, "agent: agent:") || strings.Contains(line, "gate: gate:") {
			t.Errorf("a line stutters: %s", line)
		}
	}
	shown := 0
	for _, wave := range strings.Split(out.String(), "== wave ")[1:] {
		shown += crosscheck.Summary(t, wave, truth)
	}
	if shown != 4 {
		t.Errorf("the waves' summaries show %d batches, want 4", shown)
	}
	cfg := filepath.Join(ws, "portwave.yaml")
	reports := filepath.Join(t.TempDir(), "reports")
	for _, format := range []string{"", "json"} {
		s, stdout, _ := session(t, env{"PORTWAVE_CONFIG": cfg, "PORTWAVE_FORMAT": format, "PORTWAVE_REPORTS": reports})
		if err := s.Status(context.Background()); err != nil {
			t.Fatal(err)
		}
		if format == "json" {
			crosscheck.StatusJSON(t, stdout.Bytes(), truth)
		} else {
			crosscheck.StatusText(t, stdout.String(), truth)
		}
	}
	s, _, _ := session(t, env{"PORTWAVE_CONFIG": cfg, "PORTWAVE_FORMAT": "json", "PORTWAVE_REPORTS": reports})
	if err := s.Report(context.Background()); err != nil {
		t.Fatal(err)
	}
	crosscheck.ReportMarkdown(t, readString(t, filepath.Join(reports, "latest.md")), truth)
	crosscheck.ReportJSON(t, []byte(readString(t, filepath.Join(reports, "latest.json"))), truth)

	// The charts: the burn-up shows each wave as a band and the plan's
	// target (30 features and the 3 tests it leaves verified of 35 items), the Gantt every
	// batch and attempt with its duration and cost, the cost chart the
	// total; all render as PNG.
	charts := map[string]string{}
	for _, kind := range []string{"burnup", "gantt", "cost"} {
		paths, _ := filepath.Glob(filepath.Join(reports, "*-"+kind+".svg"))
		if len(paths) != 1 {
			t.Fatalf("%d %s charts in %s", len(paths), kind, reports)
		}
		charts[kind] = readString(t, paths[0])
		svgtest.Check(t, []byte(charts[kind]))
		png := svgtest.Render(t, []byte(charts[kind]))
		if dir := os.Getenv("PORTWAVE_KEEP_PNG"); dir != "" {
			os.MkdirAll(dir, 0o755)
			data, _ := os.ReadFile(png)
			os.WriteFile(filepath.Join(dir, "demo-"+kind+".png"), data, 0o644)
		}
	}
	for _, want := range []string{">wave 1<", ">wave 2<", ">wave 3<", ">plan target 33<", ">total 35<"} {
		if !strings.Contains(charts["burnup"], want) {
			t.Errorf("the demo's burn-up does not show %q", want)
		}
	}
	for b, n := range truth {
		for a := 1; a <= n.Attempt; a++ {
			if want := fmt.Sprintf(">%d #%d ", b, a); !strings.Contains(charts["gantt"], want) {
				t.Errorf("the demo's Gantt does not show batch %d's attempt %d", b, a)
			}
		}
	}
	for _, want := range []string{">slot-1<", ">slot-2<", "s seconds, m minutes"} {
		if !strings.Contains(charts["gantt"], want) {
			t.Errorf("the demo's Gantt does not show %q", want)
		}
	}
	usd := 0.0
	for _, n := range truth {
		usd += n.USD
	}
	if want := fmt.Sprintf(">$%.2f<", usd); !strings.Contains(charts["cost"], want) {
		t.Errorf("the demo's cost chart does not end at %s", want)
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
