package run_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/port"
	"portwave/mage/progress"
)

func TestAnAttemptsDeniedToolUsesAreRecordedInTheLedger(t *testing.T) {
	steps := append(port12()[:2], map[string]any{"deny_writes": true}, port12()[2])
	s := open(t, testws.Script(t, steps, nil), nil)
	ctx := context.Background()
	if err := s.w.RunBatch(ctx, 12); err == nil {
		t.Fatal("a batch whose writes were denied did not fail")
	}
	br := latest(t, s.w, 12)
	trs, err := s.w.DB.Transitions(ctx, br.ID)
	if err != nil {
		t.Fatal(err)
	}
	var denied []string
	for _, tr := range trs {
		if d, ok := strings.CutPrefix(tr.Detail, port.DetailDenied); ok {
			denied = append(denied, d)
		}
	}
	if len(denied) != 1 || !strings.HasPrefix(denied[0], "Edit ") || !strings.Contains(denied[0], "NatsServer.cs") {
		t.Errorf("denied tool uses in the ledger = %q, want the one Edit of NatsServer.cs", denied)
	}
}

func TestTheLiveViewGetsARunningCostBeforeTheAgentReportsOne(t *testing.T) {
	s := open(t, testws.Script(t, port12(), nil), nil)
	var mu sync.Mutex
	var costs []float64
	s.w.Events = progress.Func(func(e progress.Event) {
		if e.Kind == progress.AgentActivity && e.Stage == port.StageAgent {
			mu.Lock()
			costs = append(costs, e.CostUSD)
			mu.Unlock()
		}
	})
	if err := s.w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	// The stand-in reports its cost only in its result, the last event.
	if len(costs) < 2 || costs[0] <= 0 {
		t.Errorf("agent progress costs = %v, want a cost from the first turn on", costs)
	}
}
