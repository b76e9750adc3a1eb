package main_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"portwave/internal/crosscheck"
	"portwave/internal/testws"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// A run killed with -9, resumed by the next start; a wave whose batch
// fails the gate; `retry` of that batch, which resumes the agent's session
// in a new process: after each command its run summary agrees with the
// ledger, and at the end `status` (text and JSON) and the report (markdown
// and JSON) do too. The runs table says how each run ended.
func TestEveryViewAgreesWithTheLedgerAcrossKilledFailedAndRetriedRuns(t *testing.T) {
	testws.Slow(t)
	env := append(workspace(t), "PORTWAVE_ATTEMPTS=1")
	cfg := configOf(env)
	ws := filepath.Dir(cfg)
	db, batches := filepath.Join(ws, "porting.db"), filepath.Join(ws, "batches")

	killWhenRunning(t, env, "wave1")
	out := runMage(t, env, "wave1", true)
	crosscheck.Summary(t, out, crosscheck.Truth(t, db, batches))

	out = runMage(t, env, "wave2", false) // batch 13's first attempt fails the gate
	truth := crosscheck.Truth(t, db, batches)
	if n := truth[13]; n.State != "failed" || n.Attempt != 1 {
		t.Fatalf("batch 13 after wave2: %+v, want failed at attempt 1\n%s", n, out)
	}
	crosscheck.Summary(t, out, truth)

	out = runMage(t, env, "retry 13", true)
	truth = crosscheck.Truth(t, db, batches)
	if n := truth[13]; n.State != "done" || n.Attempt != 2 || n.Turns != 4+3 {
		t.Errorf("batch 13 after retry: %+v, want done at attempt 2 with 7 turns\n%s", n, out)
	}
	crosscheck.Summary(t, out, truth)

	// The resumed session reports $0.213594 for the whole session; the
	// retry's row keeps its own share, in whichever process it ran.
	rows := ledger(t, env)[13]
	if last := rows[len(rows)-1]; last.CostUSD < 0.1098 || last.CostUSD > 0.1099 {
		t.Errorf("the retry's row holds $%.6f, want the session's $0.213594 less the first attempt's $0.103709", last.CostUSD)
	}

	crosscheck.StatusText(t, runMage(t, env, "status", true), truth)
	crosscheck.StatusJSON(t, []byte(runMage(t, append(env, "PORTWAVE_FORMAT=json"), "status", true)), truth)
	reports := reportsOf(env)
	runMage(t, append(env, "PORTWAVE_FORMAT=json"), "report", true)
	md, err := os.ReadFile(filepath.Join(reports, "latest.md"))
	if err != nil {
		t.Fatal(err)
	}
	crosscheck.ReportMarkdown(t, string(md), truth)
	js, err := os.ReadFile(filepath.Join(reports, "latest.json"))
	if err != nil {
		t.Fatal(err)
	}
	crosscheck.ReportJSON(t, js, truth)
	if !bytes.Contains(md, []byte("### Batch 13: done, attempt 2")) || !bytes.Contains(md, []byte("batch audit: 2 of 3 implemented")) {
		t.Errorf("the report's failures section does not give batch 13's gate findings:\n%s", md)
	}

	d, err := portdb.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	runs, err := d.Runs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range runs {
		got = append(got, r.Command+": "+string(r.State))
		if r.State == port.StateRunning || r.Finished.IsZero() {
			t.Errorf("run %d (%s) is left %s, finished %v", r.ID, r.Command, r.State, r.Finished)
		}
	}
	// The example workspace is set up by an audit, which records its run.
	want := []string{"audit: done", "wave1: interrupted", "wave1: done", "wave1: done", "wave2: failed", "retry 13: done"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("runs = %q, want %q", got, want)
	}
}

// killWhenRunning starts the target and kills its process group with -9
// once the ledger shows a batch running.
func killWhenRunning(t *testing.T, env []string, target string) {
	t.Helper()
	cmd := mage(env, target)
	var buf strings.Builder
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(90 * time.Second)
	for {
		select {
		case err := <-exited:
			t.Fatalf("mage %s ended before a batch was seen running: %v\n%s", target, err, buf.String())
		case <-deadline:
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Fatal("no batch was ever seen running")
		case <-time.After(10 * time.Millisecond):
		}
		for _, rs := range ledger(t, env) {
			if rs[len(rs)-1].State == port.StateRunning && rs[len(rs)-1].Stage == port.StageAgent {
				syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				<-exited
				return
			}
		}
	}
}

// runMage runs one target (with its arguments) to the end and returns its
// output; ok says whether it must succeed or fail.
func runMage(t *testing.T, env []string, target string, ok bool) string {
	t.Helper()
	args := strings.Fields(target)
	cmd := mage(env, args[0])
	cmd.Args = append(cmd.Args, args[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if (err == nil) != ok {
		t.Fatalf("mage %s: error %v, want success %v\n%s\n%s", target, err, ok, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func configOf(env []string) string {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "PORTWAVE_CONFIG="); ok {
			return v
		}
	}
	return ""
}

func reportsOf(env []string) string {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "PORTWAVE_REPORTS="); ok {
			return v
		}
	}
	return ""
}
