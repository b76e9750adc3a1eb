package command

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"portwave/mage/agent"
	"portwave/mage/gate"
	"portwave/mage/pipeline"
	"portwave/mage/plan"
	"portwave/mage/port"
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
		Claude:  s.claudeOptions(),
		Codex:   agent.CodexOptions{Binary: "codex", Model: c.Model},
		Command: agent.CommandOptions{Template: c.AgentCommand},
		Replay:  agent.ReplayOptions{Dir: c.Transcripts, Delay: agent.DefaultReplayDelay},
	})
}

// claudeOptions confine Claude Code to the batch's worktree: the
// configured rules, edits in the worktree, the build and test commands,
// and never an edit in the main checkout.
func (s *Session) claudeOptions() agent.ClaudeOptions {
	c := s.Config
	var commands []string
	for _, cmd := range []string{c.Build, c.Test} {
		if cmd != gate.BuiltinCheck {
			commands = append(commands, agentCommand(cmd))
		}
	}
	return agent.ClaudeOptions{Binary: s.override.claudeBin, Model: c.Model, PermissionMode: c.PermissionMode,
		MaxTurns: c.MaxTurns, AllowedTools: c.AllowedTools, MaxBudgetUSD: c.MaxBudgetUSD,
		Commands: commands, Protect: []string{c.Workspace}}
}

// agentCommand is what the agent may run of a gate command: a pipeline's
// first program (`dotnet build dotnet/` of `dotnet build dotnet/ | tee
// build.log`), since Claude Code matches a Bash rule against the command
// the agent runs, and the filters after it (tee writes a file) are the
// gate's, not the agent's.
func agentCommand(cmd string) string {
	p, err := pipeline.Parse(cmd)
	if err != nil || len(p.Stages) == 0 {
		return cmd // preflight reports a command that does not parse
	}
	return strings.Join(p.Stages[0].Argv, " ")
}

// renderPrompt is batch b's prompt as a batch started from the main branch
// now would get it: its features placed in main as committed, the
// call-graph context cut to the prompt budget. batch:prompt prints it and
// the dry run counts it, so both say the same.
func (s *Session) renderPrompt(ctx context.Context, st *planState, tmpl *prompt.Template, b plan.Batch) (prompt.Fitted, error) {
	items := map[int]port.Item(st.Features)
	placed, err := run.Place(ctx, s.Config, s.Config.MainBranch, b, items)
	if err != nil {
		return prompt.Fitted{}, err
	}
	d := run.PromptData(s.Config, b, items, placed)
	in, err := s.contextInput(ctx, st, b)
	if err != nil {
		return prompt.Fitted{}, err
	}
	return tmpl.RenderWithin(d, in, s.Config.PromptBudgetTokens)
}

// permissions are the rules an attempt of the configured agent runs under
// in the worktree slot dir, as `config` and `batch:prompt` show them.
func (s *Session) permissions(dir string) string {
	if s.Config.Agent != "" && s.Config.Agent != "claude" {
		return fmt.Sprintf("agent %s takes no permission rules; after each attempt portwave checks that the main checkout and the idle slots are unchanged\n", s.Config.Agent)
	}
	o := s.claudeOptions()
	return fmt.Sprintf("permission mode %s\n", o.PermissionMode) + agent.NewClaude(o).Permissions(dir).String()
}

// openOrchestrator loads and validates the plan, checks the agent and git,
// and takes the workspace for a run.
func (s *Session) openOrchestrator(ctx context.Context, command string, sink progress.Sink) (*run.Orchestrator, error) {
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
	if err := s.recover(ctx); err != nil {
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
	s.warnUnconfined()
	return run.Open(ctx, s.Config, run.Options{Command: command, Plan: st.Plan, Agent: a, Template: tmpl, Events: sink, Mode: mode, AgentEnv: s.override.env})
}

// recover finishes or undoes what a stopped run left half done before a
// run checks and takes the workspace (run.Recover), and says what it did.
func (s *Session) recover(ctx context.Context) error {
	notes, err := run.Recover(ctx, s.Config)
	for _, n := range notes {
		s.logf("%s", n)
	}
	return err
}

// BatchRun runs one batch end to end: worktree, agent, gate, merge, audit.
func (s *Session) BatchRun(ctx context.Context, id int) error {
	if err := s.checkBatch(ctx, id); err != nil {
		return err
	}
	return s.runOne(ctx, id, fmt.Sprintf("batch:run %d", id))
}

// runOne runs batch id as command, the name the runs table records; a dry
// run only says what it would do.
func (s *Session) runOne(ctx context.Context, id int, command string) error {
	if s.Config.DryRun {
		return s.dryRun(ctx, command, []int{id})
	}
	// SIGTERM, SIGHUP and SIGINT cancel the run (batch:run and retry): its
	// agents are killed as process groups and their batches recorded as
	// interrupted, instead of the process vanishing with the ledger saying
	// "running".
	ctx, stopSignals := schedule.NotifyContext(ctx)
	defer stopSignals()
	sink, done := s.view()
	summary := &progress.Summary{Width: progress.TableWidth(s.Out)}
	w, err := s.openOrchestrator(ctx, command, progress.Tee(sink, summary))
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
	b, err := s.findBatch(st.Plan, id)
	if err != nil {
		return err
	}
	tmpl, err := s.template()
	if err != nil {
		return err
	}
	out, err := s.renderPrompt(ctx, st, tmpl, *b)
	if err != nil {
		return err
	}
	s.logf("batch %d prompt: %s", id, out.Summary())
	if _, err = fmt.Fprint(s.Out, out.Text); err != nil {
		return err
	}
	// The rules go to the log, so the output stays exactly the prompt.
	slot := filepath.Join(s.Config.Worktrees, "slot-N")
	fmt.Fprintf(s.Log, "\nthe agent runs in its worktree slot (%s) under these rules:\n%s", slot, s.permissions(slot))
	return nil
}

// findBatch is p.Find with the batches folder the plan was read from, so
// the error says which plan lacks the batch.
func (s *Session) findBatch(p *plan.Plan, id int) (*plan.Batch, error) {
	b, err := p.Find(id)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Config.Batches, err)
	}
	return b, nil
}

// checkBatch fails, listing the plan's batches, when id is not one of them.
func (s *Session) checkBatch(ctx context.Context, id int) error {
	st, err := s.readPlan(ctx)
	if err != nil {
		return err
	}
	_, err = s.findBatch(st.Plan, id)
	return err
}
