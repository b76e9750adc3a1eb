package command_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/prompt"
	"portwave/mage/run"
	"portwave/scripts"
)

// planOutputs runs the plan job and parses what it adds to $GITHUB_OUTPUT.
func (r *rehearsal) planOutputs(wave string, extra ...string) (batches []int, jobs int) {
	r.t.Helper()
	dir := r.clone("plan-" + wave)
	out, err := r.job(dir, extra, "matrix", wave)
	if err != nil {
		r.t.Fatalf("plan job: %v\n%s", err, out)
	}
	outputs := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			outputs[k] = v
		}
	}
	var m struct{ Batch []int }
	if err := json.Unmarshal([]byte(outputs["matrix"]), &m); err != nil {
		r.t.Fatalf("matrix output %q: %v\n%s", outputs["matrix"], err, out)
	}
	jobs, _ = strconv.Atoi(outputs["jobs"])
	return m.Batch, jobs
}

// batchJobs runs the matrix, at most jobs at once as max-parallel does.
func (r *rehearsal) batchJobs(batches []int, jobs int, extra map[int][]string) (artifacts []string, passed map[int]bool) {
	passed = map[int]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, jobs)
	for _, b := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			artifact, ok := r.batchJob(b, extra[b]...)
			mu.Lock()
			defer mu.Unlock()
			artifacts = append(artifacts, artifact)
			passed[b] = ok
		}()
	}
	wg.Wait()
	return artifacts, passed
}

func TestTheRehearsedPortWorkflowEndsWithTheMainBranchAndPortingDBOfALocalAllRun(t *testing.T) {
	r := newRehearsal(t)
	start := time.Now()
	lap := func(what string) { t.Logf("%s: %s", what, time.Since(start).Round(time.Millisecond)) }

	// The same inputs, run locally as `mage all` runs them.
	local := r.clone("local")
	localAll(t, local)
	lap("local all")
	batches, jobs := r.planOutputs("all", "PORTWAVE_JOBS=4")
	lap("plan job")
	if d := cmp.Diff([]int{11, 12, 13, 14}, batches); d != "" || jobs != 4 {
		t.Fatalf("plan job: jobs %d, batches (-want +got):\n%s", jobs, d)
	}
	artifacts, passed := r.batchJobs(batches, jobs, nil)
	if d := cmp.Diff(map[int]bool{11: true, 12: true, 13: true, 14: true}, passed); d != "" {
		t.Fatalf("batch jobs passed (-want +got):\n%s", d)
	}
	lap("batch jobs")
	merge, mout, err := r.mergeJob(r.download(artifacts))
	if err != nil {
		t.Fatalf("merge job: %v\n%s", err, mout)
	}
	lap("merge job")

	if d := cmp.Diff(tree(t, local), tree(t, r.origin)); d != "" {
		t.Errorf("main's C# tree (-local all +workflow):\n%s", d)
	}
	want := committedStatuses(t, local)
	if d := cmp.Diff(want, committedStatuses(t, r.origin)); d != "" {
		t.Errorf("feature statuses in the committed porting.db (-local all +workflow):\n%s", d)
	}
	if want[1] != port.Verified || want[15] != port.Verified {
		t.Errorf("the local run did not port the example: %v", want)
	}
	for id, br := range latestRuns(t, merge) {
		if br.State != port.StateDone {
			t.Errorf("batch %d ended %s at %s in the merge job: %s", id, br.State, br.Stage, br.Error)
		}
	}
	if msg := r.git(r.origin, "log", "-1", "--format=%s", "main"); msg != "portwave: merge job: merged 11, 12, 13, 14" {
		t.Errorf("main's last commit is %q, want the merge job's porting.db commit", msg)
	}
	if branches := r.git(r.origin, "branch", "--list", "port/*"); strings.Count(branches, "port/") != 4 {
		t.Errorf("origin's batch branches: %q", branches)
	}
	// The next dispatch finds nothing to do.
	if again, _ := r.planOutputs("all"); len(again) != 0 {
		t.Errorf("after the merge job, the plan job still picks %v", again)
	}
}

// holdMerges makes the next merge in the workspace at dir wait (a
// post-merge hook) until release is called; reached reports whether a
// merge waits there.
func holdMerges(t *testing.T, dir string) (reached func() bool, release func()) {
	t.Helper()
	flags := t.TempDir()
	hook := "#!/bin/sh\n[ -e " + flags + "/release ] && exit 0\ntouch " + flags + "/reached\n" +
		"while [ ! -e " + flags + "/release ]; do sleep 0.02; done\n"
	if err := os.WriteFile(filepath.Join(dir, ".git", "hooks", "post-merge"), []byte(hook), 0o755); err != nil {
		t.Fatal(err)
	}
	reached = func() bool { _, err := os.Stat(filepath.Join(flags, "reached")); return err == nil }
	release = func() { os.WriteFile(filepath.Join(flags, "release"), nil, 0o644) }
	t.Cleanup(release)
	return reached, release
}

func TestTheMergeJobAfterAFailedBatchJob(t *testing.T) {
	r := newRehearsal(t)
	before := committedStatuses(t, r.origin)
	batches, _ := r.planOutputs("all")
	// Batch 12's build crashes: its job fails at the gate. 13 needs 11 and
	// 12, 14 needs 13; both pass their own gates from the same main.
	crash := map[int][]string{12: {"PORTWAVE_STANDIN_DOTNET=crash", "PORTWAVE_ATTEMPTS=1"}}
	artifacts, passed := r.batchJobs(batches, len(batches), crash)
	if d := cmp.Diff(map[int]bool{11: true, 12: false, 13: true, 14: true}, passed); d != "" {
		t.Fatalf("batch jobs passed (-want +got):\n%s", d)
	}
	ledgers := r.download(artifacts)
	dir := r.clone("merge")
	r.git(dir, "fetch", "-q", "--no-tags", "origin", "+refs/heads/port/*:refs/heads/port/*")

	t.Run("a ledger of another plan stops it before it imports anything", func(t *testing.T) {
		foreign := filepath.Join(t.TempDir(), "ledgers")
		os.MkdirAll(foreign, 0o755)
		for _, name := range []string{"ledger-11.json", "ledger-13.json"} {
			data, _ := os.ReadFile(filepath.Join(ledgers, name))
			if name == "ledger-13.json" {
				data = regexp.MustCompile(`"plan": "[0-9a-f]+"`).ReplaceAll(data, []byte(`"plan": "0123456789abcdef"`))
			}
			os.WriteFile(filepath.Join(foreign, name), data, 0o644)
		}
		out, err := r.job(dir, nil, "merge", foreign)
		if want := filepath.Join(foreign, "ledger-13.json") + ": the ledger comes from another plan (plan 0123456789abcdef"; err == nil || !strings.Contains(out, want) {
			t.Errorf("merge job with a foreign ledger: %v, want an error saying %q:\n%s", err, want, out)
		}
		if st := r.git(dir, "status", "--porcelain"); st != "" {
			t.Errorf("the refused merge job changed the workspace:\n%s", st)
		}
	})

	// The first merge job waits inside its first merge while a second
	// one starts on the same checkout.
	reached, release := holdMerges(t, dir)
	first := exec.Command(os.Args[0], "-test.run=^$")
	var firstOut strings.Builder
	first.Env, first.Dir = r.jobEnv(dir, "merge", ledgers), dir
	first.Stdout, first.Stderr = &firstOut, &firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); !reached(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			release()
			first.Wait()
			t.Fatalf("the first merge job never reached its first merge:\n%s", firstOut.String())
		}
	}
	secondOut, secondErr := r.job(dir, nil, "merge", ledgers)
	release()
	firstErr := first.Wait()

	t.Run("a second merge job at the same time is refused by the orchestrator lock, naming the first's PID", func(t *testing.T) {
		want := fmt.Sprintf("pid %d", first.Process.Pid)
		if secondErr == nil || !strings.Contains(secondOut, "another orchestrator runs on "+dir) || !strings.Contains(secondOut, want) {
			t.Errorf("second merge job: %v, want a refusal naming %s:\n%s", secondErr, want, secondOut)
		}
		if strings.Contains(secondOut, "imported") {
			t.Errorf("the refused merge job imported ledgers:\n%s", secondOut)
		}
	})
	t.Run("it merges batch 11, reports 12 failed and 13 and 14 skipped, and fails", func(t *testing.T) {
		out := firstOut.String()
		if firstErr == nil {
			t.Errorf("the merge job succeeded with a failed batch:\n%s", out)
		}
		for _, want := range []string{"batch 12 failed at gate: its batch job ended failed: gate: build", "skipped: depends on failed batch 12"} {
			if !strings.Contains(out, want) {
				t.Errorf("merge job output lacks %q:\n%s", want, out)
			}
		}
		got := map[int]port.State{}
		for id, br := range latestRuns(t, dir) {
			got[id] = br.State
		}
		want := map[int]port.State{11: port.StateDone, 12: port.StateFailed, 13: port.StateSkipped, 14: port.StateSkipped}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("ledger (-want +got):\n%s", d)
		}
		r.git(dir, "push", "-q", "origin", "HEAD:refs/heads/main")
		if msg := r.git(r.origin, "log", "-1", "--format=%s", "main"); msg != "portwave: merge job: merged 11; failed 12; skipped 13, 14" {
			t.Errorf("main's last commit is %q", msg)
		}
		statuses := committedStatuses(t, r.origin)
		p, err := plan.LoadBatches(filepath.Join(dir, "batches"))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range p.Batches {
			for _, id := range b.AllIDs() {
				want := before[id]
				if b.ID == 11 {
					want = port.Verified
				}
				if statuses[id] != want {
					t.Errorf("feature %d of batch %d is %s on main, want %s", id, b.ID, statuses[id], want)
				}
			}
		}
		for _, b := range []string{"port/batch-13", "port/batch-14"} {
			if _, err := (gitx.Repo{Dir: r.origin}).Run(context.Background(), "merge-base", "--is-ancestor", b, "main"); err == nil {
				t.Errorf("%s is on main", b)
			}
		}
	})
}

// localAll runs every batch of the workspace at dir in merge mode, as
// `mage all` does (Workspace.Batches over every ID), with the replay
// agent at full speed.
func localAll(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Load(filepath.Join(dir, "portwave.yaml"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.LoadBatches(cfg.Batches)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := prompt.Parse(scripts.PromptName, scripts.Prompt)
	if err != nil {
		t.Fatal(err)
	}
	w, err := run.Open(ctx, cfg, run.Options{Command: "all", Plan: p, Template: tmpl, Mode: run.MergeMode,
		Agent: agent.NewReplay(agent.ReplayOptions{Dir: cfg.Transcripts})})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var ids []int
	for _, b := range p.Batches {
		ids = append(ids, b.ID)
	}
	if _, err := w.Batches(ctx, ids); err != nil {
		t.Fatalf("local all: %v", err)
	}
}
