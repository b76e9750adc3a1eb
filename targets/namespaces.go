package targets

import (
	"context"

	"github.com/magefile/mage/mg"

	"portwave/mage/command"
)

// DB groups the porting.db targets.
type DB mg.Namespace

// Init creates an empty porting.db.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_DB]
func (DB) Init(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.DBInit(ctx) })
}

// Import loads FILE, a tracker's TSV or CSV export, into porting.db.
//
// Features or tests, in the tracker's columns (import_columns); another
// tracker's SQLite database through import_query. A bad row means nothing
// is written.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_DB]
func (DB) Import(ctx context.Context, file string) error {
	return command.With(ctx, func(s *command.Session) error { return s.DBImport(ctx, file) })
}

// Export writes features.tsv and tests.tsv from porting.db into DIR.
//
// In the tracker's own columns when import_columns names them, for diffs
// and reviews.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_DB]
func (DB) Export(ctx context.Context, dir string) error {
	return command.With(ctx, func(s *command.Session) error { return s.DBExport(ctx, dir) })
}

// Map applies the mapping overrides in FILE to porting.db.
//
// A TSV of id, kind, dotnet_class, dotnet_member and dotnet_file; each
// change is recorded in the status history.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_DB]
func (DB) Map(ctx context.Context, file string) error {
	return command.With(ctx, func(s *command.Session) error { return s.DBMap(ctx, file) })
}

// Plan groups the plan targets; `mage plan` is plan:show.
type Plan mg.Namespace

// Show prints the waves, batches, critical path and outcome (`mage plan`).
//
// Computed from porting.db; PORTWAVE_FORMAT=json prints JSON.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_ORDER_BY_CALLS, PORTWAVE_FORMAT]
func (Plan) Show(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.PlanShow(ctx) })
}

// Import writes the plan document's batch files and magefile_plan.go.
//
// The document is the plan setting, or -doc=FILE (`mage plan:import
// -doc=docs/plan.md`; Mage would take a bare FILE for another target). One
// batch file per batch under batches/, and the plan's targets beside the
// magefile; a document that does not parse writes nothing.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_PLAN, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_ORDER_BY_CALLS]
func (Plan) Import(ctx context.Context, doc *string) error {
	return command.With(ctx, func(s *command.Session) error { return s.PlanImportTarget(ctx, doc) })
}

// Suggest prints a change that makes the plan agree with its calls.
//
// Changes to waves, dependencies and features after which the declared
// dependencies order every call, but those it accepts unordered and says
// why; the makespan at 1, 2 and 3 agents of the plan it proposes.
// PORTWAVE_WRITE=1 writes it; run again it proposes nothing.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_WRITE]
func (Plan) Suggest(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.PlanSuggest(ctx) })
}

// Split proposes sub-batches of batch N along the call graph.
//
// Up to PORTWAVE_JOBS parts whose features call nothing of each other,
// whatever file holds them, with what is pending, the files several parts
// change, why it refuses, and the makespan with and without;
// PORTWAVE_WRITE=1 writes them.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_CSHARP_ROOT, PORTWAVE_JOBS, PORTWAVE_WRITE]
func (Plan) Split(ctx context.Context, n int) error {
	return command.With(ctx, func(s *command.Session) error { return s.PlanSplit(ctx, n) })
}

// Targets writes magefile_plan.go beside the magefile from the batch files.
//
// One target per batch (Batch44, after the targets of its dependencies,
// declared and implied by its calls) and one per wave (Wave1…WaveN, each
// after the wave before); plan:import writes it too.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_ORDER_BY_CALLS]
func (Plan) Targets(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.PlanTargets(ctx) })
}

// Batch groups the one-batch targets.
type Batch mg.Namespace

// Run runs batch N end to end: worktree, agent, gate, merge, audit.
//
// An interrupted or failed batch resumes from its stage.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_SCOPE, PORTWAVE_CONFLICT, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_DRY_RUN, PORTWAVE_ORDER_BY_CALLS, NO_COLOR]
func (Batch) Run(ctx context.Context, n int) error {
	return command.With(ctx, func(s *command.Session) error { return s.BatchRun(ctx, n) })
}

// Prompt prints exactly what the agent is told for batch N.
//
// The log says the tokens it takes of the budget, what was cut and the
// permission rules the agent runs under.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_PROMPT_TEMPLATE, PORTWAVE_PROMPT_BUDGET_TOKENS, PORTWAVE_GO_ROOT, PORTWAVE_CSHARP_ROOT, PORTWAVE_ORDER_BY_CALLS, PORTWAVE_PERMISSION_MODE, PORTWAVE_ALLOWED_TOOLS]
func (Batch) Prompt(ctx context.Context, n int) error {
	return command.With(ctx, func(s *command.Session) error { return s.BatchPrompt(ctx, n) })
}

// Audit groups the audit targets; `mage audit` is audit:run.
type Audit mg.Namespace

// Run audits porting.db against the C# tree (`mage audit`).
//
// It promotes what is implemented, demotes with reasons and lists
// regressions; it refuses an empty tree, a missing root or a mass
// demotion, and commits porting.db as a run does.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_AUDIT_ROOT, PORTWAVE_CSHARP_ROOT, PORTWAVE_GO_ROOT, PORTWAVE_CLASS_MAP, PORTWAVE_STUB_MARKER, PORTWAVE_CSHARP_SYMBOLS, PORTWAVE_CSHARP_CONFIGURATION, PORTWAVE_AUDIT_MAX_DEMOTE, PORTWAVE_FORCE, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT]
func (Audit) Run(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.AuditRun(ctx) })
}

// Reset sends deferred items back to unknown, then audits.
//
// The plan's post-execution step.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_AUDIT_ROOT, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT]
func (Audit) Reset(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.AuditReset(ctx) })
}

// Ledger groups the ledger file targets the port workflow's jobs exchange.
type Ledger mg.Namespace

// Export writes batch N's ledger and logs into DIR as ledger-NN.json.
//
// For the port workflow's merge job (`PORTWAVE_MODE=branch mage batch:run
// N` makes the batch job stop after the gate).
//
// [env: PORTWAVE_CONFIG, PORTWAVE_DB]
func (Ledger) Export(ctx context.Context, n int, dir string) error {
	return command.With(ctx, func(s *command.Session) error { return s.LedgerExport(ctx, n, dir) })
}
