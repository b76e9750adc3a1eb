package run_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"portwave/internal/testws"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/run"
)

// A command agent's non-zero exit is a failed attempt whose error ends
// with the command's last lines. It is not taken for a model API's
// transient failure: no agent retry is recorded and no backoff is waited.
func TestACommandAgentsExitIsAFailedAttemptNotATransientAPIFailure(t *testing.T) {
	ws := testws.New(t, map[string]string{"PORTWAVE_ATTEMPTS": "1", "PORTWAVE_AGENT_RETRIES": "2", "PORTWAVE_AGENT_RETRY_BACKOFF": "20s"})
	w := openWithShellAgent(t, ws, "echo reading the prompt; echo 'fatal: no API key for mytool' >&2; exit 3")
	start := time.Now()
	err := w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageAgent || be.State != port.StateFailed {
		t.Fatalf("err = %v, want the batch failed at the agent stage", err)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("the run took %s: it waited for a transient failure's backoff", took)
	}
	br := latest(t, w, 12)
	for _, want := range []string{"exited with code 3", "its last lines: reading the prompt | fatal: no API key for mytool"} {
		if !strings.Contains(br.Error, want) {
			t.Errorf("the ledger's error %q does not say %q", br.Error, want)
		}
	}
	if retries := agentEvents(t, w, 12)[portdb.EventAgentRetry]; len(retries) != 0 {
		t.Errorf("the command's exit was retried as a transient failure: %q", retries)
	}
}
