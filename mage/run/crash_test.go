package run_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/prompt"
	"portwave/mage/run"
	"portwave/scripts"
)

// An agent CLI that crashes before it changed anything (no result in its
// stream) is run again within the same attempt; the crash is recorded.
func TestACLICrashThatLeftNoEditsIsRetriedWithinTheAttempt(t *testing.T) {
	ws := testws.New(t, map[string]string{"PORTWAVE_ATTEMPTS": "1", "PORTWAVE_AGENT_RETRY_BACKOFF": "10ms"})
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
	dir := t.TempDir()
	crashy := filepath.Join(dir, "crashy-claude")
	// The first start dies at once, as a CLI that crashed would; later
	// ones are the stand-in.
	// It remembers its crash in its TMPDIR, which the sandbox lets it write.
	os.WriteFile(crashy, []byte("#!/bin/sh\nif [ ! -e \"$TMPDIR/crashed\" ]; then touch \"$TMPDIR/crashed\"; echo 'Segmentation fault' >&2; exit 139; fi\nexec claude \"$@\"\n"), 0o755)
	p, _ := plan.LoadBatches(ws.Config.Batches)
	tmpl, _ := prompt.Parse(scripts.PromptName, scripts.Prompt)
	w, err := run.Open(context.Background(), ws.Config, run.Options{Command: t.Name(), Plan: p, Template: tmpl,
		Agent: agent.NewClaude(agent.ClaudeOptions{Binary: crashy, MaxTurns: 20}), AgentEnv: []string{"TMPDIR=" + t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatalf("the batch: %v", err)
	}
	runs, _ := w.DB.BatchRuns(context.Background(), 12)
	if len(runs) != 1 || runs[0].State != port.StateDone {
		t.Fatalf("ledger rows %+v, want one attempt, done", runs)
	}
	ev := agentEvents(t, w, 12)
	if len(ev[portdb.EventAgentRetry]) != 1 || !strings.Contains(ev[portdb.EventAgentRetry][0], "without a result (exit 139)") {
		t.Errorf("retries recorded: %q", ev[portdb.EventAgentRetry])
	}
}
