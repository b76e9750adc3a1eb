package command

// The variables each target reads, in the order its doc comment lists them
// as [env: …]: a test holds targets/, magefile.go and magefile_plan.go to
// this table, and every name to the config tables; `mage config` prints
// it. PORTWAVE_EXAMPLE and PORTWAVE_EXAMPLE_DIR are read by every target
// that loads a session, when it works on the bundled example.
var (
	// runEnv is what running a batch reads: agent, gate, worktrees, mode,
	// and the dry run that only shows what would run.
	runEnv = []string{"PORTWAVE_CONFIG", "PORTWAVE_AGENT", "PORTWAVE_MODEL", "PORTWAVE_MAX_TURNS", "PORTWAVE_ATTEMPTS",
		"PORTWAVE_AGENT_TIMEOUT", "PORTWAVE_BUILD", "PORTWAVE_TEST", "PORTWAVE_GATE_TIMEOUT", "PORTWAVE_WORKTREES",
		"PORTWAVE_SCOPE", "PORTWAVE_CONFLICT", "PORTWAVE_FORCE", "PORTWAVE_MODE", "PORTWAVE_DRY_RUN", "PORTWAVE_ORDER_BY_CALLS"}
	// scheduleEnv is what running several batches adds: concurrency,
	// the budget and fail-fast.
	scheduleEnv = []string{"PORTWAVE_JOBS", "PORTWAVE_BUDGET_USD", "PORTWAVE_FAIL_FAST"}
	noColor     = []string{"NO_COLOR"}

	// BatchTargetEnv and WaveTargetEnv are the lists of the generated
	// batch and wave targets in magefile_plan.go.
	BatchTargetEnv = join(runEnv, noColor)
	WaveTargetEnv  = join(runEnv, scheduleEnv, noColor)

	// TargetEnv is every hand-written target's list, by its Mage name.
	TargetEnv = map[string][]string{
		"config":        {"PORTWAVE_CONFIG"},
		"init":          {"PORTWAVE_FORCE", "PORTWAVE_SUBFOLDER"},
		"db:init":       {"PORTWAVE_CONFIG", "PORTWAVE_DB"},
		"db:import":     {"PORTWAVE_CONFIG", "PORTWAVE_DB"},
		"db:export":     {"PORTWAVE_CONFIG", "PORTWAVE_DB"},
		"db:map":        {"PORTWAVE_CONFIG", "PORTWAVE_DB"},
		"inventory":     {"PORTWAVE_CONFIG", "PORTWAVE_DB", "PORTWAVE_GO_ROOT", "PORTWAVE_INVENTORY_INCLUDE", "PORTWAVE_INVENTORY_EXCLUDE", "PORTWAVE_CLASS_MAP", "PORTWAVE_DRY_RUN", "PORTWAVE_FORCE"},
		"plan:show":     {"PORTWAVE_CONFIG", "PORTWAVE_BATCHES", "PORTWAVE_DB", "PORTWAVE_GO_ROOT", "PORTWAVE_ORDER_BY_CALLS", "PORTWAVE_FORMAT"},
		"plan:import":   {"PORTWAVE_CONFIG", "PORTWAVE_PLAN", "PORTWAVE_BATCHES", "PORTWAVE_DB", "PORTWAVE_GO_ROOT", "PORTWAVE_ORDER_BY_CALLS"},
		"plan:targets":  {"PORTWAVE_CONFIG", "PORTWAVE_BATCHES", "PORTWAVE_DB", "PORTWAVE_GO_ROOT", "PORTWAVE_ORDER_BY_CALLS"},
		"plan:suggest":  {"PORTWAVE_CONFIG", "PORTWAVE_BATCHES", "PORTWAVE_DB", "PORTWAVE_GO_ROOT", "PORTWAVE_WRITE"},
		"plan:split":    {"PORTWAVE_CONFIG", "PORTWAVE_BATCHES", "PORTWAVE_DB", "PORTWAVE_GO_ROOT", "PORTWAVE_CSHARP_ROOT", "PORTWAVE_JOBS", "PORTWAVE_WRITE"},
		"preflight":     {"PORTWAVE_CONFIG", "PORTWAVE_AGENT", "PORTWAVE_BUILD", "PORTWAVE_TEST", "PORTWAVE_WORKTREES", "PORTWAVE_MAIN_BRANCH", "PORTWAVE_MIN_FREE_MB"},
		"validate":      {"PORTWAVE_CONFIG", "PORTWAVE_BATCHES", "PORTWAVE_DB", "PORTWAVE_CSHARP_ROOT", "PORTWAVE_GO_ROOT", "PORTWAVE_CLASS_MAP", "PORTWAVE_ORDER_BY_CALLS", "PORTWAVE_FORMAT", "MAGEFILE_VERBOSE"},
		"batch:run":     BatchTargetEnv,
		"batch:prompt":  {"PORTWAVE_CONFIG", "PORTWAVE_PROMPT_TEMPLATE", "PORTWAVE_PROMPT_BUDGET_TOKENS", "PORTWAVE_GO_ROOT", "PORTWAVE_CSHARP_ROOT", "PORTWAVE_ORDER_BY_CALLS", "PORTWAVE_PERMISSION_MODE", "PORTWAVE_ALLOWED_TOOLS"},
		"audit:run":     {"PORTWAVE_CONFIG", "PORTWAVE_DB", "PORTWAVE_AUDIT_ROOT", "PORTWAVE_CSHARP_ROOT", "PORTWAVE_GO_ROOT", "PORTWAVE_CLASS_MAP", "PORTWAVE_STUB_MARKER", "PORTWAVE_CSHARP_SYMBOLS", "PORTWAVE_CSHARP_CONFIGURATION", "PORTWAVE_AUDIT_MAX_DEMOTE", "PORTWAVE_FORCE", "PORTWAVE_DRY_RUN", "PORTWAVE_FORMAT"},
		"audit:reset":   {"PORTWAVE_CONFIG", "PORTWAVE_DB", "PORTWAVE_AUDIT_ROOT", "PORTWAVE_DRY_RUN", "PORTWAVE_FORMAT"},
		"all":           WaveTargetEnv,
		"status":        {"PORTWAVE_CONFIG", "PORTWAVE_DB", "PORTWAVE_FORMAT"},
		"retry":         BatchTargetEnv, // one batch, as batch:run
		"post":          {"PORTWAVE_CONFIG", "PORTWAVE_BUILD", "PORTWAVE_TEST", "PORTWAVE_GATE_TIMEOUT", "PORTWAVE_DRY_RUN", "PORTWAVE_FORMAT", "GITHUB_STEP_SUMMARY"},
		"report":        {"PORTWAVE_CONFIG", "PORTWAVE_DB", "PORTWAVE_REPORTS", "PORTWAVE_FORMAT", "GITHUB_STEP_SUMMARY"},
		"demo":          {"PORTWAVE_DEMO_DIR", "PORTWAVE_DEMO_AGENT", "PORTWAVE_CLAUDE_BIN", "NO_COLOR"},
		"matrix":        {"PORTWAVE_CONFIG", "PORTWAVE_BATCHES", "PORTWAVE_DB", "PORTWAVE_JOBS", "PORTWAVE_FORCE"},
		"merge":         {"PORTWAVE_CONFIG", "PORTWAVE_BUILD", "PORTWAVE_TEST", "PORTWAVE_GATE_TIMEOUT", "PORTWAVE_WORKTREES", "PORTWAVE_SCOPE", "NO_COLOR"},
		"ledger:export": {"PORTWAVE_CONFIG", "PORTWAVE_DB"},
		"golden":        nil, // [env: none]
	}

	// OtherEnv are the variables targets read that are not portwave's own.
	// MAGEFILE_VERBOSE is Mage's -v.
	OtherEnv = []string{"NO_COLOR", "GITHUB_STEP_SUMMARY", "MAGEFILE_VERBOSE"}
)

func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
