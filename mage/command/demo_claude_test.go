package command_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/modelserver"
	"portwave/mage/command"
	"portwave/mage/portdb"
)

// The demo with PORTWAVE_DEMO_AGENT=claude runs the real Claude Code CLI on
// every batch, its model a local script made from the recorded transcripts:
// the same outcome as the replay, batch 13's failed first attempt and
// resumed retry included, with the CLI's own turns and cost in the ledger.
func TestTheDemoDrivesTheRealClaudeCLIAgainstAScriptedModel(t *testing.T) {
	if _, err := modelserver.FindClaude(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must install the Claude Code CLI (%s): %v", modelserver.InstallHint, err)
		}
		t.Skipf("skipping: %v; install it with: %s", err, modelserver.InstallHint)
	}
	t.Chdir(t.TempDir())
	root := t.TempDir()
	e := env{command.DemoDirEnv: root, command.DemoAgentEnv: "claude", "NO_COLOR": "1"}
	var out, log bytes.Buffer
	if err := command.Demo(context.Background(), e.get, &out, &log); err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, out.String(), log.String())
	}
	for _, want := range []string{"4 batches done, 30 of 30 features verified", "failed the gate"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	if want := "nothing leaves 127.0.0.1"; !strings.Contains(log.String(), want) {
		t.Errorf("the demo did not say the real CLI runs against a local model (%q):\n%s", want, log.String())
	}

	db, err := portdb.Open(context.Background(), filepath.Join(root, "workspace", "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs, err := db.BatchRuns(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	attempts := map[int]int{}
	for _, br := range runs {
		attempts[br.Batch]++
		if br.Agent != "claude" || br.Turns <= 0 || br.CostUSD <= 0 || br.SessionID == "" {
			t.Errorf("ledger: batch %d attempt %d ran agent %q, %d turns, $%v, session %q; want claude with turns, a cost and a session",
				br.Batch, br.Attempt, br.Agent, br.Turns, br.CostUSD, br.SessionID)
		}
	}
	if attempts[13] != 2 || len(attempts) != 4 {
		t.Errorf("ledger attempts per batch = %v, want one each for 11, 12 and 14 and two for 13", attempts)
	}
}
