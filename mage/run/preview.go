package run

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/gate"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/prompt"
	"portwave/mage/schedule"
)

// Preview is what a run of some batches would do, worked out from the
// plan and porting.db without writing anything: no lock, no ledger row, no
// worktree, no agent. It is PORTWAVE_DRY_RUN=1's answer.
type Preview struct {
	// Batches are the batches that would run, in the order a run with one
	// job would start them (the scheduler's own order: dependencies first,
	// then the longest remaining chain of work).
	Batches []PreviewBatch
	// Done are the batches that would not run: finished with the current
	// spec and prompt.
	Done []int
}

// PreviewBatch is one batch that would run.
type PreviewBatch struct {
	ID          int
	Name        string
	Deps        []int
	Why         string     // why it runs
	Start       port.Stage // where it would start or resume
	PromptBytes int
	Commands    []string // what would run, in order
}

// PreviewInput is what a preview reads.
type PreviewInput struct {
	Config   *config.Config
	Plan     *plan.Plan
	DB       *portdb.DB
	Template *prompt.Template
	Agent    agent.Agent
	// Prompt renders a batch's prompt as `batch:prompt` prints it, its
	// call-graph context included, so that the sizes shown are the
	// prompt's; nil renders the template without the context.
	Prompt func(ctx context.Context, b plan.Batch) (string, error)
}

// PreviewBatches works out what running ids would do.
func PreviewBatches(ctx context.Context, in PreviewInput, ids []int) (Preview, error) {
	var pv Preview
	finish, err := Standing{Plan: in.Plan, DB: in.DB, Template: in.Template}.All(ctx)
	if err != nil {
		return pv, err
	}
	latest, err := in.DB.LatestBatchRuns(ctx)
	if err != nil {
		return pv, err
	}
	items, err := in.DB.Items(ctx, port.Feature)
	if err != nil {
		return pv, err
	}
	byID := map[int]port.Item{}
	for _, it := range items {
		byID[it.ID] = it
	}
	weight := plan.PendingWeight(features(byID))
	var nodes []schedule.Node
	for _, id := range ids {
		b, err := in.Plan.Find(id)
		if err != nil {
			return pv, err
		}
		nodes = append(nodes, schedule.Node{ID: id, Deps: b.RunDeps(), Weight: weight(*b)})
	}
	done := func(id int) bool { return finish[id].Done && (!in.Config.Force || !contains(ids, id)) }
	// A dependency outside ids that is not done would stop the scheduler
	// before it orders anything; the preview orders the batches anyway
	// and says which dependency is missing.
	order1 := func(id int) bool { return done(id) || !contains(ids, id) }
	// The scheduler itself orders the batches; its run function only
	// records the order, so nothing is started.
	var order []int
	rep, err := schedule.Run(ctx, nodes, func(_ context.Context, id int) error { order = append(order, id); return nil },
		schedule.Options{Jobs: 1, Done: order1})
	if err != nil && len(order) == 0 && len(rep.IDs(schedule.AlreadyDone)) == 0 {
		return pv, err
	}
	pv.Done = rep.IDs(schedule.AlreadyDone)
	for _, id := range order {
		b, _ := in.Plan.Batch(id)
		why := finish[id].Why
		for _, d := range b.RunDeps() {
			if !contains(ids, d) && !finish[d].Done {
				why += fmt.Sprintf("; its dependency %d is not merged", d)
			}
		}
		pb, err := previewBatch(ctx, in, *b, byID, latest, why)
		if err != nil {
			return pv, err
		}
		pv.Batches = append(pv.Batches, pb)
	}
	return pv, nil
}

func previewBatch(ctx context.Context, in PreviewInput, b plan.Batch, items map[int]port.Item, latest map[int]port.BatchRun, why string) (PreviewBatch, error) {
	c := in.Config
	pb := PreviewBatch{ID: b.ID, Name: b.Name, Deps: b.RunDeps(), Why: why, Start: port.StageWorktree}
	slot := filepath.Join(c.Worktrees, "slot-N")
	branch := Branch(b.ID)
	if prev, ok := latest[b.ID]; ok && prev.State != port.StateDone && prev.Branch != "" {
		pb.Start = resumeStage(prev)
		if prev.Worktree != "" {
			slot = prev.Worktree
		}
	}
	rel := func(p string) string {
		if r, err := filepath.Rel(c.Workspace, p); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
		return p
	}
	text, err := previewPrompt(ctx, in, b, items)
	if err != nil {
		return pb, err
	}
	pb.PromptBytes = len(text)
	from := map[port.Stage]int{port.StageWorktree: 0, port.StageAgent: 1, port.StageGate: 2, port.StageMerge: 3, port.StageAudit: 4}[pb.Start]
	var cmds []string
	if from <= 0 {
		cmds = append(cmds, fmt.Sprintf("git worktree add --detach %s %s (or reuse a free slot)", slot, c.MainBranch),
			fmt.Sprintf("git checkout -b %s %s (in %s)", branch, c.MainBranch, slot))
	}
	if from <= 1 {
		// The prompt is shown by its size; `mage batch:prompt N` prints it.
		cmds = append(cmds, agentCommand(in.Agent, agent.Request{Batch: b.ID, Attempt: 1, Dir: slot, Prompt: "<prompt>"})+
			fmt.Sprintf(" < prompt (%d bytes), in %s; up to %d attempt(s)", len(text), slot, c.Attempts),
			fmt.Sprintf("git add -A && git commit (in %s; porting.db changes dropped)", slot))
	}
	if from <= 3 {
		cmds = append(cmds, fmt.Sprintf("gate (scope %s, conflict markers) in %s:", c.Scope, slot))
		if c.Build == gate.BuiltinCheck {
			cmds = append(cmds, "  portwave's built-in C# check of the changed .cs files")
		} else {
			cmds = append(cmds, "  "+c.Build)
		}
		if strings.TrimSpace(c.Test) != "" {
			cmds = append(cmds, "  "+c.Test+" (against main's baseline)")
		}
		cmds = append(cmds, fmt.Sprintf("  batch audit of %d feature(s), threshold %g", len(b.AllIDs()), c.AuditThreshold),
			fmt.Sprintf("git merge %s (in %s, if %s moved; then the gate again)", c.MainBranch, slot, c.MainBranch),
			fmt.Sprintf("git merge --ff-only %s (in %s)", branch, c.Workspace))
	}
	cmds = append(cmds, "audit of "+c.AuditRoot, "git commit -- "+rel(c.DB))
	pb.Commands = cmds
	return pb, nil
}

// agentCommand is the agent's command line as it would run.
func agentCommand(a agent.Agent, req agent.Request) string {
	switch a := a.(type) {
	case *agent.Claude:
		return quote(append([]string{a.Options().Binary}, a.Args(req)...))
	case *agent.Codex:
		return quote(append([]string{a.Name()}, a.Args(req)...))
	case *agent.Command:
		if argv, err := a.Argv(req); err == nil {
			return quote(argv)
		}
	}
	if a == nil {
		return "no agent"
	}
	return a.Name() + " agent"
}

func quote(argv []string) string {
	out := make([]string, len(argv))
	for i, w := range argv {
		if strings.ContainsAny(w, " \t\"'()*|&;<>$") {
			w = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
		}
		out[i] = w
	}
	return strings.Join(out, " ")
}

// previewPrompt is the prompt batch b would get, started from the main
// branch now.
func previewPrompt(ctx context.Context, in PreviewInput, b plan.Batch, items map[int]port.Item) (string, error) {
	if in.Prompt != nil {
		return in.Prompt(ctx, b)
	}
	placed, err := Place(ctx, in.Config, in.Config.MainBranch, b, items)
	if err != nil {
		return "", err
	}
	return in.Template.Render(PromptData(in.Config, b, items, placed))
}
