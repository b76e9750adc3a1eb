package target_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"portwave/mage/demo"
	"portwave/mage/lock"
	"portwave/mage/target"
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

// Two users (two HOMEs) starting the demo at the same moment each get a
// workspace of their own, under their own cache folder, and both finish.
func TestTwoDemosStartedTogetherByTwoUsersDoNotShareAWorkspace(t *testing.T) {
	homes := []string{t.TempDir(), t.TempDir()}
	outs := make([]bytes.Buffer, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, home := range homes {
		e := env{"HOME": home, "XDG_CACHE_HOME": filepath.Join(home, ".cache"), "NO_COLOR": "1"}
		wg.Go(func() {
			var log bytes.Buffer
			errs[i] = target.Demo(context.Background(), e.get, &outs[i], &log)
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
		wss = append(wss, ws)
	}
	if wss[0] == wss[1] {
		t.Errorf("both demos used %s", wss[0])
	}
}

// A second demo by the same user starts afresh (nothing done yet) and
// removes the folder of the finished first one, but not the folder of a demo
// that is still running.
func TestEachDemoStartsAfreshAndCleansUpFinishedOnes(t *testing.T) {
	home := t.TempDir()
	e := env{"XDG_CACHE_HOME": filepath.Join(home, "cache"), "NO_COLOR": "1"}
	demos := filepath.Join(home, "cache", "portwave", "demos")
	run := func() string {
		t.Helper()
		var out, log bytes.Buffer
		if err := target.Demo(context.Background(), e.get, &out, &log); err != nil {
			t.Fatalf("demo: %v\n%s\n%s", err, out.String(), log.String())
		}
		if strings.Contains(out.String(), "already done") || !strings.Contains(out.String(), "4 batches done") {
			t.Errorf("the demo did not start afresh:\n%s", out.String())
		}
		return demoWorkspace(t, out.String())
	}
	first := run()
	// A demo still running: its folder's lock is held.
	running := filepath.Join(demos, "running")
	held, err := lock.TryAcquire(filepath.Join(running, ".demo.lock"), "demo")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	second := run()
	if first == second {
		t.Fatalf("the second demo reused %s", first)
	}
	if _, err := os.Stat(filepath.Dir(first)); !os.IsNotExist(err) {
		t.Errorf("the finished demo's folder %s is still there (%v)", filepath.Dir(first), err)
	}
	if _, err := os.Stat(running); err != nil {
		t.Errorf("the running demo's folder was removed: %v", err)
	}
	if _, err := os.Stat(second); err != nil {
		t.Errorf("the second demo's own workspace is gone: %v", err)
	}
}

// On a machine where git has no identity at all, the demo still commits,
// merges and finishes: its repository carries its own identity.
func TestTheDemoNeedsNoGitIdentity(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_GLOBAL", "/dev/null")
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	if out, err := exec.Command("git", "config", "user.email").CombinedOutput(); err == nil {
		t.Fatalf("git still has an identity here: %s", out)
	}
	e := env{"HOME": home, "NO_COLOR": "1"}
	var out, log bytes.Buffer
	if err := target.Demo(context.Background(), e.get, &out, &log); err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, out.String(), log.String())
	}
	if !strings.Contains(out.String(), "4 batches done, 30 of 30 features verified") {
		t.Fatalf("the demo did not port the example:\n%s", out.String())
	}
	ws := demoWorkspace(t, out.String())
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
