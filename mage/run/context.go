package run

import (
	"context"
	"os"
	"path/filepath"

	"portwave/mage/callgraph"
	"portwave/mage/prompt"
)

// render fills the prompt template with the call-graph context (what each
// feature calls and uses, with C# signatures) cut to prompt_budget_tokens.
// The C# tree is the batch's worktree, which holds every batch merged
// before it started. The context is advice: when the Go tree or the C# tree
// cannot be read, the prompt goes out without it rather than failing the
// batch.
func (j *job) render(ctx context.Context, d prompt.Data) (string, error) {
	w := j.w
	in, ok := j.contextInput(ctx)
	if !ok {
		return w.Template.Render(d)
	}
	out, err := w.Template.RenderWithin(d, in, w.Config.PromptBudgetTokens)
	return out.Text, err
}

func (j *job) contextInput(ctx context.Context) (prompt.ContextInput, bool) {
	w := j.w
	if _, err := os.Stat(w.Config.GoRoot); err != nil {
		return prompt.ContextInput{}, false
	}
	g, err := w.callGraph(ctx)
	if err != nil {
		return prompt.ContextInput{}, false
	}
	tree, err := prompt.ReadCSharpTree(ctx, filepath.Join(j.br.Worktree, w.csharpRel()))
	if err != nil {
		return prompt.ContextInput{}, false
	}
	n := w.Naming()
	return prompt.ContextInput{Plan: w.Plan, Batch: j.batch, Items: j.items, Target: n.Target,
		ClassMap: w.Config.ClassMap, Graph: g, Tree: tree}, true
}

// callGraph loads the Go tree's call graph once per run: agents change the
// C# tree, not the Go source, and hashing every Go file to check the cache
// cost each batch's prompt a quarter of a second on nats-server's tree.
func (w *Orchestrator) callGraph(ctx context.Context) (*callgraph.Graph, error) {
	w.graphOnce.Do(func() {
		w.graph, w.graphErr = callgraph.Load(ctx, w.Config.GoRoot, filepath.Join(w.gitDir, "portwave"))
	})
	return w.graph, w.graphErr
}
