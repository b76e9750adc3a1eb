package target

import (
	"context"
	"fmt"

	"portwave/mage/agent"
	"portwave/mage/audit"
	"portwave/mage/portdb"
	"portwave/mage/preflight"
	"portwave/mage/progress"
	"portwave/mage/prompt"
	"portwave/mage/run"
	"portwave/mage/schedule"
	"portwave/scripts"
)

// template loads the prompt template: the configured file, or the one
// embedded from scripts/prompt.tmpl.
func (s *Session) template() (*prompt.Template, error) {
	if s.Config.PromptTemplate != "" {
		return prompt.Load(s.Config.PromptTemplate)
	}
	return prompt.Parse(scripts.PromptName, scripts.Prompt)
}

// agent builds the configured agent adapter.
func (s *Session) agent() (agent.Agent, error) {
	c := s.Config
	return agent.New(c.Agent, agent.Options{
		Claude: agent.ClaudeOptions{Binary: s.override.claudeBin, Model: c.Model, PermissionMode: c.PermissionMode,
			MaxTurns: c.MaxTurns, AllowedTools: c.AllowedTools, MaxBudgetUSD: c.MaxBudgetUSD},
		Codex:   agent.CodexOptions{Binary: "codex", Model: c.Model},
		Command: agent.CommandOptions{Template: c.AgentCommand},
		Replay:  agent.ReplayOptions{Dir: c.Transcripts, Delay: agent.DefaultReplayDelay},
	})
}

// openWorkspace loads and validates the plan, checks the agent and git,
// and takes the workspace for a run.
func (s *Session) openWorkspace(ctx context.Context, command string, sink progress.Sink) (*run.Workspace, error) {
	mode, err := s.mode()
	if err != nil {
		return nil, err
	}
	st, err := s.readPlan(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.agent()
	if err != nil {
		return nil, err
	}
	// Every check before any agent starts: a bad setup costs nothing.
	if err := preflight.Run(ctx, preflight.Options{Config: s.Config, Agent: a}); err != nil {
		return nil, err
	}
	tmpl, err := s.template()
	if err != nil {
		return nil, err
	}
	return run.Open(ctx, s.Config, run.Options{Command: command, Plan: st.Plan, Agent: a, Template: tmpl, Events: sink, Mode: mode, AgentEnv: s.override.env})
}

// BatchRun runs one batch end to end: worktree, agent, gate, merge, audit.
func (s *Session) BatchRun(ctx context.Context, id int) error {
	if err := s.checkBatch(ctx, id); err != nil {
		return err
	}
	return s.runOne(ctx, id, fmt.Sprintf("batch:run %d", id))
}

// runOne runs batch id as command, the name the runs table records.
func (s *Session) runOne(ctx context.Context, id int, command string) error {
	// SIGTERM, SIGHUP and SIGINT cancel the run (batch:run and retry): its
	// agents are killed as process groups and their batches recorded as
	// interrupted, instead of the process vanishing with the ledger saying
	// "running".
	ctx, stopSignals := schedule.NotifyContext(ctx)
	defer stopSignals()
	sink, done := s.view()
	summary := &progress.Summary{Width: progress.TableWidth(s.Out)}
	w, err := s.openWorkspace(ctx, command, progress.Tee(sink, summary))
	if err != nil {
		done()
		return err
	}
	runErr := w.CheckDeps(ctx, id)
	if runErr == nil {
		runErr = w.RunBatch(ctx, id)
	}
	done()
	summary.WriteSummary(s.Out)
	return closeWith(w, runErr)
}

// BatchPrompt prints exactly what the agent is told for batch id.
func (s *Session) BatchPrompt(ctx context.Context, id int) error {
	st, err := s.readPlan(ctx)
	if err != nil {
		return err
	}
	b, ok := st.Plan.Batch(id)
	if !ok {
		return notInPlan(id, st.Plan, s.Config.Batches)
	}
	tmpl, err := s.template()
	if err != nil {
		return err
	}
	items := map[int]portdb.Item(st.Features)
	naming := audit.Naming{ClassMap: s.Config.ClassMap}
	d := prompt.Data{Batch: *b, Features: prompt.Features(*b, items, naming.Target, s.Config.GoRoot),
		CSharpRoot: relTo(s.Config.Workspace, s.Config.CSharpRoot), Build: s.Config.Build, StubMarker: s.Config.StubMarker}
	in, err := s.contextInput(ctx, st, *b)
	if err != nil {
		return err
	}
	out, err := tmpl.RenderWithin(d, in, s.Config.PromptBudgetTokens)
	if err != nil {
		return err
	}
	s.logf("batch %d prompt: %s", id, out.Summary())
	_, err = fmt.Fprint(s.Out, out.Text)
	return err
}
