package command_test

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"portwave/internal/testws"
	"portwave/mage/portdb"
	"strings"
	"syscall"
	"testing"
	"time"
)

func mkfifo(p string) error { return syscall.Mkfifo(p, 0o644) }

// foreignWAL puts beside the workspace's porting.db the -wal of another
// porting.db: a new one whose rows, never checkpointed, sit in its log.
func foreignWAL(f *faultWS) {
	f.t.Helper()
	other := filepath.Join(f.Root, "other", "porting.db")
	os.MkdirAll(filepath.Dir(other), 0o755)
	db, err := portdb.Create(context.Background(), other)
	if err != nil {
		f.t.Fatal(err)
	}
	db.Close()
	c, err := sql.Open("sqlite", "file:"+other+"?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		f.t.Fatal(err)
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	for i := 0; i < 200; i++ {
		if _, err := c.Exec(`INSERT INTO runs (command, state, started_at) VALUES (?, 'done', '2026-01-01')`, strings.Repeat("z", 400)); err != nil {
			f.t.Fatal(err)
		}
	}
	wal, err := os.ReadFile(other + "-wal")
	if err != nil || len(wal) == 0 {
		f.t.Fatalf("the other database has no -wal: %v", err)
	}
	f.write(f.db()+"-wal", string(wal))
}

// setSchemaVersion writes v into porting.db's schema_version and commits
// the file, so that only the version is wrong.
func setSchemaVersion(f *faultWS, v int) {
	f.t.Helper()
	c, err := sql.Open("sqlite", f.db())
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := c.Exec(`UPDATE schema_version SET version = ?`, v); err != nil {
		f.t.Fatal(err)
	}
	c.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	c.Close()
	f.git("commit", "-qm", "edit", "--", "porting.db")
}

// walHeader is a valid write-ahead log header for pages of pageSize bytes,
// with no frames.
func walHeader(pageSize uint32) string {
	h := make([]byte, 32)
	binary.BigEndian.PutUint32(h[0:], 0x377f0682)
	binary.BigEndian.PutUint32(h[4:], 3007000)
	binary.BigEndian.PutUint32(h[8:], pageSize)
	var s0, s1 uint32
	for i := 0; i < 24; i += 8 {
		s0 += binary.LittleEndian.Uint32(h[i:]) + s1
		s1 += binary.LittleEndian.Uint32(h[i+4:]) + s0
	}
	binary.BigEndian.PutUint32(h[24:], s0)
	binary.BigEndian.PutUint32(h[28:], s1)
	return string(h)
}

const minimalPlan = "# P\n\n## Batch Structure\n\n### Batch 1: A (1 features)\n\nSummary.\n\n**Feature IDs**: 12\n\n**Dependencies**: None\n\n## Execution Plan\n\n### Wave 1\n\n- **Batch 1** (A, 1 features)\n"

const batch13 = "batches/13-client-subscriptions.yaml"

type faultCase struct {
	name  string
	setup func(f *faultWS) // changes the workspace; the state is taken after it
	env   []string
	args  func(f *faultWS) []string
	exit  int
	wants []string
	not   []string
	// spends says the target may start agents: the marker and the ledger
	// are checked to prove that none started and nothing was recorded.
	spends bool
}

func job(args ...string) func(*faultWS) []string { return func(*faultWS) []string { return args } }

// stashAdvice is the advice that once led to a lost ledger.
var stashAdvice = []string{"stash them", "git stash", "git checkout -- porting.db", "git reset --hard"}

func faultCases() []faultCase {
	run := job("batch:run", "11")
	return []faultCase{
		// Preflight: each fails before any agent starts.
		{name: "an uncommitted edit to a batch file", setup: func(f *faultWS) { f.edit(batch13, "client.subscribe", "client.Subscribe") },
			args: run, exit: 1, spends: true, wants: []string{"preflight found 1 problem", "batch files differ from HEAD: batches/13-client-subscriptions.yaml", "git add -- batches"}},
		{name: "an untracked file in the main checkout", setup: func(f *faultWS) { f.write("notes.txt", "x") },
			args: run, exit: 1, spends: true, wants: []string{"uncommitted changes: notes.txt", "never stash"}, not: stashAdvice},
		{name: "a detached HEAD", setup: func(f *faultWS) { f.git("checkout", "-q", "--detach") },
			args: run, exit: 1, spends: true, wants: []string{"detached HEAD", "switch main"}},
		{name: "another branch checked out", setup: func(f *faultWS) { f.git("checkout", "-q", "-b", "topic") },
			args: run, exit: 1, spends: true, wants: []string{`is on "topic", not "main"`}},
		{name: "a main branch that does not exist", env: []string{"PORTWAVE_MAIN_BRANCH=trunk"},
			args: run, exit: 1, spends: true, wants: []string{`the main branch "trunk" does not exist`, "main_branch:"}},
		{name: "a stale index.lock", setup: func(f *faultWS) { f.write(".git/index.lock", "") },
			args: run, exit: 1, spends: true, wants: []string{"stale git lock", "index.lock", "rm "}},
		{name: "a stale branch lock", setup: func(f *faultWS) { f.write(".git/refs/heads/main.lock", "") },
			args: run, exit: 1, spends: true, wants: []string{"stale git lock", "refs/heads/main.lock"}},
		{name: "no git identity", setup: func(f *faultWS) {
			// Built on a machine with no identity, the example has its own.
			exec.Command("git", "-C", f.Dir, "config", "--unset", "user.name").Run()
			exec.Command("git", "-C", f.Dir, "config", "--unset", "user.email").Run()
		}, env: noIdentity(),
			args: run, exit: 1, spends: true, wants: []string{"git has no author identity", "git config --global user.email"}},
		{name: "worktrees inside the workspace", env: []string{"PORTWAVE_WORKTREES=wt"},
			args: run, exit: 1, spends: true, wants: []string{"is inside the workspace and not ignored", ".gitignore"}},
		{name: "porting.db outside the repository", setup: func(f *faultWS) {
			data, _ := os.ReadFile(f.db())
			os.WriteFile(filepath.Join(f.Root, "outside.db"), data, 0o644)
		}, env: []string{"PORTWAVE_DB=../outside.db"}, args: run, exit: 1, spends: true, wants: []string{"outside.db is outside the repository", "cannot commit it"}},
		{name: "a missing csharp_root", env: []string{"PORTWAVE_CSHARP_ROOT=dotnet/src/Nope"},
			args: run, exit: 1, spends: true, wants: []string{"csharp_root", "dotnet/src/Nope does not exist"}},
		{name: "a missing go_root", setup: func(f *faultWS) { f.edit("portwave.yaml", "go_root: go", "go_root: golang") },
			args: run, exit: 1, spends: true, wants: []string{"go_root", "golang does not exist"}},
		{name: "an audit_root that is a file", env: []string{"PORTWAVE_AUDIT_ROOT=README.md"},
			args: run, exit: 1, spends: true, wants: []string{"audit_root", "README.md is not a folder"}},
		{name: "an agent CLI that is not installed", env: []string{"PORTWAVE_AGENT=codex"},
			args: run, exit: 1, spends: true, wants: []string{"codex", "not installed", "agent: in portwave.yaml"}},
		{name: "a build tool that is not installed", env: []string{"PORTWAVE_BUILD=nosuchbuild build"},
			args: run, exit: 1, spends: true, wants: []string{`the build command "nosuchbuild build"`, "not found on PATH", "portwave:csharp-check"}},
		{name: "a test tool that is not installed", env: []string{"PORTWAVE_TEST=nosuchtest run"},
			args: run, exit: 1, spends: true, wants: []string{`the test command "nosuchtest run"`, "not found on PATH"}},
		{name: "a batch branch the ledger does not own", setup: func(f *faultWS) { f.git("branch", "port/batch-11") },
			args: run, exit: 1, spends: true, wants: []string{"branch port/batch-11 exists and the ledger has no unfinished run that owns it", "git branch -D port/batch-11"}},
		{name: "too little free space", env: []string{"PORTWAVE_MIN_FREE_MB=2000000000"},
			args: run, exit: 1, spends: true, wants: []string{"less than min_free_mb (2000000000)", "PORTWAVE_MIN_FREE_MB"}},
		{name: ".git/portwave is a file", setup: func(f *faultWS) { f.write(".git/portwave", "x") },
			args: run, exit: 1, spends: true, wants: []string{".git/portwave is a file", "mv "}, not: []string{"another orchestrator"}},
		{name: "porting.db modified and not committed", setup: func(f *faultWS) {
			c, _ := sql.Open("sqlite", f.db())
			c.Exec(`UPDATE features SET dotnet_member = 'X' WHERE id = 1`)
			c.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
			c.Close()
		}, args: run, exit: 1, spends: true, wants: []string{"porting.db differs from HEAD, and not by a portwave run", "edited by hand", `-- porting.db`}, not: stashAdvice},
		{name: "porting.db never committed", setup: func(f *faultWS) { f.git("rm", "-q", "--cached", "porting.db"); f.git("commit", "-qm", "untrack") },
			args: run, exit: 1, spends: true, wants: []string{"porting.db is not committed", "git add -- porting.db"}},
		{name: "several problems at once, each with its fix", setup: func(f *faultWS) {
			f.write("stray.txt", "x")
			f.write(".git/index.lock", "")
		}, env: []string{"PORTWAVE_CSHARP_ROOT=nowhere"}, args: run, exit: 1, spends: true,
			wants: []string{"preflight found 3 problem(s)", "1. main checkout", "2. source trees", "3. git locks", "fix: "}},
		{name: "the aftermath of kill -9 during the fast-forward", setup: func(f *faultWS) {
			// git died half-way: its lock and a half-updated file remain.
			f.write(".git/index.lock", "")
			f.write("dotnet/src/MiniBus/Client/ClientConnection.cs", "// half written\n")
		}, args: run, exit: 1, spends: true, wants: []string{"stale git lock", "ClientConnection.cs", "never stash, reset or check out porting.db"}, not: stashAdvice},
		{name: "a wave target runs preflight", setup: func(f *faultWS) { f.write("stray.txt", "x") },
			args: job("wave", "1"), exit: 1, spends: true, wants: []string{"preflight found", "stray.txt"}},
		{name: "the all target runs preflight", env: []string{"PORTWAVE_CSHARP_ROOT=nowhere"},
			args: job("all"), exit: 1, spends: true, wants: []string{"preflight found", "csharp_root"}},
		{name: "worktrees inside the workspace but ignored pass", setup: func(f *faultWS) {
			f.write(".gitignore", "/wt/\n")
			f.git("add", ".gitignore")
			f.git("commit", "-qm", "ignore the worktrees")
		}, env: []string{"PORTWAVE_WORKTREES=wt"}, args: job("preflight"), exit: 0, spends: true, wants: []string{"is ready to run"}},
		{name: "mage preflight lists the problems and starts nothing", setup: func(f *faultWS) { f.git("checkout", "-q", "--detach") },
			args: job("preflight"), exit: 1, spends: true, wants: []string{"detached HEAD"}},
		{name: "PORTWAVE_BUDGET_USD=NaN", env: []string{"PORTWAVE_BUDGET_USD=NaN"},
			args: job("wave", "1"), exit: 1, spends: true, wants: []string{"PORTWAVE_BUDGET_USD", "want a finite number"}},

		// Read-only targets leave porting.db, its -wal and -shm as they are.
		{name: "status beside a -wal of another porting.db", setup: foreignWAL,
			args: job("status"), exit: 1, wants: []string{"porting.db-wal does not belong to", "nothing was changed", "move"}},
		{name: "plan beside a -wal of another porting.db", setup: foreignWAL,
			args: job("plan"), exit: 1, wants: []string{"does not belong to"}},
		{name: "validate beside a -wal of another porting.db, with a -shm", setup: func(f *faultWS) { foreignWAL(f); f.write(f.db()+"-shm", strings.Repeat("\x00", 32768)) },
			args: job("validate"), exit: 1, wants: []string{"does not belong to"}},
		{name: "batch:run beside a -wal of another porting.db", setup: foreignWAL,
			args: run, exit: 1, spends: true, wants: []string{"does not belong to"}},
		{name: "status beside a -wal that logs pages of another size", setup: func(f *faultWS) { f.write(f.db()+"-wal", walHeader(512)) },
			args: job("status"), exit: 1, wants: []string{"porting.db-wal does not belong to", "logs pages of 512 bytes"}},
		{name: "status beside a -wal of garbage, which SQLite ignores", setup: func(f *faultWS) { f.write(f.db()+"-wal", strings.Repeat("garbage ", 100)) },
			args: job("status"), exit: 0, wants: []string{"no batch has run yet"}},
		{name: "status in a read-only folder", setup: func(f *faultWS) { os.Chmod(f.Dir, 0o555); f.t.Cleanup(func() { os.Chmod(f.Dir, 0o755) }) },
			args: job("status"), exit: 0, wants: []string{"no batch has run yet"}},
		{name: "a schema version of -1", setup: func(f *faultWS) { setSchemaVersion(f, -1) },
			args: job("status"), exit: 1, wants: []string{"schema version -1, out of range"}, not: []string{"panic", "index out of range"}},
		{name: "a schema version of 0 when running", setup: func(f *faultWS) { setSchemaVersion(f, 0) },
			args: run, exit: 1, spends: true, wants: []string{"schema version 0, out of range"}, not: []string{"panic"}},
		{name: "a schema version from a newer portwave", setup: func(f *faultWS) { setSchemaVersion(f, 99) },
			args: job("validate"), exit: 1, wants: []string{"newer portwave (schema version 99"}},
		{name: "porting.db is a named pipe", setup: func(f *faultWS) { f.fifo("porting.db") },
			args: job("status"), exit: 1, wants: []string{"porting.db", "named pipe"}},
		{name: "porting.db is a folder", setup: func(f *faultWS) { os.Remove(f.db()); os.Mkdir(f.db(), 0o755) },
			args: job("plan"), exit: 1, wants: []string{"porting.db", "folder"}},

		// Input limits and hostile text.
		{name: "plan:import of /dev/zero", args: job("plan:import", "/dev/zero"), exit: 1, wants: []string{"/dev/zero", "not a regular file", "character device"}},
		{name: "plan:import of a named pipe", args: func(f *faultWS) []string { return []string{"plan:import", f.fifo(filepath.Join(f.Root, "plan.md"))} },
			exit: 1, wants: []string{"plan.md", "named pipe"}},
		{name: "plan:import of a 9 MB document", args: func(f *faultWS) []string {
			return []string{"plan:import", f.write(filepath.Join(f.Root, "big.md"), minimalPlan+strings.Repeat("x", 9<<20))}
		}, exit: 1, wants: []string{"big.md", "file too large"}},
		{name: "plan:import of a plan whose ranges add up to ten million IDs", args: func(f *faultWS) []string {
			var ranges []string
			for i := 0; i < 100; i++ {
				ranges = append(ranges, fmt.Sprintf("%d-%d", i*100000+1, i*100000+99999))
			}
			return []string{"plan:import", f.write(filepath.Join(f.Root, "huge.md"), strings.Replace(minimalPlan, "**Feature IDs**: 12", "**Feature IDs**: "+strings.Join(ranges, ", "), 1))}
		}, exit: 1, wants: []string{"huge.md:5:1", "more than 200000 feature IDs"}},
		{name: "a batch file that is a named pipe", setup: func(f *faultWS) { f.fifo("batches/15-pipe.yaml") },
			args: job("validate"), exit: 1, wants: []string{"15-pipe.yaml:1:1", "named pipe"}},
		{name: "a batch file that is a named pipe, when running", setup: func(f *faultWS) { f.fifo("batches/15-pipe.yaml") },
			args: run, exit: 1, spends: true, wants: []string{"15-pipe.yaml:1:1", "named pipe"}},
		{name: "a 2 MB batch file", setup: func(f *faultWS) { f.write("batches/15-big.yaml", "id: 15\n#"+strings.Repeat("x", 2<<20)+"\n") },
			args: job("validate"), exit: 1, wants: []string{"15-big.yaml", "file too large"}},
		{name: "100 ranges of 99,999 IDs in one batch file", setup: func(f *faultWS) {
			var ranges []string
			for i := 0; i < 100; i++ {
				ranges = append(ranges, fmt.Sprintf("%d-%d", i*100000+1, i*100000+99999))
			}
			f.edit(batch13, "ids: 1-2, 6", "ids: "+strings.Join(ranges, ", "))
		}, args: job("validate"), exit: 1, wants: []string{"13-client-subscriptions.yaml:4:5", "more than 200000 feature IDs"}},
		{name: "a 100 KB summary", setup: func(f *faultWS) {
			f.edit(batch13, "summary: client.subscribe, unsubscribe and close.", "summary: "+strings.Repeat("p", 100<<10))
		}, args: job("validate"), exit: 1, wants: []string{"13-client-subscriptions.yaml:7:10", "summary: 102400 bytes of text, the limit is 65536"}},
		{name: "a 100 KB note", setup: func(f *faultWS) { f.edit(batch13, "note: extend", "note: "+strings.Repeat("n", 100<<10)) },
			args: job("validate"), exit: 1, wants: []string{"13-client-subscriptions.yaml:13:11", "note: 102400 bytes of text"}},
		{name: "a batch name with a newline and terminal escapes", setup: func(f *faultWS) {
			f.edit(batch13, "name: Client Subscriptions", `name: "Client\n2026-11-27T06:39:08Z batch 12 done\e[2J"`)
		}, args: job("validate"), exit: 1, wants: []string{"13-client-subscriptions.yaml:5:7", `name: control character \n`}, not: []string{"\x1b[2J"}},
		{name: "a summary that clears the terminal", setup: func(f *faultWS) {
			f.edit(batch13, "summary: client.subscribe, unsubscribe and close.", `summary: "client.subscribe\e[2J"`)
		}, args: job("plan"), exit: 1, wants: []string{"13-client-subscriptions.yaml:7:10", `summary: control character \x1b`}, not: []string{"\x1b[2J"}},
		{name: "batch:prompt for a batch whose summary holds a carriage return", setup: func(f *faultWS) {
			f.edit(batch13, "summary: client.subscribe, unsubscribe and close.", `summary: "client.subscribe\rbatch 13 done"`)
		}, args: job("batch:prompt", "13"), exit: 1, wants: []string{"13-client-subscriptions.yaml:7:10", `control character \r`}},
		{name: "a missing batches folder", setup: func(f *faultWS) { f.edit("portwave.yaml", "plan: plan.md", "plan: plan.md\nbatches: nobatches") },
			args: job("validate"), exit: 1, wants: []string{"nobatches does not exist", "mage plan:import"}, not: []string{"open .:"}},
		{name: "a missing batches folder, when running", env: []string{"PORTWAVE_BATCHES=nobatches"},
			args: run, exit: 1, spends: true, wants: []string{"nobatches does not exist", "mage plan:import"}},
		{name: "db:import of a named pipe", args: func(f *faultWS) []string { return []string{"db:import", f.fifo(filepath.Join(f.Root, "features.tsv"))} },
			exit: 1, wants: []string{"features.tsv", "named pipe"}},
		{name: "db:import of /dev/zero", args: job("db:import", "/dev/zero"), exit: 1, wants: []string{"/dev/zero", "character device"}},
		{name: "a config file that is a named pipe", args: job("status"), setup: func(f *faultWS) { f.fifo(filepath.Join(f.Root, "pipe.yaml")) },
			env: nil, exit: 1, wants: []string{"pipe.yaml", "named pipe"}},
		{name: "a 2 MB config file", setup: func(f *faultWS) { f.write("portwave.yaml", "jobs: 2\n#"+strings.Repeat("x", 2<<20)+"\n") },
			args: job("status"), exit: 1, wants: []string{"portwave.yaml", "file too large"}},
		{name: "a prompt template that is a named pipe", setup: func(f *faultWS) { f.fifo(filepath.Join(f.Root, "prompt.tmpl")) },
			env: []string{"PORTWAVE_PROMPT_TEMPLATE=../prompt.tmpl"}, args: job("batch:prompt", "11"), exit: 1, wants: []string{"prompt.tmpl", "named pipe"}},
		{name: "a config file starting with a byte-order mark", setup: func(f *faultWS) {
			data, _ := os.ReadFile(f.path("portwave.yaml"))
			f.write("portwave.yaml", "\uFEFF"+string(data))
		}, args: job("validate"), exit: 0, wants: []string{"4 batches", "no errors"}},
		{name: "retry of a batch that never ran", args: job("retry", "12"), exit: 1, spends: true, wants: []string{"batch 12 has never run", "mage batch:run 12"}},
	}
}

// noIdentity is an environment in which git finds no identity: no
// GIT_AUTHOR_*/GIT_COMMITTER_* variables, no global or system config.
func noIdentity() []string {
	return []string{"GIT_AUTHOR_NAME=", "GIT_AUTHOR_EMAIL=", "GIT_COMMITTER_NAME=", "GIT_COMMITTER_EMAIL=",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "EMAIL="}
}

// Each bad input or fault, on a fresh copy of the example workspace, runs
// the real target in its own process. It must fail (or succeed) with the
// exit code and message wanted, leave porting.db and its -wal and -shm
// byte-identical, batches/, git status, branches and worktrees unchanged,
// and, for the targets that can start agents, start none and record no
// run and no cost.
func TestEveryBadInputAndFaultFailsClearlyAndChangesNothing(t *testing.T) {
	testws.Slow(t)
	template := faultTemplate(t)
	cases := faultCases()
	if len(cases) < 40 {
		t.Fatalf("only %d cases; the table should hold at least 40", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFaultWS(t, template)
			if tc.name == "a config file that is a named pipe" {
				f.env[0] = "PORTWAVE_CONFIG=" + filepath.Join(f.Root, "pipe.yaml")
			}
			if tc.setup != nil {
				tc.setup(f)
			}
			before := f.state()
			start := time.Now()
			out, code := f.run(tc.env, tc.args(f)...)
			if code != tc.exit {
				t.Errorf("exit code %d, want %d\n%s", code, tc.exit, out)
			}
			for _, w := range tc.wants {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("output holds %q:\n%s", n, out)
				}
			}
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("took %v", took)
			}
			if d := before.diff(f.state()); len(d) > 0 {
				t.Errorf("the workspace changed:\n  %s", strings.Join(d, "\n  "))
			}
			if tc.spends {
				if _, err := os.Stat(f.Marker); err == nil {
					t.Error("an agent ran")
				}
				if got := ledgerSummary(f.db()); got != before.Ledger || (before.Ledger != "unreadable" && !strings.HasSuffix(got, "batch_runs=0 cost=0.00")) {
					t.Errorf("ledger after: %s (before: %s), want no batch run and no cost", got, before.Ledger)
				}
			}
		})
	}
}
