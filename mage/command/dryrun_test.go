package command_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/natsnetws"
	"portwave/internal/testws"
	"portwave/mage/command"
)

// repoState is everything a dry run must leave as it was.
func repoState(t *testing.T, s *command.Session) map[string]string {
	t.Helper()
	st := map[string]string{"porting.db": fileHash(t, s.Config.DB)}
	for _, args := range [][]string{{"status", "--porcelain", "--untracked-files=all"}, {"log", "--all", "--format=%H %s"},
		{"worktree", "list", "--porcelain"}, {"stash", "list"}, {"branch", "-a"}} {
		out, err := exec.Command("git", append([]string{"-C", s.Config.Workspace}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		st["git "+args[0]] = string(out)
	}
	_, err := os.Stat(s.Config.Worktrees)
	st["worktrees folder exists"] = map[bool]string{true: "yes", false: "no"}[err == nil]
	return st
}

func TestADryRunPrintsTheOrderPromptsAndCommandsAndStartsOrWritesNothing(t *testing.T) {
	t.Chdir(t.TempDir())
	ws := testws.New(t, nil)
	// In the agent's home, which the sandbox lets it write.
	started := filepath.Join(ws.Config.Worktrees, "agent-home", "agent-started")
	e := env{"PORTWAVE_CONFIG": ws.Config.Source, "PORTWAVE_AGENT": "command", "PORTWAVE_BUILD": "portwave:csharp-check", "PORTWAVE_TEST": " ",
		"PORTWAVE_AGENT_COMMAND": "sh -c 'mkdir -p " + filepath.Dir(started) + "; touch " + started + "; exit 1'"}
	for k, v := range ws.Env {
		e[k] = v
	}
	// A real run first, so retry has a failed batch to resume.
	real, _, _ := session(t, e)
	ctx := context.Background()
	if err := real.BatchRun(ctx, 11); err == nil {
		t.Fatal("the failing agent did not fail batch 11")
	}
	if _, err := os.Stat(started); err != nil {
		t.Fatalf("the setup's agent never ran (%v): %v", real.BatchRun(ctx, 11), err)
	}
	os.Remove(started)

	dry := env{"PORTWAVE_DRY_RUN": "1"}
	for k, v := range e {
		dry[k] = v
	}
	s, out, _ := session(t, dry)
	before := repoState(t, s)
	runs := []struct {
		name string
		run  func() error
		want []string
	}{
		{"wave1", func() error { return s.Wave(ctx, 1) }, []string{"dry run of wave1", "order (2 at once): 11, 12", "prompt ", "bytes", "built-in C# check", "git merge --ff-only port/batch-12"}},
		{"all", func() error { return s.All(ctx) }, []string{"dry run of all", "order (2 at once): 11, 12, 13, 14", "depends on 13"}},
		{"batch:run", func() error { return s.BatchRun(ctx, 13) }, []string{"batch 13 Client Subscriptions", "sh -c"}},
		{"retry", func() error { return s.Retry(ctx, 11) }, []string{"batch 11", "last run failed at agent", "starts at agent"}},
		{"post", func() error { return s.Post(ctx) }, []string{"dry run of post", "deferred item(s) to unknown", "git commit -- porting.db"}},
	}
	for _, r := range runs {
		out.Reset()
		if err := r.run(); err != nil {
			t.Errorf("%s: %v", r.name, err)
		}
		for _, w := range r.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s: the output lacks %q:\n%s", r.name, w, out)
			}
		}
	}
	if d := cmp.Diff(before, repoState(t, s)); d != "" {
		t.Errorf("a dry run changed the workspace (-before +after):\n%s", d)
	}
	if _, err := os.Stat(started); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a dry run started the agent: %v", err)
	}
}

// The dry run's prompt sizes are those of the prompts batch:prompt prints,
// call-graph context included, for every batch of NatsNet's plan.
func TestTheDryRunsPromptSizesAreBatchPromptsOnNatsNet(t *testing.T) {
	ws := natsnetws.New(t, natsnetws.Options{})
	ctx := context.Background()
	s, out, _ := session(t, env{"PORTWAVE_CONFIG": ws.Config, "PORTWAVE_DRY_RUN": "1"})
	if err := s.All(ctx); err != nil {
		t.Fatal(err)
	}
	sizes := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^batch (\d+) .*; prompt (\d+) bytes$`).FindAllStringSubmatch(out.String(), -1) {
		sizes[m[1]] = m[2]
	}
	if len(sizes) != 6 {
		t.Fatalf("the dry run shows %d prompt sizes, want 6:\n%s", len(sizes), out)
	}
	for id, size := range sizes {
		n, _ := strconv.Atoi(id)
		s, prompt, log := session(t, env{"PORTWAVE_CONFIG": ws.Config})
		if err := s.BatchPrompt(ctx, n); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log.String(), "context") {
			t.Errorf("batch %d's prompt has no call-graph context: %s", n, log)
		}
		if got := fmt.Sprint(prompt.Len()); got != size {
			t.Errorf("batch %d: the dry run says %s bytes, batch:prompt prints %s", n, size, got)
		}
	}
}
