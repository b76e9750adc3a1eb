// Package targets is portwave's Mage targets, for a magefile to import:
// portwave's own magefile.go and every port's, which `mage init` writes:
//
//	import (
//		//mage:import
//		"portwave/targets"
//	)
//
// Each target is one call that hands off to portwave/mage/command. The
// first sentence of its doc is its line in `mage -l`; `mage -h TARGET`
// shows the whole doc, ending with the [env: …] list of the variables it
// reads (command.TargetEnv, held to it by a test). Every target reads
// portwave.yaml: $PORTWAVE_CONFIG, or the one in the current folder or
// above it; inside portwave's clone without one, the bundled example.
//
// The plan's own targets, one per batch (Batch44) and one per wave
// (Wave1…WaveN), are generated into magefile_plan.go beside the magefile
// that imports this package, by `mage plan:import` and `mage plan:targets`;
// they call Generated.
//
// mage:multiline
package targets

import (
	"context"
	"os"

	"portwave/mage/command"
)

// Config prints every setting and variable, and what each target reads.
//
// Every setting with its PORTWAVE_* variable, default and value, every
// other PORTWAVE_* variable, the variables each target reads, and the
// agent's permission rules.
//
// [env: PORTWAVE_CONFIG]
func Config(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.ShowConfig() })
}

// Init sets portwave up in the git repository of the current folder.
//
// It writes a portwave.yaml of what it finds (Go tree, solution and
// projects, test project, porting.db, plan document), with what it could
// not find commented out; the repository's Mage files (go.mod, mage.go,
// magefile.go, in magefiles/ when the root is a Go module of its own);
// batches/; .gitignore entries; then the checks. It overwrites nothing
// without PORTWAVE_FORCE=1, and sets up in a subfolder of a repository
// only with PORTWAVE_SUBFOLDER=1.
//
// [env: PORTWAVE_FORCE, PORTWAVE_SUBFOLDER]
func Init(ctx context.Context) error { return command.InitHere(ctx, os.Getenv, os.Stdout, os.Stderr) }

// Inventory scans the Go tree into porting.db, keeping every ID.
//
// Features and tests within inventory_include and inventory_exclude. A
// tracked database's items are not added or removed without
// PORTWAVE_FORCE=1, except a database that only an import filled.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_INVENTORY_INCLUDE, PORTWAVE_INVENTORY_EXCLUDE, PORTWAVE_CLASS_MAP, PORTWAVE_DRY_RUN, PORTWAVE_FORCE]
func Inventory(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.Inventory(ctx) })
}

// Validate checks the batch files against porting.db.
//
// Every error and warning at the plan document's line, the batch file's
// place after it; one warning per batch for its calls the dependencies do
// not order and what every run does about them (`mage -v validate` lists
// every call); a stale magefile_plan.go and a C# member several features
// collide on are errors.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_CSHARP_ROOT, PORTWAVE_GO_ROOT, PORTWAVE_CLASS_MAP, PORTWAVE_ORDER_BY_CALLS, PORTWAVE_FORMAT, MAGEFILE_VERBOSE]
func Validate(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.Validate(ctx) })
}

// Preflight makes every check a run makes before its first agent starts.
//
// Git identity and state, committed inputs, roots, tools, locks, branches,
// free space: every problem at once, each with its fix.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_WORKTREES, PORTWAVE_MAIN_BRANCH, PORTWAVE_MIN_FREE_MB]
func Preflight(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.Preflight(ctx) })
}

// All runs every batch as one dependency graph, critical path first.
//
// No wave barriers: each batch starts once its own dependencies are
// merged.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_SCOPE, PORTWAVE_CONFLICT, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_DRY_RUN, PORTWAVE_ORDER_BY_CALLS, PORTWAVE_JOBS, PORTWAVE_BUDGET_USD, PORTWAVE_FAIL_FAST, NO_COLOR]
func All(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.All(ctx) })
}

// Status prints the ledger, one line per batch.
//
// Each batch's state, stage, attempt, duration, turns, cost, features
// verified and log; a failed batch's line says what failed.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_FORMAT]
func Status(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.Status(ctx) })
}

// Retry runs failed, conflicted or interrupted batch N again.
//
// It starts from the stage the batch stopped at; a conflict resolved by
// hand is gated before main moves.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_SCOPE, PORTWAVE_CONFLICT, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_DRY_RUN, PORTWAVE_ORDER_BY_CALLS, NO_COLOR]
func Retry(ctx context.Context, n int) error {
	return command.With(ctx, func(s *command.Session) error { return s.Retry(ctx, n) })
}

// Post runs the plan's post-execution steps once every batch is merged.
//
// The batch gate on main (the built-in C# check without dotnet), deferred
// reset to unknown, audit, porting.db commit, final report.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT, GITHUB_STEP_SUMMARY]
func Post(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.Post(ctx) })
}

// Report writes the review report under reports/.
//
// Markdown, SVG charts and, with PORTWAVE_FORMAT=json, the JSON twin; it
// prints where.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_REPORTS, PORTWAVE_FORMAT, GITHUB_STEP_SUMMARY]
func Report(ctx context.Context) error {
	return command.With(ctx, func(s *command.Session) error { return s.Report(ctx) })
}

// Matrix prints the port workflow's plan job outputs for WAVE.
//
// WAVE is 1..N or all: the batches still to do as matrix JSON,
// max-parallel and their count.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_JOBS, PORTWAVE_FORCE]
func Matrix(ctx context.Context, wave string) error {
	return command.With(ctx, func(s *command.Session) error { return s.Matrix(ctx, wave) })
}

// Merge is the port workflow's merge job over the ledger files in DIR.
//
// It imports them, merges the gated batches in dependency order through
// the merge queue and audit, and commits porting.db.
//
// [env: PORTWAVE_CONFIG, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_SCOPE, NO_COLOR]
func Merge(ctx context.Context, dir string) error {
	return command.With(ctx, func(s *command.Session) error { return s.Merge(ctx, dir) })
}
