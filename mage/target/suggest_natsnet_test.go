package target_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"portwave/internal/natsnetws"
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
