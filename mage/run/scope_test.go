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

func TestTheScopePolicyDecidesWhichChangedFilesReachMain(t *testing.T) {
	const extraCS = "dotnet/src/MiniBus/Extra.cs"      // in the C# tree, not a target of batch 12
	const outsideTree = "docs/notes-from-the-agent.md" // outside the C# tree
	tests := []struct {
		scope, file string
		pass        bool
		want        string // in the error and the ledger when it fails
	}{
		{"targets", extraCS, false, "outside the batch's targets: " + extraCS},
		{"csharp", extraCS, true, ""},
		{"csharp", outsideTree, false, "outside the C# tree dotnet: " + outsideTree},
		{"targets", outsideTree, false, "outside the C# tree dotnet: " + outsideTree},
		{"any", outsideTree, true, ""},
		// MSBuild runs what a build file says in every later build: a
		// batch ports code and changes one only when its targets name it.
		{"csharp", "dotnet/src/MiniBus/Directory.Build.targets", false, "build file(s) the batch's targets do not name: dotnet/src/MiniBus/Directory.Build.targets"},
	}
	for _, tt := range tests {
		t.Run(tt.scope+" "+filepath.Base(tt.file), func(t *testing.T) {
			steps := append(port12(), map[string]any{"write": map[string]any{"path": tt.file, "content": "namespace MiniBus { internal static class Extra { } }\n"}})
			s := open(t, testws.Script(t, steps, nil), map[string]string{"PORTWAVE_SCOPE": tt.scope, "PORTWAVE_ATTEMPTS": "1"})
			before := mainHead(t, s.ws)
			was, wasErr := os.ReadFile(filepath.Join(s.ws.Dir, tt.file))
			err := s.w.RunBatch(context.Background(), 12)
			onMain := gitOut(t, s.ws.Dir, "log", "--format=%h", before+"..HEAD", "--", tt.file)
			if tt.pass {
				if err != nil {
					t.Fatal(err)
				}
				if onMain == "" {
					t.Errorf("%s did not reach main under scope %s", tt.file, tt.scope)
				}
				return
			}
			var be *run.BatchError
			if !errors.As(err, &be) || be.Stage != port.StageGate || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want the gate failed with %q", err, tt.want)
			}
			if br := latest(t, s.w, 12); br.State != port.StateFailed || !strings.Contains(br.Error, tt.file) {
				t.Errorf("ledger: %s %q", br.State, br.Error)
			}
			if mainHead(t, s.ws) != before || onMain != "" {
				t.Errorf("main moved (%s commits touch %s)", onMain, tt.file)
			}
			if now, err := os.ReadFile(filepath.Join(s.ws.Dir, tt.file)); (err == nil) != (wasErr == nil) || string(now) != string(was) {
				t.Errorf("%s changed in the main checkout", tt.file)
			}
		})
	}
}

func TestTheGateFeedbackNamesTheOutOfScopeFilesForTheRetry(t *testing.T) {
	const extraCS = "dotnet/src/MiniBus/Errors.cs" // not a target of batch 12
	touch := func(old, new string) map[string]any {
		return map[string]any{"edit": map[string]any{"path": extraCS, "old": old, "new": new}}
	}
	steps := append(port12(), touch("using System;", "using System; // tidied"))
	// The retry reverts the file the gate named.
	s := open(t, testws.Script(t, steps, []map[string]any{touch("using System; // tidied", "using System;")}), nil)
	if err := s.w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	runs, _ := s.w.DB.BatchRuns(context.Background(), 12)
	if len(runs) != 2 || !strings.Contains(runs[0].Error, extraCS) || runs[1].State != port.StateDone {
		t.Fatalf("attempts: %+v", runs)
	}
	log, _ := os.ReadFile(runs[1].LogPath)
	if !strings.Contains(string(log), extraCS) {
		t.Error("the retry's prompt did not name the out-of-scope file")
	}
	if got := gitOut(t, s.ws.Dir, "diff", "--stat", runs[0].BaseCommit, "HEAD", "--", extraCS); got != "" {
		t.Errorf("the change to %s reached main: %s", extraCS, got)
	}
}

func TestAPortingDBCommittedInTheBranchNeverReachesMainWhateverTheScope(t *testing.T) {
	ws := testws.New(t, map[string]string{"PORTWAVE_SCOPE": "any"})
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, port12(), nil))
	w := reopen(t, ws)
	w.Mode = run.BranchMode
	ctx := context.Background()
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	// Someone commits a porting.db into the gated branch by hand.
	wt := latest(t, w, 12).Worktree
	os.WriteFile(filepath.Join(wt, "porting.db"), []byte("not the ledger"), 0o644)
	gitOut(t, wt, "commit", "-q", "-am", "an old porting.db")
	head := mainHead(t, ws)
	w.Mode = run.MergeMode
	err := w.RunBatch(ctx, 12)
	var be *run.BatchError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "changes portwave's own porting.db") {
		t.Fatalf("err = %v, want the gate failed on porting.db", err)
	}
	if mainHead(t, ws) != head {
		t.Error("main moved")
	}
	if log := gitOut(t, ws.Dir, "log", "--format=%s", "main", "--", "porting.db"); strings.Contains(log, "an old porting.db") {
		t.Errorf("the branch's porting.db reached main:\n%s", log)
	}
}

// A feature's stub that lives in a file the plan does not list as a
// target is ported where it is: the prompt names that file, and the gate's
// scope (the default, targets) lets it through, because both come from
// the batch's placement.
func TestAFeatureIsPortedInTheFileThatDeclaresItEvenOutsideTheTargets(t *testing.T) {
	const lifecycle = "dotnet/src/MiniBus/NatsServer.Lifecycle.cs"
	ws := testws.New(t, map[string]string{"PORTWAVE_ATTEMPTS": "1"})
	// Shutdown's stub moves to a partial file of its own, as a real port
	// spreads a class over files.
	server := filepath.Join(ws.Dir, serverCS)
	text, _ := os.ReadFile(server)
	const shutdown = "        public void Shutdown()" + stub + "\n"
	moved := strings.Replace(string(text), shutdown, "", 1)
	if moved == string(text) {
		t.Fatal("Shutdown's stub is not in NatsServer.cs")
	}
	os.WriteFile(server, []byte(moved), 0o644)
	os.WriteFile(filepath.Join(ws.Dir, lifecycle), []byte("using System;\nusing System.Collections.Generic;\nusing MiniBus.Client;\n\nnamespace MiniBus\n{\n    public sealed partial class NatsServer\n    {\n"+shutdown+"    }\n}\n"), 0o644)
	gitOut(t, ws.Dir, "add", "-A")
	gitOut(t, ws.Dir, "commit", "-q", "-m", "Shutdown's stub in a file of its own")
	steps := port12()
	steps[4]["edit"].(map[string]any)["path"] = lifecycle
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, steps, nil))
	w := reopen(t, ws)
	before := mainHead(t, ws)
	if err := w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	if got := gitOut(t, ws.Dir, "diff", "--name-only", before, "HEAD", "--", "dotnet"); got != lifecycle+"\n"+serverCS {
		t.Errorf("files the batch brought to main:\n%s", got)
	}
	if text, _ := os.ReadFile(filepath.Join(ws.Dir, lifecycle)); strings.Contains(string(text), "NotImplementedException") {
		t.Errorf("Shutdown is still a stub on main:\n%s", text)
	}
	br := latest(t, w, 12)
	told, _ := os.ReadFile(run.PromptPath(br.LogPath))
	for _, want := range []string{"- NatsServer.Lifecycle.cs (declares the members of feature(s) 19: port them where they are)", "C# file: NatsServer.Lifecycle.cs"} {
		if !strings.Contains(string(told), want) {
			t.Errorf("the prompt lacks %q", want)
		}
	}
	if br.Attempt != 1 {
		t.Errorf("the batch took %d attempts", br.Attempt)
	}
}
