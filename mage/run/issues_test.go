package run_test

import (
	"context"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/portdb"
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
		if d, ok := strings.CutPrefix(tr.Detail, portdb.DetailDenied); ok {
			denied = append(denied, d)
		}
	}
	if len(denied) != 1 || !strings.HasPrefix(denied[0], "Edit ") || !strings.Contains(denied[0], "NatsServer.cs") {
		t.Errorf("denied tool uses in the ledger = %q, want the one Edit of NatsServer.cs", denied)
	}
}
