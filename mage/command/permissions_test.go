package command_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/command"
)

func TestConfigAndBatchPromptShowThePermissionRulesInEffect(t *testing.T) {
	t.Chdir(t.TempDir())
	s, out, log := session(t, env{command.ExampleEnv: "1", command.ExampleDirEnv: t.TempDir(),
		"PORTWAVE_BUILD": "dotnet build dotnet/", "PORTWAVE_TEST": "dotnet test dotnet/tests/MiniBus.Tests/"})
	slot := filepath.Join(s.Config.Worktrees, "slot-N")
	want := []string{
		"permission mode dontAsk",
		"allow Read\n", "allow Glob\n", "allow Grep\n",
		"allow Edit(/" + slot + "/**)",
		"allow Bash(dotnet build dotnet/)\n",
		"allow Bash(dotnet test dotnet/tests/MiniBus.Tests/)\n",
		"deny  Edit(/" + s.Config.Workspace + "/**)",
	}
	if err := s.ShowConfig(); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("config lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out.String(), "allow Write") || strings.Contains(out.String(), "allow Edit\n") {
		t.Errorf("config shows an unscoped write rule:\n%s", out)
	}
	out.Reset()
	if err := s.BatchPrompt(context.Background(), 12); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(log.String(), w) {
			t.Errorf("batch:prompt lacks %q:\n%s", w, log)
		}
	}
	if strings.Contains(out.String(), "allow ") {
		t.Error("the rules went into the prompt text")
	}
}

// A gate command that is a pipeline lets the agent run its first program,
// the one a Bash rule can match, and none of the filters after it: tee
// writes a file, and the gate's filters are the gate's.
func TestTheAgentMayRunAPipelineGatesFirstProgramOnly(t *testing.T) {
	t.Chdir(t.TempDir())
	s, out, _ := session(t, env{command.ExampleEnv: "1", command.ExampleDirEnv: t.TempDir(),
		"PORTWAVE_BUILD": "dotnet build dotnet/ -warnaserror | tee build.log | grep -v Determining", "PORTWAVE_TEST": "dotnet test dotnet/tests/MiniBus.Tests/"})
	if err := s.ShowConfig(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "allow Bash(dotnet build dotnet/ -warnaserror)\n") {
		t.Errorf("config does not allow the pipeline's build program:\n%s", out)
	}
	if strings.Contains(out.String(), "allow Bash(tee") || strings.Contains(out.String(), "tee build.log)") {
		t.Errorf("config lets the agent run the gate's filters:\n%s", out)
	}
}

// config and preflight say which merge driver is in force on the batch
// branches: portwave's own by default, this executable as the driver.
func TestConfigAndPreflightSayWhichMergeDriverIsInForce(t *testing.T) {
	t.Chdir(t.TempDir())
	exe, _ := os.Executable()
	want := "merging main into a batch's branch (merge_driver: portwave): git's line merge, then portwave's merge by members for a C# file left in conflict (driver: " + exe + ")"
	e := env{command.ExampleEnv: "1", command.ExampleDirEnv: t.TempDir(), "PORTWAVE_AGENT": "replay", "PORTWAVE_BUILD": "portwave:csharp-check", "PORTWAVE_TEST": " "}
	s, out, _ := session(t, e)
	if err := s.ShowConfig(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), want) {
		t.Errorf("config lacks %q:\n%s", want, out)
	}
	out.Reset()
	if err := s.Preflight(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "is ready to run\n"+want+"\n") {
		t.Errorf("preflight lacks %q:\n%s", want, out)
	}
	e["PORTWAVE_MERGE_DRIVER"] = "git"
	s, out, _ = session(t, e)
	if err := s.ShowConfig(); err != nil {
		t.Fatal(err)
	}
	if want := "(merge_driver: git): git's line merge alone; no driver is registered"; !strings.Contains(out.String(), want) {
		t.Errorf("config lacks %q:\n%s", want, out)
	}
}

// config and preflight say which protection is in force, and a run
// without one says so every time.
func TestConfigAndPreflightSayWhichProtectionIsInForce(t *testing.T) {
	for _, tt := range []struct{ setting, want, warn string }{
		{"auto", "protection: bubblewrap (", ""},
		{"none", "protection: none: the agent and the gate's build and tests run with every right portwave has", "warning: sandbox: none"},
	} {
		t.Run(tt.setting, func(t *testing.T) {
			t.Chdir(t.TempDir())
			s, out, log := session(t, env{command.ExampleEnv: "1", command.ExampleDirEnv: t.TempDir(), "PORTWAVE_SANDBOX": tt.setting, "PORTWAVE_AGENT": "replay"})
			if err := s.ShowConfig(); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("config lacks %q:\n%s", tt.want, out)
			}
			out.Reset()
			if err := s.Preflight(context.Background()); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("preflight lacks %q:\n%s", tt.want, out)
			}
			if got := strings.Contains(out.String()+log.String(), "warning: sandbox: none"); got != (tt.warn != "") {
				t.Errorf("preflight warns %v, want %v:\n%s%s", got, tt.warn != "", out, log)
			}
		})
	}
}
