package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"portwave/mage/sandbox"
	"portwave/scripts"
)

// EnvPrefix starts every environment variable portwave reads.
const EnvPrefix = "PORTWAVE_"

// setting is one key of portwave.yaml. Each is also an environment variable,
// PORTWAVE_ plus the key in upper case, which overrides the file: Mage
// targets take no flags, so the environment is how a run is tuned.
type setting struct {
	key, def, doc string
	set           func(c *Config, v string) error
}

// Env is the environment variable that overrides this setting.
func (s setting) Env() string { return EnvPrefix + strings.ToUpper(s.key) }

// settings is the one table of every setting: loading, overriding and the
// documentation (`mage config`, the README) all come from it. Defaults are
// neutral; a port's own facts (its test project, its class names) are in
// its portwave.yaml, as docs/natsnet.yaml shows for NatsNet.
var settings = []setting{
	{"workspace", ".", "the git repository being ported (relative to the config file)", func(c *Config, v string) error { c.Workspace = v; return nil }},
	{"db", "porting.db", "porting.db (relative to the workspace)", func(c *Config, v string) error { c.DB = v; return nil }},
	{"go_root", "go", "the Go source tree the port comes from (relative to the workspace)", func(c *Config, v string) error { c.GoRoot = v; return nil }},
	{"csharp_root", "dotnet", "the C# tree audited and edited (relative to the workspace)", func(c *Config, v string) error { c.CSharpRoot = v; return nil }},
	{"audit_root", "", "the C# tree the audit scans, source and tests (relative to the workspace; default: csharp_root)", func(c *Config, v string) error { c.AuditRoot = v; return nil }},
	{"plan", "plan.md", "the plan document `mage plan:import` reads (relative to the config file)", func(c *Config, v string) error { c.Plan = v; return nil }},
	{"batches", "batches", "the folder of batch files (relative to the config file)", func(c *Config, v string) error { c.Batches = v; return nil }},
	{"build", scripts.Build, "the build gate command, run in the worktree: a program, or a pipeline such as `dotnet build dotnet/ | tee build.log` (tee, grep, head and tail are filters; default from scripts/build.pipeline)", func(c *Config, v string) error { c.Build = v; return nil }},
	{"test", scripts.Test, "the test gate command, run in the worktree, a program or a pipeline as build (default from scripts/test.pipeline)", func(c *Config, v string) error { c.Test = v; return nil }},
	{"agent", "claude", "the agent adapter: claude, codex or command", func(c *Config, v string) error { c.Agent = v; return nil }},
	{"agent_command", "", "the command template for agent=command (prompt on stdin, worktree as cwd)", func(c *Config, v string) error { c.AgentCommand = v; return nil }},
	{"transcripts", "transcripts", "recorded agent transcripts for agent=replay (relative to the workspace)", func(c *Config, v string) error { c.Transcripts = v; return nil }},
	{"prompt_template", "", "the prompt template (default: portwave's scripts/prompt.tmpl; relative to the config file)", func(c *Config, v string) error { c.PromptTemplate = v; return nil }},
	{"prompt_budget_tokens", "60000", "tokens (about 4 characters each) a batch's prompt may take; the call-graph context is cut to fit", intSetter(func(c *Config) *int { return &c.PromptBudgetTokens }, 1)},
	{"model", "sonnet", "the model the agent uses", func(c *Config, v string) error { c.Model = v; return nil }},
	{"permission_mode", PermissionDontAsk, "claude --permission-mode: dontAsk or manual, in which a shell command runs only when a rule allows it exactly (acceptEdits, auto and bypassPermissions are refused: they approve commands no rule names)", setPermissionMode},
	{"max_turns", "200", "claude --max-turns per attempt", intSetter(func(c *Config) *int { return &c.MaxTurns }, 1)},
	{"allowed_tools", "Read,Glob,Grep", "claude --allowedTools, comma-separated; portwave adds Edit(//<worktree>/**) and the exact Bash(<build>) and Bash(<test>), and refuses unscoped Write, Edit or Bash", setAllowedTools},
	{"max_budget_usd", "0", "claude --max-budget-usd per attempt (0: no limit)", floatSetter(func(c *Config) *float64 { return &c.MaxBudgetUSD })},
	{"agent_timeout", "45m", "how long one agent attempt may run", durationSetter(func(c *Config) *time.Duration { return &c.AgentTimeout })},
	{"agent_idle_timeout", "10m", "kill an agent whose output stays silent this long", durationSetter(func(c *Config) *time.Duration { return &c.AgentIdleTimeout })},
	{"agent_retry_backoff", "15s", "the pause before the first rerun of an agent after a transient failure; it doubles for each next one", durationSetter(func(c *Config) *time.Duration { return &c.AgentRetryBackoff })},
	{"agent_retries", "2", "reruns of an agent after a transient failure (API 5xx/529, a cut stream, a crash that left no edits), not counted as attempts", intSetter(func(c *Config) *int { return &c.AgentRetries }, 0)},
	{"attempts", "2", "agent attempts per batch when the gate fails", intSetter(func(c *Config) *int { return &c.Attempts }, 1)},
	{"conflict", ConflictStop, "what a conflict merging main into a batch's branch does: stop (the batch ends conflict; resolve by hand, then `mage retry`) or agent (the agent gets the conflicting hunks and both sides as another attempt, counted against attempts; the gate then judges the result before main moves)", setConflict},
	{"merge_driver", MergeDriverPortwave, "how merging main into a batch's branch merges a file both sides changed: portwave (git's line merge, then, for a C# file it leaves in conflict, portwave's merge by members, which keeps every member both sides added when no member and no text outside members was changed by both; anything else stays the conflict), mergiraf (the mergiraf merge driver for C# files, when it is on PATH) or git (git's line merge alone)", setMergeDriver},
	{"gate_timeout", "30m", "how long one build or test command may run", durationSetter(func(c *Config) *time.Duration { return &c.GateTimeout })},
	{"audit_threshold", "1", "share of a batch's features that must be implemented for its gate to pass (0..1)", func(c *Config, v string) error {
		if err := floatSetter(func(c *Config) *float64 { return &c.AuditThreshold })(c, v); err != nil || c.AuditThreshold > 1 {
			return fmt.Errorf("want a number between 0 and 1, got %q", v)
		}
		return nil
	}},
	{"sandbox", sandbox.Auto, "what confines the agent and the gate's build and tests: auto (bubblewrap on Linux, seatbelt on macOS), bwrap, seatbelt, or none (unconfined: an explicit opt-out, warned about on every run)", setSandbox},
	{"sandbox_gate_network", "false", "give the gate's build and tests the network inside the sandbox (false: dotnet restores from the local NuGet cache only)", setSandboxGateNetwork},
	{"scope", ScopeTargets, "which changed files pass the gate: targets (the batch's target files), csharp (anything under audit_root, the C# source and tests) or any (anything in the worktree); under targets and csharp a file outside the C# tree fails", setScope},
	{"inventory_include", "", "globs of the Go files the tracker covers, relative to go_root (** spans folders; feature: or test: limits one to a kind; FILES:NAME to the items named NAME, Receiver.Name for a method; default: all)", func(c *Config, v string) error { c.InventoryInclude = splitList(v); return nil }},
	{"inventory_exclude", "", "globs of Go files or FILES:NAME items the tracker leaves out, as inventory_include", func(c *Config, v string) error { c.InventoryExclude = splitList(v); return nil }},
	{"csharp_symbols", "", "preprocessor symbols the C# scanner (audit and portwave:csharp-check) defines for #if in every file, comma-separated; default: for each file, those the compiler defines for its project's target frameworks (TargetFramework(s), DefineConstants of the .csproj files and Directory.Build.props; `mage config` prints them)", func(c *Config, v string) error { c.CSharpSymbols = splitList(v); return nil }},
	{"csharp_configuration", "Debug", "the build configuration whose #if symbols the project files give (Debug defines DEBUG, Release RELEASE), as dotnet build -c", func(c *Config, v string) error {
		if v = strings.TrimSpace(v); v == "" || strings.ContainsAny(v, ";,$()") {
			return fmt.Errorf("want a configuration name such as Debug or Release, got %q", v)
		}
		c.CSharpConfiguration = v
		return nil
	}},
	{"audit_max_demote", "0", "the most demotions an audit writes without PORTWAVE_FORCE=1 (0: the larger of 50 and 2% of verified items)", intSetter(func(c *Config) *int { return &c.AuditMaxDemote }, 0)},
	{"order_by_calls", "true", "run a batch after the batches of the same or an earlier wave whose features it calls, as if the plan declared those dependencies (implied dependencies; `validate` and `plan` show them): all, the waves and the generated batch targets alike; false runs by the declared dependencies only", boolSetter(func(c *Config) *bool { return &c.OrderByCalls })},
	{"jobs", "3", "batches run at once", intSetter(func(c *Config) *int { return &c.Jobs }, 1)},
	{"budget_usd", "0", "stop starting batches once recorded agent cost reaches this (0: no limit)", floatSetter(func(c *Config) *float64 { return &c.BudgetUSD })},
	{"worktrees", "", "where batch worktrees go (default: <workspace>-worktrees beside it)", func(c *Config, v string) error { c.Worktrees = v; return nil }},
	{"main_branch", "main", "the workspace branch batches start from and merge into", func(c *Config, v string) error { c.MainBranch = v; return nil }},
	{"stub_marker", "// TODO: port", "a body holding only this comment counts as a stub", func(c *Config, v string) error { c.StubMarker = v; return nil }},
	{"class_map", "", "Go receiver -> C# class for items with no mapping (key=value,...; default: the receiver's name)", func(c *Config, v string) error {
		m, err := parseMap(v)
		c.ClassMap = m
		return err
	}},
	{"min_free_mb", "200", "free megabytes preflight wants on the workspace's and the worktrees' filesystems before any agent starts (0: no check)", intSetter(func(c *Config) *int { return &c.MinFreeMB }, 0)},
	{"reports", "reports", "where `mage report` writes (relative to the config file)", func(c *Config, v string) error { c.Reports = v; return nil }},
	{"import_columns", "", "another tracker's column names, portwave column: theirs, read by db:import and written back by db:export (e.g. {id: feature_id, go_name: func})", func(c *Config, v string) error {
		m := map[string]string{}
		for _, pair := range splitList(v) {
			k, val, ok := strings.Cut(pair, "=")
			if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(val) == "" {
				return fmt.Errorf("want portwave_column: their_column pairs, got %q", pair)
			}
			m[strings.TrimSpace(k)] = strings.TrimSpace(val)
		}
		c.ImportColumns = m
		return nil
	}},
	{"import_query", "", "the SELECT that lists an existing SQLite tracker's items, for `db:import TRACKER.db` (its column names go through import_columns)", func(c *Config, v string) error { c.ImportQuery = v; return nil }},
}

func intSetter(field func(*Config) *int, min int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < min {
			return fmt.Errorf("want a whole number >= %d, got %q", min, v)
		}
		*field(c) = n
		return nil
	}
}

func boolSetter(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "1", "yes", "on":
			*field(c) = true
		case "false", "0", "no", "off":
			*field(c) = false
		default:
			return fmt.Errorf("want true or false, got %q", v)
		}
		return nil
	}
}

func floatSetter(field func(*Config) *float64) func(*Config, string) error {
	return func(c *Config, v string) error {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		// NaN compares false with everything, so a NaN budget or threshold
		// would silently mean "no limit"; Inf is no number a user means.
		if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("want a finite number >= 0, got %q", v)
		}
		*field(c) = f
		return nil
	}
}

func durationSetter(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || d <= 0 {
			return fmt.Errorf("want a duration such as 90m or 2h, got %q", v)
		}
		*field(c) = d
		return nil
	}
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func parseMap(v string) (map[string]string, error) {
	m := map[string]string{}
	for _, pair := range splitList(v) {
		k, val, ok := strings.Cut(pair, "=")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(val) == "" {
			return nil, fmt.Errorf("want GoName=CSharpName pairs separated by commas, got %q", pair)
		}
		m[strings.TrimSpace(k)] = strings.TrimSpace(val)
	}
	return m, nil
}
