package config_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/config"
)

func write(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "portwave.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func env(m map[string]string) config.Getenv { return func(k string) string { return m[k] } }

func TestLoadResolvesPathsAgainstTheFileAndTheWorkspace(t *testing.T) {
	path := write(t, "workspace: ../natsnet\ndb: porting.db\ncsharp_root: dotnet/src\njobs: 2\nclass_map:\n  Server: NatsServer\nallowed_tools: [Read, Grep]\n")
	c, err := config.Load(path, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	ws := filepath.Join(filepath.Dir(dir), "natsnet")
	got := []any{c.Workspace, c.DB, c.CSharpRoot, c.Batches, c.Worktrees, c.Jobs, c.ClassMap, c.AllowedTools, c.AgentTimeout, c.AgentIdleTimeout, c.AgentRetries}
	want := []any{ws, filepath.Join(ws, "porting.db"), filepath.Join(ws, "dotnet/src"), filepath.Join(dir, "batches"),
		ws + "-worktrees", 2, map[string]string{"Server": "NatsServer"}, []string{"Read", "Grep"}, 45 * time.Minute, 10 * time.Minute, 2}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestTheEnvironmentOverridesTheFile(t *testing.T) {
	path := write(t, "jobs: 2\nagent: codex\n")
	c, err := config.Load(path, env(map[string]string{"PORTWAVE_JOBS": "3", "PORTWAVE_DRY_RUN": "1", "PORTWAVE_FORMAT": "json"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Jobs != 3 || c.Agent != "codex" || !c.DryRun || c.Format != "json" {
		t.Errorf("got jobs=%d agent=%s dry=%v format=%s", c.Jobs, c.Agent, c.DryRun, c.Format)
	}
}

func TestLoadNamesThePositionOfEveryBadSetting(t *testing.T) {
	tests := []struct {
		name, body string
		env        map[string]string
		want       []string
	}{
		{"an unknown key", "jobs: 2\njbos: 3\n", nil, []string{`portwave.yaml:2:1: unknown key "jbos" (known keys: agent,`}},
		{"a bad number", "jobs: many\n", nil, []string{`portwave.yaml:1:7: jobs: want a whole number >= 1, got "many"`}},
		{"zero jobs", "jobs: 0\n", nil, []string{`portwave.yaml:1:7: jobs: want a whole number >= 1, got "0"`}},
		{"a bad duration", "agent_timeout: soon\n", nil, []string{`portwave.yaml:1:16: agent_timeout: want a duration`}},
		{"a repeated key", "jobs: 2\njobs: 3\n", nil, []string{`portwave.yaml:2:1: key "jobs" is already set on line 1`}},
		{"not a mapping", "- jobs\n", nil, []string{`portwave.yaml:1:1: want a mapping of settings`}},
		{"a bad class map", "class_map: Server\n", nil, []string{`portwave.yaml:1:12: class_map: want GoName=CSharpName pairs`}},
		{"all errors at once", "jbos: 3\njobs: x\n", nil, []string{`portwave.yaml:1:1: unknown key "jbos"`, `portwave.yaml:2:7: jobs:`}},
		{"a bad environment value", "jobs: 2\n", map[string]string{"PORTWAVE_JOBS": "-1"}, []string{`PORTWAVE_JOBS: want a whole number >= 1, got "-1"`}},
		{"a NaN budget", "", map[string]string{"PORTWAVE_BUDGET_USD": "NaN"}, []string{`PORTWAVE_BUDGET_USD: want a finite number >= 0, got "NaN"`}},
		{"an infinite budget", "budget_usd: +Inf\n", nil, []string{`portwave.yaml:1:13: budget_usd: want a finite number >= 0, got "+Inf"`}},
		{"a NaN audit threshold", "", map[string]string{"PORTWAVE_AUDIT_THRESHOLD": "NaN"}, []string{`PORTWAVE_AUDIT_THRESHOLD: want a number between 0 and 1, got "NaN"`}},
		{"a bad format", "", map[string]string{"PORTWAVE_FORMAT": "xml"}, []string{`PORTWAVE_FORMAT: want json or text, got "xml"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write(t, tt.body)
			_, err := config.Load(path, env(tt.env))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), strings.Replace(w, "portwave.yaml", path, 1)) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestTheReferenceListsEverySettingWithItsVariable(t *testing.T) {
	var b strings.Builder
	config.WriteReference(&b)
	for _, k := range config.Keys() {
		if !strings.Contains(b.String(), "PORTWAVE_"+strings.ToUpper(k)) {
			t.Errorf("reference lacks %s", k)
		}
	}
}

func TestSettingsThatWouldLetTheAgentOutOfItsWorktreeAreRefused(t *testing.T) {
	for _, tt := range []struct{ key, value string }{
		{"PORTWAVE_ALLOWED_TOOLS", "Read,Write"},
		{"PORTWAVE_ALLOWED_TOOLS", "Read,Edit"},
		{"PORTWAVE_ALLOWED_TOOLS", "Bash"},
		{"PORTWAVE_ALLOWED_TOOLS", "Bash(*)"},
		{"PORTWAVE_PERMISSION_MODE", "bypassPermissions"},
		{"PORTWAVE_PERMISSION_MODE", "acceptEdits"},
		{"PORTWAVE_PERMISSION_MODE", "auto"},
		{"PORTWAVE_SCOPE", "everything"},
	} {
		path := write(t, "")
		if _, err := config.Load(path, env(map[string]string{tt.key: tt.value})); err == nil || !strings.Contains(err.Error(), tt.key) {
			t.Errorf("%s=%s: err = %v, want it refused", tt.key, tt.value, err)
		}
	}
	c, err := config.Load(write(t, ""), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"Read", "Glob", "Grep"}, c.AllowedTools); d != "" || c.Scope != config.ScopeTargets || c.PermissionMode != config.PermissionDontAsk {
		t.Errorf("defaults: allowed_tools (-want +got):\n%s scope %q, permission mode %q", d, c.Scope, c.PermissionMode)
	}
}

// Every PORTWAVE_* name in portwave's code is in the settings or the
// variables table, so `mage config` lists it; only the test stand-ins'
// own switches are left out.
func TestEveryPortwaveVariableInTheCodeIsRegistered(t *testing.T) {
	testOnly := map[string]string{
		"PORTWAVE_FIXTURE_DIR":    "internal/fixture: where the tests find the NatsNet fixture",
		"PORTWAVE_STANDIN_DOTNET": "internal/standin/dotnet: the stand-in's failure modes",
		"PORTWAVE_STANDIN_SCRIPT": "internal/standin/claude: the stand-in's script",
		"PORTWAVE_SLOW_TESTS":     "internal/testws: the slow scenarios of the tests",
	}
	registered := map[string]bool{}
	for _, v := range config.Variables() {
		registered[v] = true
	}
	name := regexp.MustCompile(`"(PORTWAVE_[A-Z0-9_]+)"`)
	seen := 0
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range name.FindAllStringSubmatch(string(src), -1) {
			seen++
			if _, ok := testOnly[m[1]]; !ok && !registered[m[1]] {
				t.Errorf("%s reads %s, which is in neither the settings nor the variables table", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 10 {
		t.Fatalf("found only %d PORTWAVE_* names in the code; the walk missed it", seen)
	}
	var ref strings.Builder
	if err := config.WriteReference(&ref); err != nil {
		t.Fatal(err)
	}
	for _, v := range config.Variables() {
		if !strings.Contains(ref.String(), v) {
			t.Errorf("`mage config` does not list %s", v)
		}
	}
}

// The defaults are neutral: NatsNet's test project and class names are
// NatsNet's settings, in docs/natsnet.yaml.
func TestTheDefaultsNameNoPortAndNatsNetsFactsAreInItsOwnFile(t *testing.T) {
	var ref strings.Builder
	if err := config.WriteReference(&ref); err != nil {
		t.Fatal(err)
	}
	for _, natsnet := range []string{"NatsNet", "NatsServer", "ClientConnection"} {
		if strings.Contains(ref.String(), natsnet) {
			t.Errorf("a default names %s:\n%s", natsnet, ref.String())
		}
	}
	c, err := config.Load("../../docs/natsnet.yaml", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Server": "NatsServer", "client": "ClientConnection", "mqttJSA": "MqttJsa"}
	if diff := cmp.Diff(want, c.ClassMap); diff != "" {
		t.Errorf("docs/natsnet.yaml class_map (-want +got):\n%s", diff)
	}
	if c.Test != "dotnet test dotnet/tests/ZB.MOM.NatsNet.Server.Tests/" {
		t.Errorf("docs/natsnet.yaml test = %q", c.Test)
	}
}
