package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// shellCommands returns the commands of a markdown file's ```sh blocks, one
// per line, in order: the blocks' lines less blank lines and comments.
func shellCommands(t *testing.T, path string) []string {
	t.Helper()
	var cmds []string
	for _, block := range shellBlocks(t, path) {
		for _, line := range strings.Split(block, "\n") {
			if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") {
				cmds = append(cmds, line)
			}
		}
	}
	return cmds
}

// bareEnv is a machine with only Go and git: a HOME with no git config and
// nothing in it, no PORTWAVE_* setting, and a PATH without claude, codex
// or dotnet. Go's own caches are kept, so the builds are fast.
func bareEnv(t *testing.T, home string) []string {
	t.Helper()
	// Go's settings as this machine has them (some may live in the real
	// HOME's go/env file), so the builds find the same modules and caches.
	keys := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT", "GOFLAGS", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOINSECURE", "GOTOOLCHAIN"}
	out, err := exec.Command("go", append([]string{"env"}, keys...)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	vals := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(vals) != len(keys) {
		t.Fatalf("go env printed %d values for %d keys", len(vals), len(keys))
	}
	mageCache := os.Getenv("MAGEFILE_CACHE") // mage's compiled targets, kept between runs
	if mageCache == "" {
		realHome, _ := os.UserHomeDir()
		mageCache = filepath.Join(realHome, ".magefile")
	}
	env := []string{"HOME=" + home, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "NO_COLOR=1",
		"MAGEFILE_CACHE=" + mageCache}
	for i, k := range keys {
		env = append(env, k+"="+vals[i])
	}
	path := []string{filepath.Join(vals[3], "bin")}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		path = append(path, withoutAgents(t, dir))
	}
	return append(env, "PATH="+strings.Join(path, string(filepath.ListSeparator)))
}

// agentTools are what a machine with only Go lacks.
var agentTools = []string{"claude", "codex", "dotnet"}

// withoutAgents is dir, or, when dir holds one of agentTools (dotnet may
// sit in /usr/bin beside git and sh), a folder of links to everything else
// in it.
func withoutAgents(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return dir
	}
	found := false
	for _, e := range entries {
		found = found || slices.Contains(agentTools, e.Name())
	}
	if !found {
		return dir
	}
	shadow := t.TempDir()
	for _, e := range entries {
		if slices.Contains(agentTools, e.Name()) {
			continue
		}
		if err := os.Symlink(filepath.Join(dir, e.Name()), filepath.Join(shadow, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	return shadow
}

// requirement is the one line a command that needs a missing tool prints:
// what it needs and the alternative.
var requirement = regexp.MustCompile(`(?m)^.*not installed.*; to run without it: PORTWAVE_AGENT=replay .*$`)

var demoWorkspace = regexp.MustCompile(`(?m)^demo workspace: (.+)$`)

// TestTheREADMETourWorksOnAMachineWithOnlyGo runs every command of the
// README, in order, as written, on a machine with only Go and git: each one
// works, or fails with the one line that says what it needs and the
// alternative (and then the alternative works).
func TestTheREADMETourWorksOnAMachineWithOnlyGo(t *testing.T) {
	home := t.TempDir()
	env := bareEnv(t, home)
	cmds := shellCommands(t, "README.md")
	if len(cmds) < 10 {
		t.Fatalf("only %d commands in the README: %q", len(cmds), cmds)
	}
	ran := map[string]string{}
	for _, c := range cmds {
		if before, _, ok := strings.Cut(c, " #"); ok {
			c = strings.TrimSpace(before)
		}
		if _, done := ran[c]; done || strings.HasPrefix(c, "go test") {
			continue // run once; and this test is part of go test
		}
		start := time.Now()
		cmd := exec.Command("sh", "-c", c)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		t.Logf("%s (%s)", c, time.Since(start).Round(time.Millisecond))
		if err != nil {
			line := requirement.FindString(string(out))
			if line == "" {
				t.Fatalf("%s: %v, and no one-line requirement:\n%s", c, err, out)
			}
			if !strings.Contains(c, "PORTWAVE_AGENT=") {
				alt := exec.Command("sh", "-c", "PORTWAVE_AGENT=replay "+c)
				alt.Env = env
				if out, err := alt.CombinedOutput(); err != nil {
					t.Errorf("%s: the alternative the requirement names fails: %v\n%s", c, err, out)
				}
			}
		}
		ran[c] = string(out)
		if m := demoWorkspace.FindStringSubmatch(string(out)); m != nil {
			env = append(env, "DEMO="+m[1])
		}
	}
	// What the tour promises, looked at.
	demoOut := ran["go run mage.go demo"]
	if !strings.Contains(demoOut, "4 batches done, 30 of 30 features verified") ||
		!strings.Contains(demoOut, "demo workspace: "+filepath.Join(home, ".cache", "portwave", "demos")) {
		t.Errorf("the demo did not finish in a workspace under the user's cache folder:\n%s", demoOut)
	}
	if out := ran[`PORTWAVE_CONFIG="$DEMO/portwave.yaml" go run mage.go status`]; !strings.Contains(out, "done") {
		t.Errorf("status of the demo's workspace shows no finished batch:\n%s", out)
	}
	if out := ran["go run mage.go batch:run 11"]; !requirement.MatchString(out) {
		t.Errorf("batch:run without claude did not say what it needs:\n%s", out)
	}
	report := regexp.MustCompile(`(?m)^report: (\S+)`).FindStringSubmatch(ran["go run mage.go report"])
	if report == nil || !strings.HasPrefix(report[1], filepath.Join(home, ".cache", "portwave")) || filepath.Base(filepath.Dir(report[1])) != "reports" {
		t.Errorf("report did not print a path in the workspace's reports/: %q", report)
	} else if _, err := os.Stat(report[1]); err != nil {
		t.Error(err)
	}
	if out := ran["go run mage.go post"]; !strings.Contains(out, "build and tests: not run") {
		t.Errorf("post without dotnet did not say it skipped the build:\n%s", out)
	}
	// A batch number that is not in the plan lists the ones that are.
	cmd := exec.Command("sh", "-c", "go run mage.go batch:prompt 44")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "batch 44 is not in the plan") || !strings.Contains(string(out), "its batches are 11, 12, 13, 14") {
		t.Errorf("batch:prompt 44 on the example: %v\n%s", err, out)
	}
}
