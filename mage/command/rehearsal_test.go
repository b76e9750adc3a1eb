package command_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/command"
	"portwave/mage/gitx"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/run"
)

// jobEnv makes the test binary one job of the port workflow: "batch:run
// 12", "ledger:export 12 DIR", "merge DIR" or "matrix all".
const jobEnv = "PORTWAVE_TEST_JOB"

// TestMain doubles as the steps of .github/workflows/port.yml for the
// rehearsal tests: with jobEnv set, the binary runs that one target as
// `go run mage.go` does (command.NewSession over the real environment and
// stdout), in its own process, and exits 1 on error.
func TestMain(m *testing.M) {
	if job := os.Getenv(jobEnv); job != "" {
		os.Exit(runJob(strings.Fields(job)))
	}
	os.Exit(m.Run())
}

func runJob(args []string) int {
	ctx := context.Background()
	s, err := command.NewSession(ctx)
	if err == nil {
		n, _ := strconv.Atoi(args[len(args)-1])
		switch args[0] {
		case "batch:run":
			err = s.BatchRun(ctx, n)
		case "ledger:export":
			n, _ = strconv.Atoi(args[1])
			err = s.LedgerExport(ctx, n, args[2])
		case "merge":
			err = s.Merge(ctx, args[1])
		case "matrix":
			err = s.Matrix(ctx, args[1])
		default:
			err = moreJobs(ctx, s, args)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		return 1
	}
	return 0
}

// rehearsal is the port workflow played on this machine: a bare
// repository is GitHub's copy of the workspace, every job clones it and
// runs in its own process.
type rehearsal struct {
	t      *testing.T
	root   string
	origin string
	clones atomic.Int32
}

// newRehearsal publishes a fresh example workspace as the bare repository
// origin; the stand-in dotnet is first on PATH for every job.
func newRehearsal(t *testing.T) *rehearsal {
	t.Helper()
	ws := testws.New(t, nil)
	r := &rehearsal{t: t, root: t.TempDir()}
	r.origin = filepath.Join(r.root, "origin.git")
	r.git("", "clone", "-q", "--bare", ws.Dir, r.origin)
	return r
}

func (r *rehearsal) git(dir string, args ...string) string {
	r.t.Helper()
	out, err := gitx.Repo{Dir: dir}.Run(context.Background(), args...)
	if err != nil {
		r.t.Fatal(err)
	}
	return out
}

// clone checks origin out as a job's workspace, as actions/checkout does.
func (r *rehearsal) clone(name string) string {
	r.t.Helper()
	dir := filepath.Join(r.root, fmt.Sprintf("%s-%d", name, r.clones.Add(1)))
	r.git("", "clone", "-q", r.origin, dir)
	return dir
}

// job runs one step of a job in its own process in workspace dir.
func (r *rehearsal) job(dir string, extra []string, args ...string) (string, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(r.jobEnv(dir, args...), extra...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// jobEnv is the environment of a job step running args in workspace dir.
func (r *rehearsal) jobEnv(dir string, args ...string) []string {
	return append(os.Environ(), jobEnv+"="+strings.Join(args, " "), "PORTWAVE_CONFIG="+filepath.Join(dir, "portwave.yaml"),
		"PORTWAVE_AGENT=replay", "NO_COLOR=1")
}

// batchJob is port.yml's batch job: batch:run in branch mode, the push of
// port/batch-NN when it passed, and the ledger export either way. It
// returns the artifact folder and whether the batch ran through.
func (r *rehearsal) batchJob(batch int, extra ...string) (string, bool) {
	dir := r.clone(fmt.Sprintf("batch-%d", batch))
	out, runErr := r.job(dir, append([]string{command.ModeEnv + "=branch"}, extra...), "batch:run", strconv.Itoa(batch))
	if runErr == nil {
		r.git(dir, "push", "-q", "--force", "origin", "refs/heads/"+run.Branch(batch)+":refs/heads/"+run.Branch(batch))
	}
	artifact := filepath.Join(r.root, "artifacts", fmt.Sprintf("ledger-%d", batch))
	if exp, err := r.job(dir, nil, "ledger:export", strconv.Itoa(batch), artifact); err != nil {
		r.t.Fatalf("exporting the ledger of batch %d: %v\n%s", batch, err, exp)
	}
	r.t.Logf("batch job %d: %v\n%s", batch, runErr, out)
	return artifact, runErr == nil
}

// download is actions/download-artifact with pattern and merge-multiple:
// every artifact's files in one folder.
func (r *rehearsal) download(artifacts []string) string {
	r.t.Helper()
	dir := filepath.Join(r.root, "ledgers")
	os.MkdirAll(dir, 0o755)
	for _, a := range artifacts {
		entries, err := os.ReadDir(a)
		if err != nil {
			r.t.Fatal(err)
		}
		for _, e := range entries {
			data, _ := os.ReadFile(filepath.Join(a, e.Name()))
			os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644)
		}
	}
	return dir
}

// mergeJob is port.yml's merge job: fetch the batch branches, merge, push
// main. It returns the merge job's workspace, its output and error.
func (r *rehearsal) mergeJob(ledgers string) (string, string, error) {
	dir := r.clone("merge")
	r.git(dir, "fetch", "-q", "--no-tags", "origin", "+refs/heads/port/*:refs/heads/port/*")
	out, err := r.job(dir, nil, "merge", ledgers)
	r.git(dir, "push", "-q", "origin", "HEAD:refs/heads/main")
	return dir, out, err
}

// tree is the C# tree of main: path and blob of every file.
func tree(t *testing.T, gitDir string) string {
	t.Helper()
	out, err := gitx.Repo{Dir: gitDir}.Run(context.Background(), "ls-tree", "-r", "main", "--", "dotnet")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// committedStatuses reads the feature statuses of the porting.db
// committed on main.
func committedStatuses(t *testing.T, gitDir string) map[int]port.Status {
	t.Helper()
	ctx := context.Background()
	data, err := exec.Command("git", "-C", gitDir, "show", "main:porting.db").Output()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "porting.db")
	os.WriteFile(path, data, 0o644)
	db, err := portdb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	items, err := db.Items(ctx, port.Feature)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]port.Status{}
	for _, it := range items {
		out[it.ID] = it.Status
	}
	return out
}

// latestRuns reads the newest ledger row of each batch in a workspace.
func latestRuns(t *testing.T, dir string) map[int]port.BatchRun {
	t.Helper()
	db, err := portdb.Open(context.Background(), filepath.Join(dir, "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	latest, err := db.LatestBatchRuns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return latest
}
