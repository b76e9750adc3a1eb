package command_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"portwave/internal/gotree"
)

// Across the whole NatsNet tracker, 58 C# members are what several
// features map to; parameter counts tell 30 of them apart. Validate counts
// them (mage -v validate lists each with the Go signatures) and prints
// db:map lines for the others; applied, they leave only the 30 overloads,
// and the plan's two collisions are gone with the rest.
func TestValidateReportsEveryCSharpMemberSharedAcrossTheTrackerAndTheMapThatEndsIt(t *testing.T) {
	e, _ := natsnet(t, env{"PORTWAVE_GO_ROOT": gotree.Tree(t, false)})
	s, out, log := session(t, e)
	ctx := context.Background()
	if err := s.Validate(ctx); err == nil || !strings.Contains(err.Error(), "2 features map to NatsServer.EventsEnabled") {
		t.Fatalf("validate: %v; want the plan's collision on NatsServer.EventsEnabled", err)
	}
	want := "58 C# members are each what several features of the tracker map to (117 features), and the audit credits a member to one feature: 30 told apart by their numbers of parameters (C# overloads), 28 not"
	if !strings.Contains(log.String(), want) {
		t.Fatalf("validate does not say %q:\n%s", want, log)
	}
	tsv := regexp.MustCompile(`(?m)^id\tdotnet_member\n(?:(?:#.*|\d+\t\w+)\n)*`).FindString(out.String())
	if rows := regexp.MustCompile(`(?m)^\d+\t\w+$`).FindAllString(tsv, -1); len(rows) != 28 {
		t.Errorf("%d db:map lines, want one for each of the 28 members parameter counts do not tell apart:\n%s", len(rows), tsv)
	}
	for _, want := range []string{"# NatsServer.EventsEnabled stays 877's\n878\tEventsEnabledCore", "2230\tHealthzCore", "610\tIsLeaderCore", "3675\tCopyBytesStree"} {
		if !strings.Contains(tsv, want+"\n") {
			t.Errorf("the db:map lines lack %q:\n%s", want, tsv)
		}
	}

	e["MAGEFILE_VERBOSE"] = "1"
	s, _, log = session(t, e)
	s.Validate(ctx)
	for _, want := range []string{
		"SubjectTree.Match: 3662 func (x *SubjectTree) Match(p0, p1 int) at server/stree/stree.go:",
		"(complete); 3667 func (x *SubjectTree) match(p0, p1, p2, p3 int) at server/stree/stree.go:",
		"(verified): told apart by their parameters (2, 4)",
		"Consumer.IsLeader: 609 func (x *consumer) IsLeader() at server/consumer.go:",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("mage -v validate does not say %q", want)
		}
	}

	// The suggested lines, applied, leave the overloads only.
	file := filepath.Join(t.TempDir(), "map.tsv")
	os.WriteFile(file, []byte(tsv), 0o644)
	delete(e, "MAGEFILE_VERBOSE")
	s, out, log = session(t, e)
	if err := s.DBMap(ctx, file); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := s.Validate(ctx); err != nil {
		t.Fatal(err)
	}
	if want := "30 C# members are each what several features of the tracker map to (61 features), and the audit credits a member to one feature: 30 told apart by their numbers of parameters (C# overloads), 0 not; "; !strings.Contains(log.String(), want) {
		t.Errorf("after db:map of the suggested lines, validate does not say %q:\n%s", want, log)
	}
	if strings.Contains(out.String(), "db:map lines") {
		t.Errorf("after db:map of the suggested lines, validate suggests more:\n%s", out)
	}
}
