// Package config loads portwave's one settings file (portwave.yaml) and the
// PORTWAVE_* environment variables that override it.
//
// Every setting is declared once, in the settings table, with its key, its
// default and its documentation; the YAML keys, the environment variables and
// `mage config` all come from that table, so they cannot drift apart.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"portwave/mage/excerpt"
	"portwave/mage/input"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Environment variables that are not settings of the file; each is in the
// variables table (variable.go) with its documentation.
const (
	ConfigEnv     = "PORTWAVE_CONFIG"      // path of the config file (default: portwave.yaml here or above, up to the git repository's top)
	FormatEnv     = "PORTWAVE_FORMAT"      // "json" makes plan, audit, status and report print JSON
	DryRunEnv     = "PORTWAVE_DRY_RUN"     // "1": compute and print, write nothing
	ForceEnv      = "PORTWAVE_FORCE"       // "1": re-run finished batches; let an audit demote past audit_max_demote; let an inventory add or remove items of a tracked database
	FailFastEnv   = "PORTWAVE_FAIL_FAST"   // "1": stop scheduling after the first failed batch
	ModeEnv       = "PORTWAVE_MODE"        // "branch": a batch stops after its gate (the Actions matrix)
	ExampleEnv    = "PORTWAVE_EXAMPLE"     // "1": work on the bundled example, outside portwave's clone too
	ExampleDirEnv = "PORTWAVE_EXAMPLE_DIR" // where the bundled example workspace is set up
	DemoDirEnv    = "PORTWAVE_DEMO_DIR"    // a folder the demo reuses; default a fresh one per run
	DemoAgentEnv  = "PORTWAVE_DEMO_AGENT"  // the demo's agent: replay or claude
	ClaudeBinEnv  = "PORTWAVE_CLAUDE_BIN"  // the claude CLI the demo drives with PORTWAVE_DEMO_AGENT=claude
	WriteEnv      = "PORTWAVE_WRITE"       // "1": plan:split and plan:suggest write the batch files they propose
	SubfolderEnv  = "PORTWAVE_SUBFOLDER"   // "1": init sets up in a subfolder of a git repository
	// Set by portwave for its own merge driver, not by hand.
	MergeDriverRunEnv = "PORTWAVE_AS_MERGE_DRIVER" // "1": the executable runs as the merge driver git started
	MergeReportEnv    = "PORTWAVE_MERGE_REPORT"    // the file the merge driver writes what it did to
)

// FileName is the config file looked for in the current folder and the
// folders above it.
const FileName = "portwave.yaml"

// ErrNoConfig means no config file was named or found (Find returns a
// *NotFound saying where it looked); inside portwave's clone, callers fall
// back to the bundled example.
var ErrNoConfig = errors.New("no portwave.yaml")

// Config is the resolved configuration: paths are absolute.
type Config struct {
	Source string // the file it came from
	Dir    string // the folder of that file; file-relative paths start here

	Workspace  string
	DB         string
	GoRoot     string
	CSharpRoot string
	AuditRoot  string // the tree the audit scans: the C# root and the tests
	Plan       string
	Batches    string
	Reports    string
	Worktrees  string
	MainBranch string

	Build string
	Test  string

	Agent          string
	AgentCommand   string
	Transcripts    string
	PromptTemplate string
	Model          string
	PermissionMode string
	MaxTurns       int
	AllowedTools   []string
	MaxBudgetUSD   float64
	AgentTimeout   time.Duration
	// AgentIdleTimeout, AgentRetries and AgentRetryBackoff: see
	// agent_idle_timeout, agent_retries and agent_retry_backoff in setting.go.
	AgentIdleTimeout    time.Duration
	AgentRetries        int
	AgentRetryBackoff   time.Duration
	Attempts            int
	Jobs                int
	GateTimeout         time.Duration
	AuditThreshold      float64
	AuditMaxDemote      int
	CSharpSymbols       []string // empty: from the project files
	CSharpConfiguration string

	InventoryInclude []string
	InventoryExclude []string
	BudgetUSD        float64
	Scope            string // ScopeTargets, ScopeCSharp or ScopeAny
	MinFreeMB        int    // preflight: free space wanted before a run
	Conflict         string // ConflictStop or ConflictAgent: what a merge conflict does
	MergeDriver      string // MergeDriverPortwave, MergeDriverMergiraf or MergeDriverGit: how C# files merge on batch branches
	OrderByCalls     bool   // a batch runs after the batches its calls go into (implied dependencies)
	// Sandbox is what confines the agent and the gate's commands (see
	// mage/sandbox); SandboxGateNetwork gives the gate the network.
	Sandbox            string
	SandboxGateNetwork bool

	PromptBudgetTokens int // the whole prompt's budget; the call-graph context is cut to fit

	StubMarker string
	ClassMap   map[string]string

	ImportColumns map[string]string // another tracker's column names, by portwave column
	ImportQuery   string            // the SELECT over an existing SQLite tracker

	Format   string
	DryRun   bool
	Force    bool
	FailFast bool
	Write    bool
}

// Getenv reads the environment; tests pass a map's lookup instead.
type Getenv func(string) string

// Load reads the config file at path, applies the environment over it and
// resolves every path.
func Load(path string, getenv Getenv) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	data, err := input.ReadFile(abs, input.MaxConfig)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	c := &Config{Source: abs, Dir: filepath.Dir(abs)}
	for _, s := range settings {
		if err := s.set(c, s.def); err != nil {
			panic(fmt.Sprintf("default of %s: %v", s.key, err)) // a programming error in the table
		}
	}
	if err := c.decode(path, bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))); err != nil {
		return nil, err
	}
	fromEnv, err := c.applyEnv(getenv)
	if err != nil {
		return nil, err
	}
	c.resolve(fromEnv)
	return c, nil
}

func (c *Config) decode(name string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file: all defaults
	}
	lines := strings.Split(string(data), "\n")
	// errorAt is "file:line:col: message", then the line with a caret
	// under the column.
	errorAt := func(n *yaml.Node, format string, args ...any) error {
		msg := fmt.Sprintf("%s:%d:%d: %s", name, n.Line, n.Column, fmt.Sprintf(format, args...))
		if n.Line >= 1 && n.Line <= len(lines) {
			if ex := excerpt.Line(lines[n.Line-1], n.Line, n.Column); ex != "" {
				msg += "\n" + ex
			}
		}
		return errors.New(msg)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return errorAt(root, "want a mapping of settings (key: value), got a %s", kindName(root))
	}
	var errs []error
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		s, ok := lookup(k.Value)
		if !ok {
			errs = append(errs, errorAt(k, "unknown key %q (known keys: %s)", k.Value, strings.Join(Keys(), ", ")))
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			errs = append(errs, errorAt(k, "key %q is already set on line %d", k.Value, prev))
			continue
		}
		seen[k.Value] = k.Line
		val, err := scalarOrList(v)
		if err == nil {
			err = s.set(c, val)
		}
		if err != nil {
			errs = append(errs, errorAt(v, "%s: %v", k.Value, err))
		}
	}
	return errors.Join(errs...)
}

// scalarOrList flattens a YAML value into the same text an environment
// variable would hold: lists and maps become comma-separated.
func scalarOrList(v *yaml.Node) (string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		return v.Value, nil
	case yaml.SequenceNode:
		var parts []string
		for _, e := range v.Content {
			if e.Kind != yaml.ScalarNode {
				return "", fmt.Errorf("want a list of plain values")
			}
			parts = append(parts, e.Value)
		}
		return strings.Join(parts, ","), nil
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(v.Content); i += 2 {
			parts = append(parts, v.Content[i].Value+"="+v.Content[i+1].Value)
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a value, got a %s", kindName(v))
}

func kindName(n *yaml.Node) string {
	return map[yaml.Kind]string{yaml.DocumentNode: "document", yaml.SequenceNode: "list",
		yaml.MappingNode: "mapping", yaml.ScalarNode: "value", yaml.AliasNode: "alias"}[n.Kind]
}

func (c *Config) applyEnv(getenv Getenv) (map[string]bool, error) {
	fromEnv := map[string]bool{}
	var errs []error
	for _, s := range settings {
		if v := getenv(s.Env()); v != "" {
			if err := s.set(c, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", s.Env(), err))
			}
			fromEnv[s.key] = true
		}
	}
	c.Format = getenv(FormatEnv)
	if c.Format != "" && c.Format != "json" && c.Format != "text" {
		errs = append(errs, fmt.Errorf("%s: want json or text, got %q", FormatEnv, c.Format))
	}
	c.DryRun, c.Force, c.FailFast = isTrue(getenv(DryRunEnv)), isTrue(getenv(ForceEnv)), isTrue(getenv(FailFastEnv))
	c.Write = isTrue(getenv(WriteEnv))
	return fromEnv, errors.Join(errs...)
}

func isTrue(v string) bool {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// resolve makes every path absolute. Paths from the file are relative to the
// file (or the workspace); paths from the environment are relative to the
// current directory, as a shell user would expect.
func (c *Config) resolve(fromEnv map[string]bool) {
	cwd, _ := os.Getwd()
	base := func(key, rel string) string {
		if fromEnv[key] {
			return cwd
		}
		return rel
	}
	abs := func(dir, p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Clean(filepath.Join(dir, p))
	}
	c.Workspace = abs(base("workspace", c.Dir), c.Workspace)
	c.DB = abs(base("db", c.Workspace), c.DB)
	c.GoRoot = abs(base("go_root", c.Workspace), c.GoRoot)
	c.CSharpRoot = abs(base("csharp_root", c.Workspace), c.CSharpRoot)
	if c.AuditRoot == "" {
		c.AuditRoot = c.CSharpRoot
	} else {
		c.AuditRoot = abs(base("audit_root", c.Workspace), c.AuditRoot)
	}
	c.Plan = abs(base("plan", c.Dir), c.Plan)
	c.Batches = abs(base("batches", c.Dir), c.Batches)
	c.Reports = abs(base("reports", c.Dir), c.Reports)
	c.Transcripts = abs(base("transcripts", c.Workspace), c.Transcripts)
	c.PromptTemplate = abs(base("prompt_template", c.Dir), c.PromptTemplate)
	if c.Worktrees == "" {
		c.Worktrees = c.Workspace + "-worktrees"
	} else {
		c.Worktrees = abs(base("worktrees", c.Workspace), c.Worktrees)
	}
}

func lookup(key string) (setting, bool) {
	for _, s := range settings {
		if s.key == key {
			return s, true
		}
	}
	return setting{}, false
}

// Keys lists every setting key, sorted.
func Keys() []string {
	keys := make([]string, len(settings))
	for i, s := range settings {
		keys[i] = s.key
	}
	sort.Strings(keys)
	return keys
}
