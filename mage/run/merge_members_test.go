package run_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/port"
	"portwave/mage/run"
)

// classEnd is where NatsServer.cs's class closes, inside its namespace:
// an agent that appends writes its members before it.
const classEnd = "\n    }\n}\n"

// appending ports each member of sigs as an agent that appends does: the
// stub is removed with its doc comment and blank line, and the
// implementation, doc comment and all, is written before the class's
// closing brace. It returns the edits on src, in order, and src after them.
func appending(t *testing.T, src string, sigs map[string]string, order []string) ([]map[string]any, string) {
	t.Helper()
	var edits []map[string]any
	for _, sig := range order {
		at := strings.Index(src, sig+stub)
		if at < 0 {
			t.Fatalf("no stub %q", sig)
		}
		start := strings.LastIndex(src[:at], "\n\n") + 2 // the doc comment's first line
		end := at + len(sig+stub) + 1                    // the newline after the member
		old := src[start:end] + "\n"                     // and the blank line after it
		impl := strings.Replace(src[start:end], stub, "\n        {\n"+sigs[sig]+"\n        }", 1)
		edits = append(edits,
			map[string]any{"edit": map[string]any{"path": serverCS, "old": old, "new": ""}},
			map[string]any{"edit": map[string]any{"path": serverCS, "old": classEnd, "new": "\n\n" + strings.TrimSuffix(impl, "\n") + classEnd}})
		src = strings.Replace(src, old, "", 1)
		src = strings.Replace(src, classEnd, "\n\n"+strings.TrimSuffix(impl, "\n")+classEnd, 1)
	}
	return edits, src
}

// port12Appending is port12 by an agent that appends its members.
func port12Appending(t *testing.T, src string) []map[string]any {
	t.Helper()
	edits, _ := appending(t, src, map[string]string{
		"internal ClientConnection Connect(string name)":     "            lock (_mu) { var c = new ClientConnection(this, ++_lastCid, name); _clients[c.Id] = c; return c; }",
		"internal void RemoveSubscription(Subscription sub)": "            lock (_mu) { _subs.Remove(sub); }",
		"internal void RemoveClient(ClientConnection c)":     "            lock (_mu) { _clients.Remove(c.Id); _subs.RemoveWhere(s => s.Client == c); }",
		"public void Shutdown()":                             "            List<ClientConnection> all; lock (_mu) { if (_closed) return; _closed = true; all = new(_clients.Values); } foreach (var c in all) c.Close();",
	}, []string{"internal ClientConnection Connect(string name)", "internal void RemoveSubscription(Subscription sub)", "internal void RemoveClient(ClientConnection c)", "public void Shutdown()"})
	return append([]map[string]any{{"read": map[string]any{"path": serverCS}}}, edits...)
}

// appendedOnBothSides takes batch 12 through its gate on a branch, its
// agent appending its four members to NatsServer, then appends Route to
// the same class on main, as another batch of the wave would. Merging
// main into the branch is left to RunBatch in merge mode.
func appendedOnBothSides(t *testing.T, overrides map[string]string) (*testws.Workspace, *run.Orchestrator) {
	t.Helper()
	ws := testws.New(t, overrides)
	path := filepath.Join(ws.Dir, serverCS)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12Appending(t, string(data)), nil))
	w := reopen(t, ws)
	ctx := context.Background()
	w.Mode = run.BranchMode
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	_, routed := appending(t, string(data), map[string]string{
		"internal int Route(string subject, byte[] data)": "            return 0;",
	}, []string{"internal int Route(string subject, byte[] data)"})
	os.WriteFile(path, []byte(routed), 0o644)
	if _, err := (gitx.Repo{Dir: ws.Dir}).CommitAll(ctx, "port Route, appended"); err != nil {
		t.Fatal(err)
	}
	w.Mode = run.MergeMode
	return ws, w
}

func TestBatchesThatAppendedMembersToOneClassMergeByMembersThroughTheGate(t *testing.T) {
	ws, w := appendedOnBothSides(t, nil)
	ctx := context.Background()
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	br := latest(t, w, 12)
	if br.State != port.StateDone || br.MergedCommit == "" {
		t.Fatalf("ledger: %s %q", br.State, br.MergedCommit)
	}
	data, _ := os.ReadFile(filepath.Join(ws.Dir, serverCS))
	src := string(data)
	for _, want := range []string{"_clients[c.Id] = c; return c;", "_subs.Remove(sub);", "_subs.RemoveWhere(s => s.Client == c);", "foreach (var c in all) c.Close();", "return 0;"} {
		if strings.Count(src, want) != 1 {
			t.Errorf("main's %s holds %q %d times:\n%s", serverCS, want, strings.Count(src, want), src)
		}
	}
	if strings.Contains(src, "NotImplementedException") || len(gitx.ConflictMarkers(data)) > 0 {
		t.Errorf("main's %s:\n%s", serverCS, src)
	}
	// The ledger says what was merged by members, and the gate judged the
	// merge commit before main moved.
	trs, _ := w.DB.Transitions(ctx, br.ID)
	var merged, gated bool
	for _, tr := range trs {
		merged = merged || tr.Detail == serverCS+" merged by members: the batch's NatsServer.Connect, NatsServer.RemoveSubscription, NatsServer.RemoveClient, NatsServer.Shutdown; main's NatsServer.Route"
		gated = gated || merged && strings.Contains(tr.Detail, "gate passed on")
	}
	if !merged || !gated {
		var details []string
		for _, tr := range trs {
			details = append(details, tr.Detail)
		}
		t.Errorf("merged by members recorded: %v, gated after it: %v; transitions:\n%s", merged, gated, strings.Join(details, "\n"))
	}
	for _, id := range []int{12, 14, 16, 19} {
		if st := status(t, w, id); st != port.Verified {
			t.Errorf("feature %d is %s", id, st)
		}
	}
	if st := gitOut(t, br.Worktree, "status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Errorf("the worktree is not clean: %s", st)
	}
}

// With git's line merge alone, the same two sides conflict: what the
// merge by members settles above is a real conflict to git.
func TestWithGitsLineMergeAloneAppendedMembersConflict(t *testing.T) {
	_, w := appendedOnBothSides(t, map[string]string{"PORTWAVE_MERGE_DRIVER": config.MergeDriverGit})
	var be *run.BatchError
	if err := w.RunBatch(context.Background(), 12); !errors.As(err, &be) || be.State != port.StateConflict {
		t.Fatalf("err = %v, want a conflict", err)
	}
}

// Two batches that changed one member still stop at the conflict, the
// merge driver in force: it says why it could not merge by members.
func TestBatchesThatChangedOneMemberStillStopAtTheConflict(t *testing.T) {
	ws := testws.New(t, nil)
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
	w := reopen(t, ws)
	gatedWithMainMoved(t, ws, w)
	w.Config.Conflict = config.ConflictStop
	before := mainHead(t, ws)
	err := w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.State != port.StateConflict {
		t.Fatalf("err = %v, want a conflict", err)
	}
	reason := "not merged by members: " + serverCS + ": both sides changed NatsServer.Shutdown"
	if br := latest(t, w, 12); br.State != port.StateConflict || !strings.Contains(br.Error, reason) {
		t.Errorf("ledger: %s %q, want the reason %q", br.State, br.Error, reason)
	}
	if mainHead(t, ws) != before {
		t.Error("main moved")
	}
}

// With conflict: agent, the same conflict is the agent's to resolve, and
// its resolution is gated before it reaches main.
func TestBatchesThatChangedOneMemberAreResolvedByTheAgentAndGated(t *testing.T) {
	ws, w := replayResolves(t, resolvingEdits())
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	resolvedOnMain(t, ws, w)
	runs, _ := w.DB.BatchRuns(context.Background(), 12)
	if prev := runs[len(runs)-2]; !strings.Contains(prev.Error, "both sides changed NatsServer.Shutdown") {
		t.Errorf("the conflict's row: %q, want the merge driver's reason", prev.Error)
	}
}
