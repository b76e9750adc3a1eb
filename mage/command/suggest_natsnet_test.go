package command_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"portwave/internal/gotree"
	"portwave/internal/natsnetws"
	"portwave/mage/plan"
)

// plan:suggest on NatsNet, written with PORTWAVE_WRITE=1: validate then
// warns about no call the dependencies do not order, a second plan:suggest
// proposes nothing, and the makespans the first printed for its proposal
// are those the second measures on the written plan.
func TestPlanSuggestOnNatsNetWritesAPlanThatValidatesWithoutCrossingsAndConverges(t *testing.T) {
	ws := natsnetws.New(t, natsnetws.Options{})
	ctx := context.Background()
	e := env{"PORTWAVE_CONFIG": ws.Config, "PORTWAVE_WRITE": "1"}
	s, out, _ := session(t, e)
	if err := s.PlanSuggest(ctx); err != nil {
		t.Fatal(err)
	}
	first := out.String()
	if !strings.Contains(first, "Wrote the batch files to batches") {
		t.Fatalf("plan:suggest did not write its proposal:\n%s", first)
	}
	s, _, log := session(t, env{"PORTWAVE_CONFIG": ws.Config})
	if err := s.Validate(ctx); err != nil {
		t.Fatalf("the written plan does not validate: %v", err)
	}
	if strings.Contains(log.String(), " calls into ") || strings.Contains(log.String(), " call into ") {
		t.Errorf("validate still warns about calls after plan:suggest:\n%s", log)
	}
	s, out, _ = session(t, env{"PORTWAVE_CONFIG": ws.Config})
	if err := s.PlanSuggest(ctx); err != nil {
		t.Fatal(err)
	}
	second := out.String()
	if !strings.Contains(second, "Nothing to change") || !strings.HasPrefix(second, "0 calls") {
		t.Errorf("plan:suggest on its own proposal proposes more:\n%s", second)
	}
	makespans := regexp.MustCompile(`(?m)^  (\d)\s+(\d+)\s+(\d+)$`)
	proposed, measured := makespans.FindAllStringSubmatch(first, -1), makespans.FindAllStringSubmatch(second, -1)
	if len(proposed) != 3 || len(measured) != 3 {
		t.Fatalf("makespan tables:\n%s\n%s", first, second)
	}
	for i := range proposed {
		if proposed[i][3] != measured[i][2] || measured[i][2] != measured[i][3] {
			t.Errorf("at %s agents the proposal promised %s, the written plan takes %s (suggested %s)", proposed[i][1], proposed[i][3], measured[i][2], measured[i][3])
		}
	}
	t.Logf("%s", first)
}

// plan:split on NatsNet splits along the calls, whatever file holds the
// features: written, no recorded call between batch 42's pending features
// goes from one sub-batch to another. It counts what is pending (batch 47
// lists 152 features, 139 of them pending) and names a file whose
// features call nothing else of their batch (MqttJsa.cs in 47).
func TestPlanSplitOnNatsNetFollowsTheCallsAndSaysWhatItCounts(t *testing.T) {
	ws := natsnetws.New(t, natsnetws.Options{})
	ctx := context.Background()
	s, out, _ := session(t, env{"PORTWAVE_CONFIG": ws.Config})
	if err := s.PlanSplit(ctx, 47); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Batch 47 (MQTT Full Runtime): 152 features listed, 139 pending, over 8 target files.",
		"the 22 features of Mqtt/MqttJsa.cs call nothing else of the batch: a batch of their own could run first"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan:split 47 does not say %q:\n%s", want, out)
		}
	}

	s, out, _ = session(t, env{"PORTWAVE_CONFIG": ws.Config, "PORTWAVE_WRITE": "1"})
	if err := s.PlanSplit(ctx, 42); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Proposed: 3 sub-batches") || !strings.Contains(out.String(), "Wrote the batch files") {
		t.Fatalf("plan:split 42:\n%s", out)
	}
	p, err := plan.LoadBatches(filepath.Join(ws.Dir, "batches"))
	if err != nil {
		t.Fatal(err)
	}
	partOf := map[int]int{}
	for _, b := range p.Batches {
		if strings.HasPrefix(b.Name, "Foundation Helpers (") {
			for _, id := range b.AllIDs() {
				partOf[id] = b.ID
			}
		}
	}
	if len(partOf) != 55 {
		t.Fatalf("the parts of batch 42 list %d features, want its 55", len(partOf))
	}
	crossing := 0
	for _, c := range gotree.Load(t).Calls {
		if a, ok := partOf[c.From]; ok {
			if b, ok := partOf[c.To]; ok && a != b {
				crossing++
			}
		}
	}
	if crossing > 0 {
		t.Errorf("%d calls go from one part of batch 42 to another", crossing)
	}
	s, _, _ = session(t, env{"PORTWAVE_CONFIG": ws.Config})
	if err := s.Validate(ctx); err != nil {
		t.Errorf("the split plan does not validate: %v", err)
	}
}
