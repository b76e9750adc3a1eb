package command

import (
	"context"
	"fmt"
	"strings"

	"portwave/mage/audit"
	"portwave/mage/gate"
	"portwave/mage/plan"
	"portwave/mage/run"
)

// dryRun prints what running ids would do, PORTWAVE_DRY_RUN=1's answer on
// wave*, all, batch:run and retry: the order, each batch with its
// prompt's size and the commands that would run. It takes no lock, starts
// no agent (not even its --version preflight) and writes nothing.
func (s *Session) dryRun(ctx context.Context, command string, ids []int) error {
	st, err := s.readPlan(ctx)
	if err != nil {
		return err
	}
	a, err := s.agent()
	if err != nil {
		return err
	}
	tmpl, err := s.template()
	if err != nil {
		return err
	}
	db, err := s.OpenDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	render := func(ctx context.Context, b plan.Batch) (string, error) {
		out, err := s.renderPrompt(ctx, st, tmpl, b)
		return out.Text, err
	}
	pv, err := run.PreviewBatches(ctx, run.PreviewInput{Config: s.Config, Plan: st.Plan, DB: db, Template: tmpl, Agent: a, Prompt: render}, ids)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "dry run of %s (%s=1): nothing is started or written\n", command, "PORTWAVE_DRY_RUN")
	order := make([]string, len(pv.Batches))
	for i, b := range pv.Batches {
		order[i] = fmt.Sprint(b.ID)
	}
	fmt.Fprintf(s.Out, "order (%d at once): %s\n", s.Config.Jobs, orNone(strings.Join(order, ", ")))
	if len(pv.Done) > 0 {
		fmt.Fprintf(s.Out, "already done: %s (PORTWAVE_FORCE=1 runs them again)\n", strings.Trim(fmt.Sprint(pv.Done), "[]"))
	}
	for _, b := range pv.Batches {
		deps := "none"
		if len(b.Deps) > 0 {
			deps = strings.ReplaceAll(strings.Trim(fmt.Sprint(b.Deps), "[]"), " ", ", ")
		}
		fmt.Fprintf(s.Out, "\nbatch %d %s: %s; depends on %s; starts at %s; prompt %d bytes\n", b.ID, b.Name, b.Why, deps, b.Start, b.PromptBytes)
		for _, c := range b.Commands {
			fmt.Fprintf(s.Out, "  %s\n", c)
		}
	}
	return nil
}

// postDryRun prints what post would do.
func (s *Session) postDryRun(ctx context.Context) error {
	db, err := s.OpenDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := audit.ResetDeferred(ctx, db, true)
	if err != nil {
		return err
	}
	c := s.Config
	fmt.Fprintf(s.Out, "dry run of post (PORTWAVE_DRY_RUN=1): nothing is started or written\n")
	fmt.Fprintf(s.Out, "gate on %s (conflict markers in %s):\n", c.MainBranch, relTo(c.Workspace, c.CSharpRoot))
	if c.Build == gate.BuiltinCheck {
		fmt.Fprintf(s.Out, "  portwave's built-in C# check of every .cs file\n")
	} else {
		fmt.Fprintf(s.Out, "  %s\n", c.Build)
	}
	if strings.TrimSpace(c.Test) != "" {
		fmt.Fprintf(s.Out, "  %s\n", c.Test)
	}
	fmt.Fprintf(s.Out, "reset %d deferred item(s) to unknown\naudit of %s\ngit commit -- %s\nthe final report under %s\n",
		n, c.AuditRoot, relTo(c.Workspace, c.DB), c.Reports)
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "nothing to run"
	}
	return s
}
