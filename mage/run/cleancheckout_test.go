package run_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/port"
	"portwave/mage/run"
)

// ported12 is NatsServer.cs as port12 leaves it.
func ported12(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../demo/example", serverCS))
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	for _, step := range port12() {
		if e, ok := step["edit"].(map[string]any); ok {
			src = strings.Replace(src, e["old"].(string), e["new"].(string), 1)
		}
	}
	return src
}

// The gate judges exactly the commit the merge takes: an agent that puts
// its work under a folder git ignores (TestResults/, as a usual .gitignore
// has it) and empties the committed file fails the gate, and main keeps
// its file.
func TestWorkUnderAnIgnoredFolderIsNotWhatTheGateJudges(t *testing.T) {
	const hidden = "dotnet/src/MiniBus/TestResults/NatsServer.cs"
	steps := []map[string]any{
		{"write": map[string]any{"path": hidden, "content": ported12(t)}},
		{"write": map[string]any{"path": serverCS, "content": "// moved\n"}},
	}
	s := open(t, testws.Script(t, steps, nil), map[string]string{"PORTWAVE_ATTEMPTS": "1"})
	if out := gitOut(t, s.ws.Dir, "check-ignore", hidden); out != hidden {
		t.Fatalf("%s is not ignored in the example (%q): the test does not test what it says", hidden, out)
	}
	before := mainHead(t, s.ws)
	err := s.w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageGate {
		t.Fatalf("err = %v, want the gate failed", err)
	}
	if mainHead(t, s.ws) != before {
		t.Error("main moved")
	}
	if data, _ := os.ReadFile(filepath.Join(s.ws.Dir, serverCS)); strings.Contains(string(data), "// moved") {
		t.Error("main received the emptied file")
	}
	br := latest(t, s.w, 12)
	if _, err := os.Stat(filepath.Join(br.Worktree, hidden)); !os.IsNotExist(err) {
		t.Errorf("the ignored file is still in the worktree: %v", err)
	}
	trs, _ := s.w.DB.Transitions(context.Background(), br.ID)
	said := false
	for _, tr := range trs {
		said = said || strings.Contains(tr.Detail, "removed 1 untracked or ignored path(s) before the gate: dotnet/src/MiniBus/TestResults/")
	}
	if !said {
		t.Errorf("the ledger does not say what was removed before the gate: %+v", trs)
	}
}

// A slot is cleaned before it is reused: an ignored file an earlier batch
// left there (an obj/*.targets every later build imports) is gone when the
// next batch gets the slot.
func TestAReusedSlotHoldsNothingAnEarlierBatchLeftIgnored(t *testing.T) {
	s := open(t, testws.Script(t, port12(), nil), nil)
	ctx := context.Background()
	if err := s.w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	slot := latest(t, s.w, 12).Worktree
	planted := filepath.Join(slot, "dotnet/src/MiniBus/obj/Evil.targets")
	os.MkdirAll(filepath.Dir(planted), 0o755)
	if err := os.WriteFile(planted, []byte("<Project><Target Name=\"X\" BeforeTargets=\"Build\"><Exec Command=\"touch pwned\" /></Target></Project>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, []map[string]any{{"text": "nothing to do"}}, nil))
	s.w.RunBatch(ctx, 11)
	if got := latest(t, s.w, 11).Worktree; got != slot {
		t.Fatalf("batch 11 got %s, not the slot batch 12 left (%s): the test does not test what it says", got, slot)
	}
	if _, err := os.Stat(planted); !os.IsNotExist(err) {
		t.Errorf("the earlier batch's ignored file is still in the reused slot: %v", err)
	}
}

// A merge that takes away what main had implemented (here another
// batch's verified member, stubbed again in a file the scope lets the
// batch change) fails the batch at the audit, naming the regression; main
// keeps the merge, and a retry fixes forward: the agent is told what to
// restore, and its fix passes the gate and reaches main.
func TestARegressionTheAuditFindsAfterTheMergeFailsTheBatchAndARetryFixesIt(t *testing.T) {
	const statsCS = "dotnet/src/MiniBus/NatsServer.Stats.cs"
	recordIn := "internal void RecordIn(int n)\n        {\n            Interlocked.Increment(ref _inMsgs);\n            Interlocked.Add(ref _inBytes, n);\n        }"
	stubbed := "internal void RecordIn(int n)" + stub
	edit := func(old, new string) map[string]any {
		return map[string]any{"edit": map[string]any{"path": statsCS, "old": old, "new": new}}
	}
	steps := append(port12(), edit(recordIn, stubbed))
	s := open(t, testws.Script(t, steps, []map[string]any{edit(stubbed, recordIn)}), map[string]string{"PORTWAVE_SCOPE": "csharp"})
	ctx := context.Background()
	if st := status(t, s.w, 21); st != port.Verified {
		t.Fatalf("feature 21 (recordIn) is %s before the batch: the test does not test what it says", st)
	}
	before := mainHead(t, s.ws)
	err := s.w.RunBatch(ctx, 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageAudit || be.State != port.StateFailed || !strings.Contains(err.Error(), "21 Server.recordIn") {
		t.Fatalf("err = %v, want the batch failed at the audit naming feature 21", err)
	}
	br := latest(t, s.w, 12)
	if br.MergedCommit == "" || mainHead(t, s.ws) == before || !strings.Contains(br.Feedback, "21 Server.recordIn") {
		t.Fatalf("ledger: merged %q, feedback %q; main at %s (before %s)", br.MergedCommit, br.Feedback, mainHead(t, s.ws), before)
	}
	if st := status(t, s.w, 21); st == port.Verified {
		t.Error("feature 21 is still verified on a main where it is a stub")
	}
	// mage retry 12: the agent restores RecordIn on a new branch from main.
	if err := s.w.RunBatch(ctx, 12); err != nil {
		t.Fatalf("the retry: %v", err)
	}
	if br := latest(t, s.w, 12); br.State != port.StateDone || br.Attempt != 2 {
		t.Errorf("the retry ended %s, attempt %d", br.State, br.Attempt)
	}
	if st := status(t, s.w, 21); st != port.Verified {
		t.Errorf("feature 21 is %s after the retry", st)
	}
	if data, _ := os.ReadFile(filepath.Join(s.ws.Dir, statsCS)); !strings.Contains(string(data), recordIn) {
		t.Errorf("main's %s does not hold RecordIn again", statsCS)
	}
}
