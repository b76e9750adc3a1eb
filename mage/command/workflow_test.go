package command_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"

	"portwave/mage/command"
)

const workflowDir = "../../.github/workflows"

// linter is actionlint with shellcheck checking the run: scripts when it
// is installed (CI installs it); pyflakes is off, no workflow runs Python.
func linter(t *testing.T) *actionlint.Linter {
	t.Helper()
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else {
		t.Log("shellcheck is not installed: run: scripts are checked by actionlint alone")
	}
	l, err := actionlint.NewLinter(io.Discard, opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// portWorkflow is the port workflow init writes, for a Mage module at the
// root or in magefiles/.
func portWorkflow(t *testing.T, folder string) []byte {
	t.Helper()
	data, err := command.Workflow(command.WorkflowOptions{Folder: folder, Repository: "example/portwave", Ref: "0123456789abcdef0123456789abcdef01234567"})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// portwave's own workflow (ci.yml) and the port workflow init writes,
// for both places of a port's Mage module, pass actionlint.
func TestEveryWorkflowPassesActionlint(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(workflowDir, "*.yml"))
	if err != nil || len(files) < 1 {
		t.Fatalf("want ci.yml in %s, found %v (%v)", workflowDir, files, err)
	}
	findings, err := linter(t).LintFiles(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, folder := range []string{".", "magefiles"} {
		more, err := linter(t).Lint("port.yml ("+folder+")", portWorkflow(t, folder), nil)
		if err != nil {
			t.Fatal(err)
		}
		findings = append(findings, more...)
	}
	for _, f := range findings {
		t.Errorf("%s:%d:%d: %s [%s]", f.Filepath, f.Line, f.Column, f.Message, f.Kind)
	}
}

// The lint above must be able to fail: a typo in an output name, and
// (with shellcheck) an unquoted variable in a script, are findings.
func TestActionlintFindsAMistakeInTheWorkflow(t *testing.T) {
	data := portWorkflow(t, ".")
	tests := []struct{ name, old, new, want string }{
		{"an output that does not exist", "fromJSON(needs.plan.outputs.jobs)", "fromJSON(needs.plan.outputs.jbos)", `property "jbos" is not defined`},
		{"an unquoted variable", `go run mage.go batch:run "$BATCH"`, `go run mage.go batch:run $BATCH`, "SC2086"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := linter(t)
			if tt.want == "SC2086" {
				if _, err := exec.LookPath("shellcheck"); err != nil {
					t.Log("shellcheck is not installed: nothing checks the scripts")
					return
				}
			}
			broken := strings.Replace(string(data), tt.old, tt.new, 1)
			if broken == string(data) {
				t.Fatalf("port.yml has no %q to break", tt.old)
			}
			findings, err := l.Lint("port.yml", []byte(broken), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(findings) != 1 || !strings.Contains(findings[0].Message, tt.want) {
				for _, f := range findings {
					t.Log(f.Message)
				}
				t.Errorf("%d findings, want one saying %q", len(findings), tt.want)
			}
		})
	}
}

type workflow struct {
	Jobs map[string]struct {
		Steps []struct {
			Name string
			Run  string
			Env  map[string]string
		}
	}
}

func TestTheAgentKeyReachesOnlyTheStepThatRunsTheAgent(t *testing.T) {
	data := portWorkflow(t, ".")
	if n := strings.Count(string(data), "secrets."); n != 1 {
		t.Errorf("port.yml names a secret %d times, want once", n)
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	var holders []string
	for job, j := range wf.Jobs {
		for _, s := range j.Steps {
			for k, v := range s.Env {
				if strings.Contains(v, "secrets.") {
					holders = append(holders, job+": "+k+" in "+strings.TrimSpace(s.Run))
				}
			}
			if strings.Contains(s.Run, "ANTHROPIC_API_KEY") || strings.Contains(s.Run, "secrets.") {
				t.Errorf("step %q of %s mentions the key in its script", s.Name, job)
			}
		}
	}
	want := `batch: ANTHROPIC_API_KEY in go run mage.go batch:run "$BATCH"`
	if len(holders) != 1 || holders[0] != want {
		t.Errorf("steps holding a secret: %q, want only %q", holders, want)
	}
}

// Every `go run mage.go TARGET` of the workflows is a target of
// portwave/targets, which a port's magefile imports.
func TestTheWorkflowsCallOnlyTargetsThatExist(t *testing.T) {
	var magefile []byte
	sources, _ := filepath.Glob("../../targets/*.go")
	for _, f := range sources {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		magefile = append(magefile, data...)
	}
	calls := regexp.MustCompile(`go run (?:-C magefiles )?mage\.go ([a-z0-9:]+)`)
	workflows := map[string][]byte{"port.yml": portWorkflow(t, "."), "port.yml (magefiles)": portWorkflow(t, "magefiles")}
	files, _ := filepath.Glob(filepath.Join(workflowDir, "*.yml"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		workflows[filepath.Base(f)] = data
	}
	seen := 0
	for name, data := range workflows {
		for _, m := range calls.FindAllStringSubmatch(string(data), -1) {
			seen++
			ns, fn, namespaced := strings.Cut(m[1], ":")
			decl := `(?mi)^func ` + ns + `\(`
			if namespaced {
				decl = `(?mi)^func \(` + ns + `\) ` + fn + `\(`
			}
			if !regexp.MustCompile(decl).Match(magefile) {
				t.Errorf("%s calls `mage %s`, which portwave/targets does not define", name, m[1])
			}
		}
	}
	if seen < 10 {
		t.Errorf("found %d target calls in the workflows, want the plan, batch, export, merge and report steps of both layouts", seen)
	}
}

// portwave's own repository tells one story at its root, the bundled
// example's: no batch files of another plan beside its magefile_plan.go,
// and no workflow of its own that needs a portwave.yaml it does not have
// (the port workflow is init's, for a port's repository).
func TestPortwavesRootTellsOneStory(t *testing.T) {
	if _, err := os.Stat("../../batches"); !os.IsNotExist(err) {
		t.Errorf("the root has a batches/ folder (%v): NatsNet's batch files are test data under internal/fixture/testdata", err)
	}
	if _, err := os.Stat("../../portwave.yaml"); !os.IsNotExist(err) {
		t.Errorf("the root has a portwave.yaml (%v): in this clone the targets work on the bundled example", err)
	}
	files, _ := filepath.Glob(filepath.Join(workflowDir, "*.yml"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if strings.Contains(string(data), "PORTWAVE_CONFIG") || strings.Contains(string(data), "go run mage.go") {
			t.Errorf("%s runs portwave's targets on a workspace portwave's repository does not hold", filepath.Base(f))
		}
	}
}
