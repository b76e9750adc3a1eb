package command_test

import (
	"context"
	"strings"
	"testing"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

// status shows, per batch, the denials and the retries (the CLI's API
// retries + portwave's reruns) over all attempts, and lists each denial.
func TestStatusShowsDenialsAndRetries(t *testing.T) {
	e, dbPath := natsnet(t, nil)
	ctx := context.Background()
	db, err := portdb.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for attempt, evs := range [][]portdb.AgentEvent{
		{{Kind: portdb.EventAPIRetry, Detail: "attempt 1/10: 529 overloaded_error"}, {Kind: portdb.EventAgentRetry, Detail: "retry 1 of 2"}},
		{{Kind: portdb.EventDenial, Detail: "Write /etc/passwd"}, {Kind: portdb.EventAPIRetry, Detail: "attempt 1/10: 500"}},
	} {
		br := &port.BatchRun{Batch: 42, Attempt: attempt + 1, Stage: port.StageGate, State: port.StateFailed}
		if err := db.SaveBatchRun(ctx, br, "test"); err != nil {
			t.Fatal(err)
		}
		if err := db.AddAgentEvents(ctx, br.ID, evs); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, out, _ := session(t, e)
	if err := s.Status(ctx); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.Contains(lines[0], "DENIED") || !strings.Contains(lines[0], "RETRIES") {
		t.Fatalf("header %q lacks DENIED and RETRIES", lines[0])
	}
	if f := strings.Fields(lines[1]); len(f) < 10 || f[8] != "1" || f[9] != "2+1" {
		t.Errorf("batch 42's row %q, want 1 denial and 2+1 retries", lines[1])
	}
	if !strings.Contains(out.String(), "batch 42 attempt 2: denied Write /etc/passwd") {
		t.Errorf("the denial is not listed:\n%s", out)
	}
}
