package run_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/prompt"
	"portwave/mage/run"
	"portwave/scripts"
)

const serverCS = "dotnet/src/MiniBus/NatsServer.cs"

const stub = "\n        {\n            throw new NotImplementedException();\n        }"

// port12 are the edits that port batch 12 (Server Lifecycle).
func port12() []map[string]any {
	edit := func(sig, body string) map[string]any {
		return map[string]any{"edit": map[string]any{"path": serverCS, "old": sig + stub, "new": sig + "\n        {\n" + body + "\n        }"}}
	}
	return []map[string]any{
		{"read": map[string]any{"path": serverCS}},
		edit("internal ClientConnection Connect(string name)", "            lock (_mu) { var c = new ClientConnection(this, ++_nextId, name); _clients[c.Id] = c; return c; }"),
		edit("internal void RemoveSubscription(Subscription sub)", "            lock (_mu) { _subs.Remove(sub); }"),
		edit("internal void RemoveClient(ClientConnection c)", "            lock (_mu) { _clients.Remove(c.Id); _subs.RemoveAll(s => s.Client == c); }"),
		edit("public void Shutdown()", "            List<ClientConnection> all; lock (_mu) { if (_closed) return; _closed = true; all = new(_clients.Values); } foreach (var c in all) c.Close();"),
		{"usage": map[string]any{"input_tokens": 1000, "output_tokens": 200, "cost_usd": 0.05}},
	}
}

type setup struct {
	ws *testws.Workspace
	w  *run.Orchestrator
}

// open builds a workspace and opens it for a run with the claude stand-in
// playing script.
func open(t *testing.T, script string, overrides map[string]string) *setup {
	t.Helper()
	ws := testws.New(t, overrides)
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", script)
	return &setup{ws: ws, w: reopen(t, ws)}
}

func reopen(t *testing.T, ws *testws.Workspace) *run.Orchestrator {
	t.Helper()
	w := reopenB(t, ws)
	t.Cleanup(func() { w.Close() })
	return w
}

func reopenB(t testing.TB, ws *testws.Workspace) *run.Orchestrator {
	t.Helper()
	p, err := plan.LoadBatches(ws.Config.Batches)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := prompt.Parse(scripts.PromptName, scripts.Prompt)
	if err != nil {
		t.Fatal(err)
	}
	a := agent.NewClaude(agent.ClaudeOptions{Binary: "claude", MaxTurns: 20, PermissionMode: "dontAsk"})
	w, err := run.Open(context.Background(), ws.Config, run.Options{Command: t.Name(), Plan: p, Agent: a, Template: tmpl})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func latest(t *testing.T, w *run.Orchestrator, batch int) port.BatchRun {
	t.Helper()
	runs, err := w.DB.BatchRuns(context.Background(), batch)
	if err != nil || len(runs) == 0 {
		t.Fatalf("no ledger rows for batch %d: %v", batch, err)
	}
	return runs[len(runs)-1]
}

func mainHead(t *testing.T, ws *testws.Workspace) string {
	t.Helper()
	h, err := gitx.Repo{Dir: ws.Dir}.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func status(t *testing.T, w *run.Orchestrator, id int) port.Status {
	t.Helper()
	items, _, err := w.Features(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return items[id].Status
}

func TestABatchRunsFromWorktreeToAuditedMerge(t *testing.T) {
	s := open(t, testws.Script(t, port12(), nil), nil)
	ctx := context.Background()
	before := mainHead(t, s.ws)
	if err := s.w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	br := latest(t, s.w, 12)
	if br.State != port.StateDone || br.Stage != port.StageDone || br.Turns == 0 || br.CostUSD == 0 || br.MergedCommit == "" {
		t.Errorf("ledger = %+v", br)
	}
	for _, id := range []int{12, 14, 16, 19} {
		if got := status(t, s.w, id); got != port.Verified {
			t.Errorf("feature %d is %s, want verified", id, got)
		}
	}
	log, _ := gitx.Repo{Dir: s.ws.Dir}.Run(ctx, "log", "--format=%s", before+"..HEAD")
	if !strings.Contains(log, "portwave: audit after batch 12: 4 promoted") || !strings.Contains(log, "batch 12 attempt 1: agent changes") {
		t.Errorf("main's new commits:\n%s", log)
	}
	repo := gitx.Repo{Dir: s.ws.Dir}
	if repo.BranchExists(ctx, "port/batch-12") {
		t.Error("the merged branch port/batch-12 is still there")
	}
	if wt, ok, _ := repo.WorktreeAt(ctx, br.Worktree); !ok || wt.Branch != "" {
		t.Errorf("the worktree %s is not a free slot: %+v", br.Worktree, wt)
	}
	// A second run does nothing.
	if err := s.w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if again := latest(t, s.w, 12); again.ID != br.ID {
		t.Errorf("a finished batch ran again: %+v", again)
	}
}

func TestAgentFailuresEndTheBatchAtTheAgentStageWithMainUnchanged(t *testing.T) {
	tests := []struct {
		name   string
		script []map[string]any
		env    map[string]string
		want   string
	}{
		{"agent exits non-zero", []map[string]any{{"exit": 3}}, nil, "exit"},
		{"agent reports is_error", []map[string]any{{"result": map[string]any{"is_error": true, "subtype": "success", "terminal_reason": "api_error"}, "exit": 0}}, nil, "is_error"},
		{"agent writes nothing", []map[string]any{{"text": "I looked around."}}, nil, "wrote nothing"},
		{"agent times out", []map[string]any{{"spawn_child": map[string]any{"pid_file": "CHILD_PID"}}, {"sleep": "30s"}}, map[string]string{"PORTWAVE_AGENT_TIMEOUT": "1s"}, "timed out"},
		{"agent not installed", nil, map[string]string{"PATH": "dotnet-only"}, "not installed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The agent writes its child's pid (in its sandbox) into its
			// worktree, the first slot.
			for _, step := range tt.script {
				if sc, ok := step["spawn_child"].(map[string]any); ok {
					sc["pid_file"] = "child.pid"
				}
			}
			s := open(t, testws.Script(t, tt.script, nil), tt.env)
			if _, ok := tt.env["PATH"]; ok {
				only := t.TempDir() // git and dotnet stay, the agent goes
				os.Symlink(filepath.Join(testws.StandIns(t), "dotnet"), filepath.Join(only, "dotnet"))
				t.Setenv("PATH", only+":/usr/bin:/bin")
			}
			before := mainHead(t, s.ws)
			pidFile := filepath.Join(s.ws.Config.Worktrees, "slot-1", "child.pid")
			err := s.w.RunBatch(context.Background(), 12)
			var be *run.BatchError
			if !errors.As(err, &be) || be.Stage != port.StageAgent || be.State != port.StateFailed {
				t.Fatalf("err = %v, want a batch failed at the agent stage", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
			br := latest(t, s.w, 12)
			if br.State != port.StateFailed || br.Error == "" {
				t.Errorf("ledger = %+v", br)
			}
			if mainHead(t, s.ws) != before {
				t.Error("main moved although the batch failed")
			}
			if data, err := os.ReadFile(pidFile); err == nil {
				pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
				if host := testws.HostPID(pid, s.ws.Config.Worktrees); host != 0 {
					t.Errorf("the agent's child %d outlived the timeout", host)
				}
			} else if tt.name == "agent times out" {
				t.Errorf("the agent never started its child: %v", err)
			}
		})
	}
}

func TestTheAgentsChangesToPortingDBAreDropped(t *testing.T) {
	steps := append([]map[string]any{{"write": map[string]any{"path": "porting.db", "content": "not a database"}}}, port12()...)
	s := open(t, testws.Script(t, steps, nil), nil)
	if err := s.w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	if _, err := portdb.Open(context.Background(), s.ws.Config.DB); err != nil {
		t.Fatalf("porting.db on main is damaged: %v", err)
	}
	trs, _ := s.w.DB.Transitions(context.Background(), latest(t, s.w, 12).ID)
	found := false
	for _, tr := range trs {
		found = found || strings.Contains(tr.Detail, "dropped the agent's changes to porting.db")
	}
	if !found {
		t.Error("the ledger does not report the dropped porting.db change")
	}
}

func TestABuildErrorIsFixedOnTheRetryThatGotTheErrors(t *testing.T) {
	broken := append(port12(), map[string]any{"edit": map[string]any{"path": serverCS,
		"old": "public int NumClients()", "new": "#error half-ported\n        public int NumClients()"}})
	fix := []map[string]any{{"edit": map[string]any{"path": serverCS, "old": "#error half-ported\n", "new": ""}}}
	s := open(t, testws.Script(t, broken, fix), nil)
	if err := s.w.RunBatch(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	runs, _ := s.w.DB.BatchRuns(context.Background(), 12)
	if len(runs) != 2 || runs[0].State != port.StateFailed || !strings.Contains(runs[0].Error, "CS1029") || runs[1].State != port.StateDone {
		t.Fatalf("attempts = %+v", runs)
	}
	log, _ := os.ReadFile(runs[1].LogPath)
	if !strings.Contains(string(log), "NatsServer.cs") {
		t.Errorf("the retry's log does not show the build errors it was given")
	}
}

func TestABuildThatFailsOnEveryAttemptFailsTheBatchAndKeepsTheWorktree(t *testing.T) {
	broken := append(port12(), map[string]any{"write": map[string]any{"path": "dotnet/src/MiniBus/Broken.cs", "content": "#error never fixed\n"}})
	// scope csharp: Broken.cs is not a target; the build is what fails.
	s := open(t, testws.Script(t, broken, []map[string]any{{"text": "I cannot fix it"}}), map[string]string{"PORTWAVE_SCOPE": "csharp"})
	before := mainHead(t, s.ws)
	err := s.w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.State != port.StateFailed {
		t.Fatalf("err = %v", err)
	}
	if runs, _ := s.w.DB.BatchRuns(context.Background(), 12); !strings.Contains(runs[0].Error, "CS1029") {
		t.Errorf("the first attempt did not fail on the build: %q", runs[0].Error)
	}
	br := latest(t, s.w, 12)
	if _, statErr := os.Stat(filepath.Join(br.Worktree, "dotnet/src/MiniBus/Broken.cs")); statErr != nil {
		t.Errorf("the worktree with the agent's work is gone: %v", statErr)
	}
	if mainHead(t, s.ws) != before {
		t.Error("main moved although the gate failed")
	}
}

func writeConfig(t testing.TB, ws *testws.Workspace) string {
	t.Helper()
	var b strings.Builder
	for k, v := range ws.Env {
		fmt.Fprintf(&b, "%s=%s\n", k, v)
	}
	path := filepath.Join(t.TempDir(), "env")
	os.WriteFile(path, []byte(filepath.Join(ws.Dir, "portwave.yaml")+"\n"+b.String()), 0o644)
	return path
}

func loadConfig(path string) (*config.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	env := map[string]string{}
	for _, l := range lines[1:] {
		k, v, _ := strings.Cut(l, "=")
		env[k] = v
	}
	return config.Load(lines[0], func(k string) string { return env[k] })
}

// openChild is a child orchestrator process's start in the kill and flood
// tests: the configuration writeConfig wrote at cfgPath, its plan and the
// prompt template, and the options opt makes for that configuration.
func openChild(ctx context.Context, cfgPath string, opt func(*config.Config) run.Options) (*run.Orchestrator, error) {
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return nil, err
	}
	o := opt(cfg)
	o.Plan, _ = plan.LoadBatches(cfg.Batches)
	o.Template, _ = prompt.Parse(scripts.PromptName, scripts.Prompt)
	return run.Open(ctx, cfg, o)
}
