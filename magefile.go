//go:build mage

// portwave's Mage targets. Each target is one call that hands off to
// portwave/mage/target; `mage -l` lists them with the environment
// variables each reads, in brackets.
//
// Every target reads portwave.yaml (or $PORTWAVE_CONFIG); without one it
// works on the bundled example workspace (set up in $PORTWAVE_EXAMPLE_DIR).
// Settings are overridden by PORTWAVE_* variables: `mage config` lists them
// all. The [env: …] lists are target.TargetEnv, held to it by a test.
//
// The plan's own targets, one per batch (Batch44) and one per wave
// (Wave1…WaveN), are generated into magefile_plan.go beside this file by
// `mage plan:targets` (and plan:import); `mage validate` fails while it is
// stale. The one committed here is the bundled example's.
package main

import (
	"context"
	"os"

	"github.com/magefile/mage/mg"

	"portwave/mage/target"
)

// Aliases give the most used namespaced targets their short names.
var Aliases = map[string]any{
	"plan":  Plan.Show,
	"audit": Audit.Run,
}

// session loads the session for a target that needs more than one call;
// most use target.With.
func session(ctx context.Context) (*target.Session, error) { return target.NewSession(ctx) }

// Config prints every setting, its PORTWAVE_* variable and its default, the agent's permission rules [env: PORTWAVE_CONFIG].
func Config(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.ShowConfig() })
}

// Init sets portwave up in the repository in the current folder: a commented portwave.yaml from what it finds (Go tree, .sln and .csproj, test project, porting.db), batches/ and reports/, .gitignore entries, then the checks. It overwrites nothing without PORTWAVE_FORCE=1 [env: PORTWAVE_FORCE].
func Init(ctx context.Context) error { return target.InitHere(ctx, os.Getenv, os.Stdout, os.Stderr) }

// DB groups the porting.db targets.
type DB mg.Namespace

// Init creates an empty porting.db [env: PORTWAVE_CONFIG, PORTWAVE_DB].
func (DB) Init(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.DBInit(ctx) })
}

// Import loads FILE.tsv (features or tests, tracker columns) into porting.db; a bad row means nothing is written [env: PORTWAVE_CONFIG, PORTWAVE_DB].
func (DB) Import(ctx context.Context, file string) error {
	return target.With(ctx, func(s *target.Session) error { return s.DBImport(ctx, file) })
}

// Export writes features.tsv and tests.tsv from porting.db into DIR, for diffs and reviews [env: PORTWAVE_CONFIG, PORTWAVE_DB].
func (DB) Export(ctx context.Context, dir string) error {
	return target.With(ctx, func(s *target.Session) error { return s.DBExport(ctx, dir) })
}

// Map applies the mapping overrides in FILE.tsv (id, kind, dotnet_class, dotnet_member, dotnet_file) to porting.db and records each in the status history [env: PORTWAVE_CONFIG, PORTWAVE_DB].
func (DB) Map(ctx context.Context, file string) error {
	return target.With(ctx, func(s *target.Session) error { return s.DBMap(ctx, file) })
}

// Inventory scans the Go source tree into porting.db, keeping every existing ID; refuses to add or remove items of a tracked database without PORTWAVE_FORCE=1 [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_INVENTORY_INCLUDE, PORTWAVE_INVENTORY_EXCLUDE, PORTWAVE_CLASS_MAP, PORTWAVE_DRY_RUN, PORTWAVE_FORCE].
func Inventory(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.Inventory(ctx) })
}

// Plan groups the plan targets; `mage plan` is plan:show.
type Plan mg.Namespace

// Show prints each wave and batch, the critical path and the plan's outcome from porting.db (also `mage plan`) [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_FORMAT].
func (Plan) Show(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.PlanShow(ctx) })
}

// Import parses the plan document (the plan setting, or -doc=FILE) into one batch file per batch under batches/, and writes magefile_plan.go [env: PORTWAVE_CONFIG, PORTWAVE_PLAN, PORTWAVE_BATCHES].
func (Plan) Import(ctx context.Context, doc *string) error {
	return target.With(ctx, func(s *target.Session) error {
		if doc == nil {
			return s.PlanImport(ctx, "")
		}
		return s.PlanImport(ctx, *doc)
	})
}

// Suggest prints the smallest change found to waves, dependencies and features after which every call lands on a feature ported first, with the makespan at 1, 2 and 3 agents [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_GO_ROOT].
func (Plan) Suggest(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.PlanSuggest(ctx) })
}

// Split proposes up to PORTWAVE_JOBS sub-batches of batch N by target file along the call graph, with the makespan with and without; PORTWAVE_WRITE=1 writes them [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_CSHARP_ROOT, PORTWAVE_JOBS, PORTWAVE_WRITE].
func (Plan) Split(ctx context.Context, n int) error {
	return target.With(ctx, func(s *target.Session) error { return s.PlanSplit(ctx, n) })
}

// Targets writes magefile_plan.go beside this magefile: one target per batch (Batch44, after its dependencies' targets) and one per wave (Wave1…WaveN, each after the wave before); plan:import writes it too [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES].
func (Plan) Targets(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.PlanTargets(ctx) })
}

// Validate checks the batch files against porting.db and reports every error and warning as file:line:col, with a warning for every call into a feature not ported first; a stale magefile_plan.go and a C# member several features collide on are errors [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_CSHARP_ROOT, PORTWAVE_GO_ROOT, PORTWAVE_CLASS_MAP, PORTWAVE_FORMAT].
func Validate(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.Validate(ctx) })
}

// Preflight checks the workspace as every run does before its first agent starts (git identity and state, committed inputs, roots, tools, locks, branches, free space) and lists every problem with its fix [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_WORKTREES, PORTWAVE_MAIN_BRANCH, PORTWAVE_MIN_FREE_MB].
func Preflight(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.Preflight(ctx) })
}

// Batch groups the one-batch targets.
type Batch mg.Namespace

// Run runs batch N end to end: worktree, agent, gate, merge queue, audit; resumes an interrupted or failed batch from its stage [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_SCOPE, PORTWAVE_CONFLICT, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_DRY_RUN, NO_COLOR].
func (Batch) Run(ctx context.Context, n int) error {
	return target.With(ctx, func(s *target.Session) error { return s.BatchRun(ctx, n) })
}

// Prompt prints exactly what the agent is told for batch N, and logs the tokens it takes of the budget, what was cut and the permission rules it runs under [env: PORTWAVE_CONFIG, PORTWAVE_PROMPT_TEMPLATE, PORTWAVE_PROMPT_BUDGET_TOKENS, PORTWAVE_GO_ROOT, PORTWAVE_CSHARP_ROOT, PORTWAVE_PERMISSION_MODE, PORTWAVE_ALLOWED_TOOLS].
func (Batch) Prompt(ctx context.Context, n int) error {
	return target.With(ctx, func(s *target.Session) error { return s.BatchPrompt(ctx, n) })
}

// Audit groups the audit targets; `mage audit` is audit:run.
type Audit mg.Namespace

// Run audits porting.db against the C# tree: promotes what is implemented, demotes with reasons, lists regressions (also `mage audit`); refuses an empty tree, a missing root or a mass demotion [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_AUDIT_ROOT, PORTWAVE_CSHARP_ROOT, PORTWAVE_GO_ROOT, PORTWAVE_CLASS_MAP, PORTWAVE_STUB_MARKER, PORTWAVE_CSHARP_SYMBOLS, PORTWAVE_CSHARP_CONFIGURATION, PORTWAVE_AUDIT_MAX_DEMOTE, PORTWAVE_FORCE, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT].
func (Audit) Run(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.AuditRun(ctx) })
}

// Reset does the plan's post-execution step: deferred items go back to unknown, then the audit runs [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_AUDIT_ROOT, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT].
func (Audit) Reset(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.AuditReset(ctx) })
}

// All runs every batch as one dependency graph, without wave barriers: each starts once its own dependencies are merged [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_SCOPE, PORTWAVE_CONFLICT, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_DRY_RUN, PORTWAVE_JOBS, PORTWAVE_BUDGET_USD, PORTWAVE_FAIL_FAST, NO_COLOR].
func All(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.All(ctx) })
}

// Status prints the ledger: each batch's state, stage, duration, turns, cost and log [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_FORMAT].
func Status(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.Status(ctx) })
}

// Retry re-runs failed, conflicted or interrupted batch N from the stage it stopped at [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_SCOPE, PORTWAVE_CONFLICT, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_DRY_RUN, NO_COLOR].
func Retry(ctx context.Context, n int) error {
	return target.With(ctx, func(s *target.Session) error { return s.Retry(ctx, n) })
}

// Post runs the plan's post-execution steps: the batch gate on main (the built-in C# check without dotnet), deferred reset to unknown, audit, porting.db commit, final report [env: PORTWAVE_CONFIG, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT, GITHUB_STEP_SUMMARY].
func Post(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.Post(ctx) })
}

// Report writes the review report (markdown, SVG charts, JSON twin with PORTWAVE_FORMAT=json) under reports/ [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_REPORTS, PORTWAVE_FORMAT, GITHUB_STEP_SUMMARY].
func Report(ctx context.Context) error {
	return target.With(ctx, func(s *target.Session) error { return s.Report(ctx) })
}

// Demo runs the whole pipeline on the bundled example: workspace, inventory, plan, every wave with recorded agents, gate, merges, audit and the report under reports/demo/ [env: PORTWAVE_DEMO_DIR, PORTWAVE_DEMO_AGENT, PORTWAVE_CLAUDE_BIN, NO_COLOR].
func Demo(ctx context.Context) error { return target.Demo(ctx, os.Getenv, os.Stdout, os.Stderr) }

// Golden regenerates every golden file (and the committed magefile_plan.go) from the code: go test -update on each package whose tests have golden files [env: none].
func Golden(ctx context.Context) error { return target.Golden(ctx, ".", os.Stdout, os.Stderr) }

// Matrix prints the port workflow's plan job outputs for WAVE (1..N or all): the batches still to do as matrix JSON, max-parallel and their count [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_JOBS, PORTWAVE_FORCE].
func Matrix(ctx context.Context, wave string) error {
	return target.With(ctx, func(s *target.Session) error { return s.Matrix(ctx, wave) })
}

// Merge is the port workflow's merge job: imports the ledger files in DIR, merges the gated batches in dependency order through the merge queue and audit, commits porting.db [env: PORTWAVE_CONFIG, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_SCOPE, NO_COLOR].
func Merge(ctx context.Context, dir string) error {
	return target.With(ctx, func(s *target.Session) error { return s.Merge(ctx, dir) })
}

// Ledger groups the ledger file targets the port workflow's jobs exchange.
type Ledger mg.Namespace

// Export writes batch N's ledger and logs into DIR as ledger-NN.json, for the merge job (`PORTWAVE_MODE=branch mage batch:run N` makes the batch job stop after the gate) [env: PORTWAVE_CONFIG, PORTWAVE_DB].
func (Ledger) Export(ctx context.Context, n int, dir string) error {
	return target.With(ctx, func(s *target.Session) error { return s.LedgerExport(ctx, n, dir) })
}
