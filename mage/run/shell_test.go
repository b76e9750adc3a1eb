package run_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/modelserver"
	"portwave/mage/agent"
	"portwave/mage/portdb"
)

// The agent's shell is the build and test commands exactly: with the real
// CLI in the permission mode portwave uses, a command that writes
// (sed -i, touch, cp, mv, mkdir), the build with an argument added, and
// the build with a second command after a newline are refused, and the
// batch's own edits go through.
func TestTheAgentRunsNoShellCommandButTheExactBuildAndTest(t *testing.T) {
	attempts := []string{
		"sed -i 's/deferred/verified/' porting.db",
		"touch dotnet/src/MiniBus/Touched.cs",
		"cp dotnet/src/MiniBus/NatsServer.cs dotnet/src/MiniBus/Copied.cs",
		"mv dotnet/src/MiniBus/Errors.cs dotnet/src/MiniBus/Moved.cs",
		"mkdir dotnet/src/MiniBus/Made",
		"dotnet build dotnet/ -p:CustomBeforeMicrosoftCommonTargets=/tmp/evil.targets",
		"dotnet build dotnet/\ntouch dotnet/src/MiniBus/AfterNewline.cs",
	}
	var turns []modelserver.Turn
	for _, c := range attempts {
		turns = append(turns, modelserver.Turn{ToolUse: &modelserver.ToolUse{Name: "Bash", Input: map[string]any{"command": c, "description": "try"}}})
	}
	turns = append(turns, modelserver.Turn{ToolUse: &modelserver.ToolUse{Name: "Bash", Input: map[string]any{"command": "dotnet build dotnet/", "description": "build"}}})
	turns = append(turns, readThenEdit()...)
	ws, w, srv := realClaudeWith(t, agent.ClaudeOptions{MaxTurns: 40, Commands: []string{"dotnet build dotnet/", "dotnet test dotnet/"}},
		modelserver.Route{Script: modelserver.Script{Turns: turns}})
	w.Config.Attempts = 1
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatalf("the batch: %v", err)
	}
	br := latest(t, w, 12)
	wt := br.Worktree
	for _, f := range []string{"Touched.cs", "Copied.cs", "Moved.cs", "Made", "AfterNewline.cs"} {
		for _, dir := range []string{wt, ws.Dir} {
			if _, err := os.Stat(filepath.Join(dir, "dotnet/src/MiniBus", f)); err == nil {
				t.Errorf("%s exists in %s: a refused command ran", f, dir)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(ws.Dir, "dotnet/src/MiniBus/Errors.cs")); err != nil {
		t.Errorf("Errors.cs was moved away: %v", err)
	}
	denied := strings.Join(agentEvents(t, w, 12)[portdb.EventDenial], "\n")
	for _, c := range attempts {
		if first := strings.SplitN(c, "\n", 2)[0]; !strings.Contains(denied, first) {
			t.Errorf("no denial recorded for %q; denials:\n%s", c, denied)
		}
	}
	if n := len(agentEvents(t, w, 12)[portdb.EventDenial]); n != len(attempts) {
		t.Errorf("%d denials recorded, want one for each of the %d refused commands:\n%s", n, len(attempts), denied)
	}
	// The exact build ran: the model got its output back.
	ran := false
	for _, r := range srv.Requests() {
		for _, tr := range r.ToolResults {
			ran = ran || (!tr.IsError && strings.Contains(tr.Content, "Build succeeded"))
		}
	}
	if !ran {
		t.Error("the exact build command did not run")
	}
}
