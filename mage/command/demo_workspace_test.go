package command_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"portwave/mage/command"
	"portwave/mage/demo"
	"portwave/mage/lock"
)

// demoWorkspace is the workspace a demo's output names.
func demoWorkspace(t *testing.T, out string) string {
	t.Helper()
	for line := range strings.Lines(out) {
		if ws, ok := strings.CutPrefix(strings.TrimSpace(line), "demo workspace: "); ok {
			return ws
		}
	}
	t.Fatalf("the demo did not say where its workspace is:\n%s", out)
	return ""
}

// noGitIdentity makes this process's git see no identity at all: no global
// or system config, no identity variables.
func noGitIdentity(t *testing.T) {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_GLOBAL", "/dev/null")
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	if out, err := exec.Command("git", "config", "user.email").CombinedOutput(); err == nil {
		t.Fatalf("git still has an identity here: %s", out)
	}
}

// Two users (two HOMEs) starting the demo at the same moment, on a machine
// where git has no identity, each get a workspace of their own under their
// own cache folder, and both finish: every commit in them is by the
// example's own identity.
func TestTwoDemosStartedTogetherByTwoUsersWithoutAGitIdentityDoNotShareAWorkspace(t *testing.T) {
	noGitIdentity(t)
	homes := []string{t.TempDir(), t.TempDir()}
	outs := make([]bytes.Buffer, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, home := range homes {
		e := env{"HOME": home, "XDG_CACHE_HOME": filepath.Join(home, ".cache"), "NO_COLOR": "1"}
		wg.Go(func() {
			var log bytes.Buffer
			errs[i] = command.Demo(context.Background(), e.get, &outs[i], &log)
			if errs[i] != nil {
				outs[i].WriteString(log.String())
			}
		})
	}
	wg.Wait()
	var wss []string
	for i, home := range homes {
		if errs[i] != nil {
			t.Fatalf("demo %d: %v\n%s", i, errs[i], outs[i].String())
		}
		if !strings.Contains(outs[i].String(), "4 batches done, 30 of 30 features verified") {
			t.Errorf("demo %d did not port the example:\n%s", i, outs[i].String())
		}
		ws := demoWorkspace(t, outs[i].String())
		if !strings.HasPrefix(ws, filepath.Join(home, ".cache", "portwave", "demos")+string(filepath.Separator)) {
			t.Errorf("demo %d's workspace %s is not under its user's cache folder %s", i, ws, home)
		}
		if _, err := os.Stat(filepath.Join(ws, "reports", "latest.md")); err != nil {
			t.Errorf("demo %d's report is not in its workspace: %v", i, err)
		}
		checkAuthors(t, ws)
		wss = append(wss, ws)
	}
	if wss[0] == wss[1] {
		t.Errorf("both demos used %s", wss[0])
	}
}

// checkAuthors wants every commit of the workspace by the example's own
// identity: the setup, the agents' commits and the merges.
func checkAuthors(t *testing.T, ws string) {
	t.Helper()
	authors, err := exec.Command("git", "-C", ws, "log", "--format=%an <%ae> %cn <%ce>").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := demo.IdentityName + " <" + demo.IdentityEmail + "> " + demo.IdentityName + " <" + demo.IdentityEmail + ">"
	lines := strings.Split(strings.TrimSpace(string(authors)), "\n")
	if len(lines) < 5 { // the setup, four batches and their merges
		t.Errorf("only %d commits in the demo's repository:\n%s", len(lines), authors)
	}
	for _, l := range lines {
		if l != want {
			t.Errorf("commit by %q, want %q", l, want)
		}
	}
}

// A demo starts in a folder of its own and removes the folders of the
// demos that are over, but not the folder of a demo still running, nor one
// that a demo is just setting up.
func TestADemoCleansUpFinishedDemosOnly(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "cache")
	demos := filepath.Join(cache, "portwave", "demos")
	finished := filepath.Join(demos, "finished")
	l, err := lock.TryAcquire(filepath.Join(finished, ".demo.lock"), "demo")
	if err != nil {
		t.Fatal(err)
	}
	l.Release()
	if err := os.MkdirAll(filepath.Join(finished, "workspace"), 0o755); err != nil {
		t.Fatal(err)
	}
	running := filepath.Join(demos, "running")
	held, err := lock.TryAcquire(filepath.Join(running, ".demo.lock"), "demo")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	starting := filepath.Join(demos, "starting")
	if err := os.MkdirAll(starting, 0o755); err != nil {
		t.Fatal(err)
	}

	var out, log bytes.Buffer
	if err := command.Demo(context.Background(), env{"XDG_CACHE_HOME": cache, "NO_COLOR": "1"}.get, &out, &log); err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, out.String(), log.String())
	}
	ws := demoWorkspace(t, out.String())
	if strings.Contains(out.String(), "earlier run") || !strings.Contains(out.String(), "4 batches done") || filepath.Dir(filepath.Dir(ws)) != demos {
		t.Errorf("the demo did not start afresh in a folder of its own under %s:\n%s", demos, out.String())
	}
	if _, err := os.Stat(finished); !os.IsNotExist(err) {
		t.Errorf("the finished demo's folder is still there (%v)", err)
	}
	for _, dir := range []string{running, starting, ws} {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s was removed: %v", dir, err)
		}
	}
	if !strings.Contains(log.String(), "removed 1 earlier demo folder(s)") {
		t.Errorf("the demo did not say what it removed:\n%s", log.String())
	}
}
