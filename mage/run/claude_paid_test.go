package run_test

import (
	"context"
	"strings"
	"testing"

	"portwave/internal/modelserver"
	"portwave/internal/testws"
	"portwave/mage/gitx"
	"portwave/mage/port"
)

// When the agent finished but committing its work failed (no git identity),
// the rerun commits and gates that work: the model is not asked again and
// the ledger's cost stays what the one agent run cost.
func TestAFailedCommitAfterAFinishedAgentIsResumedWithoutRunningTheAgentAgain(t *testing.T) {
	rig := newClaudeRig(t, nil, modelserver.Route{Script: modelserver.Script{Turns: port12Turns()}})
	ctx := context.Background()
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		t.Setenv(k, "") // git refuses an empty name
	}
	w := rig.open(t)
	err := w.RunBatch(ctx, 12)
	if err == nil || !strings.Contains(err.Error(), "ident") {
		t.Fatalf("err = %v, want the commit refused for want of an identity", err)
	}
	asked := len(rig.srv.Requests())
	spent, _ := w.DB.PlanCost(ctx)
	if asked == 0 || spent <= 0 {
		t.Fatalf("the agent did not run: %d requests, $%v", asked, spent)
	}
	w.Close()

	t.Setenv("GIT_AUTHOR_NAME", "t")
	t.Setenv("GIT_COMMITTER_NAME", "t")
	w = rig.open(t)
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatalf("the rerun: %v", err)
	}
	if n := len(rig.srv.Requests()); n != asked {
		t.Errorf("the rerun asked the model %d more times", n-asked)
	}
	if now, _ := w.DB.PlanCost(ctx); now != spent {
		t.Errorf("the ledger's cost went from $%v to $%v", spent, now)
	}
	runs, _ := w.DB.BatchRuns(ctx, 12)
	if last := runs[len(runs)-1]; last.State != port.StateDone || last.Attempt != 1 {
		t.Errorf("the rerun ended %s as attempt %d, want done as attempt 1", last.State, last.Attempt)
	}
	if st := status(t, w, 19); st != port.Verified {
		t.Errorf("feature 19 is %s", st)
	}
	log, _ := gitx.Repo{Dir: rig.ws.Dir}.Run(ctx, "stash", "list")
	if log != "" {
		t.Errorf("the finished work was stashed: %s", log)
	}
}

// The same after the gate's own machinery failed (the build tool is not
// there): the rerun gates the finished work without paying the agent again.
func TestAGateThatCouldNotRunIsResumedWithoutRunningTheAgentAgain(t *testing.T) {
	rig := newClaudeRig(t, nil, modelserver.Route{Script: modelserver.Script{Turns: port12Turns()}})
	ctx := context.Background()
	build := rig.ws.Config.Build
	rig.ws.Config.Build = "portwave-no-such-build-tool"
	w := rig.open(t)
	if err := w.RunBatch(ctx, 12); err == nil || !strings.Contains(err.Error(), "portwave-no-such-build-tool") {
		t.Fatalf("err = %v, want the gate unable to run the build", err)
	}
	asked := len(rig.srv.Requests())
	spent, _ := w.DB.PlanCost(ctx)
	w.Close()

	rig.ws.Config.Build = build
	w = rig.open(t)
	if err := w.RunBatch(ctx, 12); err != nil {
		t.Fatalf("the rerun: %v", err)
	}
	if n := len(rig.srv.Requests()); n != asked {
		t.Errorf("the rerun asked the model %d more times", n-asked)
	}
	if now, _ := w.DB.PlanCost(ctx); now != spent {
		t.Errorf("the ledger's cost went from $%v to $%v", spent, now)
	}
	if st := status(t, w, 19); st != port.Verified {
		t.Errorf("feature 19 is %s", st)
	}
}

// A finished agent's mark does not outlive its attempt: when a forced
// rerun's agent fails, the next run runs the agent again rather than
// gating work that is not there.
func TestAFailedAgentAfterAFinishedOneIsRunAgain(t *testing.T) {
	s := open(t, testws.Script(t, port12(), nil), map[string]string{"PORTWAVE_AGENT_RETRIES": "0"})
	ctx := context.Background()
	if err := s.w.RunBatch(ctx, 12); err != nil {
		t.Fatal(err)
	}
	s.w.Config.Force = true
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, []map[string]any{{"exit": 1}}, nil))
	if err := s.w.RunBatch(ctx, 12); err == nil {
		t.Fatal("the crashing agent passed")
	}
	if br := latest(t, s.w, 12); br.AgentDone || br.Stage != port.StageAgent {
		t.Fatalf("the failed agent left %s, agent_done %v", br.Stage, br.AgentDone)
	}
	s.w.Config.Force = false
	t.Setenv("PORTWAVE_STANDIN_SCRIPT", testws.Script(t, []map[string]any{{"text": "nothing left to port"}}, nil))
	err := s.w.RunBatch(ctx, 12)
	if br := latest(t, s.w, 12); br.Turns == 0 {
		t.Errorf("the next run did not run the agent: %v, %+v", err, br)
	}
}
