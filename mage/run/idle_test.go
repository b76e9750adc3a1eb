package run_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"portwave/internal/testws"
	"portwave/mage/port"
	"portwave/mage/proc"
	"portwave/mage/run"
)

// An agent whose stream goes silent is killed after agent_idle_timeout, not
// agent_timeout, and its row keeps the usage the stream showed until then.
func TestASilentAgentIsKilledAtTheIdleTimeoutAndItsUsageIsKept(t *testing.T) {
	steps := append(port12(), map[string]any{"sleep": "60s"})
	s := open(t, testws.Script(t, steps, nil), map[string]string{"PORTWAVE_AGENT_IDLE_TIMEOUT": "1s", "PORTWAVE_AGENT_TIMEOUT": "5m"})
	start := time.Now()
	err := s.w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageAgent || !strings.Contains(err.Error(), "no output") {
		t.Fatalf("err = %v, want the agent killed for its silence", err)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("the silent agent held the batch for %s", took)
	}
	br := latest(t, s.w, 12)
	if br.CostUSD <= 0 || br.InputTokens <= 0 || br.Turns < 5 {
		t.Errorf("the killed attempt recorded $%v, %d input tokens, %d turns; want what its stream showed", br.CostUSD, br.InputTokens, br.Turns)
	}
	if br.AgentPGID == 0 || proc.GroupAlive(br.AgentPGID) {
		t.Errorf("the agent's process group %d is not recorded or still alive", br.AgentPGID)
	}
}
