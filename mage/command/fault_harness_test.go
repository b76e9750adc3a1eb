package command_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"portwave/internal/testws"
	"portwave/mage/command"
	"portwave/mage/portdb"
)

// moreJobs are the targets the fault table runs in their own process, as
// `go run mage.go TARGET` does; runJob hands them over.
func moreJobs(ctx context.Context, s *command.Session, args []string) error {
	arg := func(i int) string {
		if len(args) > i {
			return args[i]
		}
		return ""
	}
	n, _ := strconv.Atoi(arg(1))
	switch args[0] {
	case "status":
		return s.Status(ctx)
	case "plan":
		return s.PlanShow(ctx)
	case "validate":
		return s.Validate(ctx)
	case "preflight":
		return s.Preflight(ctx)
	case "config":
		return s.ShowConfig()
	case "batch:prompt":
		return s.BatchPrompt(ctx, n)
	case "plan:import":
		return s.PlanImport(ctx, arg(1))
	case "db:import":
		return s.DBImport(ctx, arg(1))
	case "report":
		return s.Report(ctx)
	case "wave":
		return s.Wave(ctx, n)
	case "all":
		return s.All(ctx)
	case "retry":
		return s.Retry(ctx, n)
	}
	return fmt.Errorf("unknown job %q", args[0])
}

// faultWS is one fresh copy of the example workspace for one fault.
type faultWS struct {
	t      *testing.T
	Root   string // the case's temporary folder: ws/, worktrees/, marker
	Dir    string // the workspace
	Marker string // the command agent creates it: it must never exist
	env    []string
}

// template is an example workspace built once per test; each case gets a
// copy (cp -a is far cheaper than building the example again).
func faultTemplate(t *testing.T) string {
	t.Helper()
	return testws.New(t, nil).Dir
}

func newFaultWS(t *testing.T, template string) *faultWS {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "ws")
	if out, err := exec.Command("cp", "-a", template, dir).CombinedOutput(); err != nil {
		t.Fatalf("copying the example: %v\n%s", err, out)
	}
	// The marker goes into the agent's home (<worktrees>/agent-home), a
	// folder the sandbox lets the agent write: elsewhere the sandbox would
	// refuse it, and its absence would prove nothing.
	f := &faultWS{t: t, Root: root, Dir: dir, Marker: filepath.Join(root, "worktrees", "agent-home", "agent-ran")}
	// The command agent would leave the marker: if any case starts an
	// agent, the marker says so, whatever the ledger says.
	f.env = []string{"PORTWAVE_CONFIG=" + filepath.Join(dir, "portwave.yaml"), "PORTWAVE_WORKTREES=" + filepath.Join(root, "worktrees"),
		"PORTWAVE_AGENT=command", "PORTWAVE_AGENT_COMMAND=sh -c 'mkdir -p \"$(dirname \"$0\")\" && touch \"$0\"' " + f.Marker, "PORTWAVE_BUILD=" + "portwave:csharp-check", "PORTWAVE_TEST= ",
		"PORTWAVE_MIN_FREE_MB=1", "NO_COLOR=1"}
	return f
}

// path is a path inside the workspace.
func (f *faultWS) path(rel string) string { return filepath.Join(f.Dir, filepath.FromSlash(rel)) }

func (f *faultWS) db() string { return f.path("porting.db") }

// write writes a file inside the workspace (or anywhere, given an
// absolute path).
func (f *faultWS) write(rel string, data string) string {
	f.t.Helper()
	p := rel
	if !filepath.IsAbs(p) {
		p = f.path(rel)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		f.t.Fatal(err)
	}
	return p
}

// edit replaces from with to in a workspace file, which must hold from.
func (f *faultWS) edit(rel, from, to string) {
	f.t.Helper()
	data, err := os.ReadFile(f.path(rel))
	if err != nil || !strings.Contains(string(data), from) {
		f.t.Fatalf("%s lacks %q (%v)", rel, from, err)
	}
	f.write(rel, strings.Replace(string(data), from, to, 1))
}

// git runs git in the workspace during a case's setup.
func (f *faultWS) git(args ...string) string {
	f.t.Helper()
	out, err := exec.Command("git", append([]string{"-C", f.Dir}, args...)...).CombinedOutput()
	if err != nil {
		f.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// fifo makes a named pipe at p (relative to the workspace or absolute).
func (f *faultWS) fifo(rel string) string {
	f.t.Helper()
	p := rel
	if !filepath.IsAbs(p) {
		p = f.path(rel)
	}
	os.Remove(p)
	if err := mkfifo(p); err != nil {
		f.t.Fatal(err)
	}
	return p
}

// run runs one target in its own process, as `go run mage.go` does, and
// returns its output and exit code. A target that hangs is killed and
// fails the case.
func (f *faultWS) run(extra []string, args ...string) (string, int) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Dir = f.Dir
	cmd.Env = append(append(os.Environ(), jobEnv+"="+strings.Join(args, " ")), append(f.env, extra...)...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		f.t.Fatalf("%v hung (killed after 60s):\n%s", args, out)
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	}
	f.t.Fatalf("running %v: %v", args, err)
	return "", -1
}

// wsState is everything a failed target must leave as it found it.
type wsState struct {
	DB        map[string]string // porting.db, -wal, -shm: sha256, or the kind of a special file
	Batches   map[string]string // batches/: name -> sha256
	Status    string            // git status --porcelain
	Branches  string
	Worktrees string
	Ledger    string // run rows and recorded cost, read without changing anything
}

func (f *faultWS) state() wsState {
	f.t.Helper()
	st := wsState{DB: map[string]string{}, Batches: map[string]string{}}
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		st.DB["porting.db"+s] = fileID(f.db() + s)
	}
	entries, _ := os.ReadDir(f.path("batches"))
	for _, e := range entries {
		st.Batches[e.Name()] = fileID(filepath.Join(f.path("batches"), e.Name()))
	}
	st.Status = f.gitQuiet("status", "--porcelain", "--untracked-files=all")
	st.Branches = f.gitQuiet("branch", "--list", "--format=%(refname:short) %(objectname)")
	st.Worktrees = f.gitQuiet("worktree", "list", "--porcelain")
	st.Ledger = ledgerSummary(f.db())
	return st
}

func (f *faultWS) gitQuiet(args ...string) string {
	out, err := exec.Command("git", append([]string{"-C", f.Dir}, args...)...).CombinedOutput()
	if err != nil {
		return "error: " + string(out)
	}
	return string(out)
}

// fileID is a file's sha256, "absent", or the kind of a special file
// (reading a named pipe would block).
func fileID(p string) string {
	st, err := os.Lstat(p)
	if err != nil {
		return "absent"
	}
	if !st.Mode().IsRegular() {
		return "special " + st.Mode().Type().String()
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return "unreadable"
	}
	return fmt.Sprintf("%x", sha256.Sum256(data))
}

// ledgerSummary counts the runs and batch runs and sums their cost, from
// a private copy of porting.db and its -wal, so that reading cannot
// change the files compared.
func ledgerSummary(db string) string {
	dir, err := os.MkdirTemp("", "ledger-")
	if err != nil {
		return err.Error()
	}
	defer os.RemoveAll(dir)
	for _, s := range []string{"", "-wal"} {
		if st, err := os.Lstat(db + s); err == nil && st.Mode().IsRegular() {
			data, _ := os.ReadFile(db + s)
			os.WriteFile(filepath.Join(dir, "porting.db"+s), data, 0o644)
		}
	}
	d, err := portdb.OpenReadOnly(context.Background(), filepath.Join(dir, "porting.db"))
	if err != nil {
		return "unreadable"
	}
	defer d.Close()
	var runs, batchRuns int
	var cost float64
	d.Reader().QueryRow(`SELECT count(*) FROM runs`).Scan(&runs)
	d.Reader().QueryRow(`SELECT count(*), coalesce(sum(cost_usd), 0) FROM batch_runs`).Scan(&batchRuns, &cost)
	return fmt.Sprintf("runs=%d batch_runs=%d cost=%.2f", runs, batchRuns, cost)
}

func (s wsState) diff(o wsState) []string {
	var out []string
	for k, v := range s.DB {
		if o.DB[k] != v {
			out = append(out, fmt.Sprintf("%s: %s -> %s", k, v, o.DB[k]))
		}
	}
	keys := map[string]bool{}
	for k := range s.Batches {
		keys[k] = true
	}
	for k := range o.Batches {
		keys[k] = true
	}
	for k := range keys {
		if s.Batches[k] != o.Batches[k] {
			out = append(out, fmt.Sprintf("batches/%s changed", k))
		}
	}
	for _, c := range []struct{ name, a, b string }{{"git status", s.Status, o.Status}, {"branches", s.Branches, o.Branches},
		{"worktrees", s.Worktrees, o.Worktrees}, {"ledger", s.Ledger, o.Ledger}} {
		if c.a != c.b {
			out = append(out, fmt.Sprintf("%s: %q -> %q", c.name, c.a, c.b))
		}
	}
	sort.Strings(out)
	return out
}
