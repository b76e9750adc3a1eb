package command

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/port"
)

// InitResult is what `mage init` found and wrote.
type InitResult struct {
	Dir      string
	Detected Detected
	Module   mageModule // where the Mage files went
	Clone    string     // the portwave clone the Mage module builds
	Wrote    []string   // files and folders created or changed
	Kept     []string   // files left as they were
}

// gitignoreLines are what portwave leaves in a workspace that git must not
// track: SQLite's write-ahead files beside porting.db, local state (and
// the port workflow's checkout of portwave), and the reports, which
// `mage report` writes again from porting.db at any time. A team that
// wants its reports in git removes that line and commits them.
var gitignoreLines = []string{"*.db-wal", "*.db-shm", "/.portwave/", "/reports/"}

// modHeader starts the go.mod init writes: while a go.mod starts with it,
// init keeps it and go.sum in step with portwave's.
const modHeader = "// The Mage module of this port, written by portwave's `mage init`"

// Init sets portwave up in the git repository whose top is dir: a
// commented portwave.yaml of what it finds, the repository's Mage module
// (go.mod, go.sum, mage.go, magefile.go importing portwave's targets), the
// port workflow, batches/ and .gitignore entries. It refuses, writing
// nothing, a folder outside git, a subfolder of a repository (unless
// PORTWAVE_SUBFOLDER=1) and portwave's own clone. It is idempotent: it
// overwrites a file that differs only with PORTWAVE_FORCE=1, except the
// go.mod and go.sum it wrote, which it keeps in step with portwave.
func Init(ctx context.Context, dir string, getenv config.Getenv, out io.Writer) (*InitResult, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := initHere(dir, getenv); err != nil {
		return nil, err
	}
	d, err := Detect(dir)
	if err != nil {
		return nil, err
	}
	m := placeMageModule(dir, d)
	clone, err := portwaveClone(m)
	if err != nil {
		return nil, err
	}
	files, err := mageFiles(m, clone, filepath.Base(dir))
	if err != nil {
		return nil, err
	}
	repo, ref := cloneOrigin(ctx, clone)
	workflow, err := Workflow(WorkflowOptions{Folder: m.Folder, Repository: repo, Ref: ref})
	if err != nil {
		return nil, err
	}
	branch, _ := gitx.Repo{Dir: dir}.Run(ctx, "symbolic-ref", "--short", "-q", "HEAD")
	res := &InitResult{Dir: dir, Detected: d, Module: m, Clone: clone}
	w := initWriter{dir: dir, force: isTrue(getenv(config.ForceEnv)), res: res}
	w.file(config.FileName, []byte(configText(configFacts{Detected: d, Mage: m.Mage(), MainBranch: strings.TrimSpace(branch)})), false)
	modPath := filepath.Join(m.Folder, "go.mod")
	old, _ := os.ReadFile(filepath.Join(dir, modPath))
	inStep := len(old) == 0 || bytes.HasPrefix(old, []byte(modHeader))
	for _, name := range []string{"go.mod", "go.sum", "mage.go", "magefile.go"} {
		w.file(filepath.Join(m.Folder, name), files[name], inStep && (name == "go.mod" || name == "go.sum"))
	}
	w.file(filepath.Join(".github", "workflows", "port.yml"), workflow, false)
	if w.err != nil {
		return nil, w.err
	}
	if _, err := os.Stat(filepath.Join(dir, "batches")); err != nil {
		if err := os.MkdirAll(filepath.Join(dir, "batches"), 0o755); err != nil {
			return nil, err
		}
		res.Wrote = append(res.Wrote, "batches/")
	}
	added, err := appendMissingLines(filepath.Join(dir, ".gitignore"), gitignoreLines)
	if err != nil {
		return nil, err
	}
	if len(added) > 0 {
		res.Wrote = append(res.Wrote, ".gitignore (+ "+strings.Join(added, " ")+")")
	}
	for _, w := range res.Wrote {
		fmt.Fprintf(out, "wrote %s\n", w)
	}
	for _, k := range res.Kept {
		fmt.Fprintf(out, "kept %s\n", k)
	}
	return res, nil
}

// initHere refuses, before anything is written, a folder init must not
// set up: outside git, a subfolder of a repository (unless asked), or
// portwave's own clone.
func initHere(dir string, getenv config.Getenv) error {
	top := config.RepoTop(dir)
	if top == "" {
		return fmt.Errorf("%s is not in a git repository: portwave runs each batch in a git worktree and merges it into the main branch; `git init -b main` there and commit your work, then run init again; nothing was written", dir)
	}
	if clone := config.Clone(dir); clone != "" {
		return fmt.Errorf("%s is portwave's own clone: init sets up a port's repository; from here, `go run mage.go -w PATH init` with the port repository's folder; nothing was written", clone)
	}
	if top != dir && !isTrue(getenv(config.SubfolderEnv)) {
		return fmt.Errorf("%s is a subfolder of the git repository %s: portwave sets up at the top of a repository (`go run mage.go -w %s init` from portwave's clone), or in this subfolder with %s=1 (a repository holding several ports); nothing was written",
			dir, top, top, config.SubfolderEnv)
	}
	return nil
}

// initWriter writes init's files, each only when it is missing (or
// differs, with force or when init keeps it in step), and records what
// it did in res.
type initWriter struct {
	dir   string
	force bool
	res   *InitResult
	err   error
}

func (w *initWriter) file(rel string, data []byte, inStep bool) {
	if w.err != nil {
		return
	}
	path := filepath.Join(w.dir, rel)
	old, err := os.ReadFile(path)
	note := ""
	switch {
	case err == nil && bytes.Equal(old, data):
		w.res.Kept = append(w.res.Kept, rel)
		return
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		w.err = err
		return
	case inStep:
		note = " (brought in step with portwave's)"
	case w.force:
		note = " (PORTWAVE_FORCE=1: rewritten)"
	default:
		w.res.Kept = append(w.res.Kept, rel+" (it differs from what init would write now; PORTWAVE_FORCE=1 rewrites it)")
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		w.err = err
		return
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		w.err = err
		return
	}
	w.res.Wrote = append(w.res.Wrote, rel+note)
}

// appendMissingLines adds to path the lines it does not hold yet.
func appendMissingLines(path string, lines []string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	have := map[string]bool{}
	for l := range strings.Lines(string(data)) {
		have[strings.TrimSpace(l)] = true
	}
	var add []string
	for _, l := range lines {
		if !have[l] {
			add = append(add, l)
		}
	}
	if len(add) == 0 {
		return nil, nil
	}
	text := string(data)
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	text += "# portwave\n" + strings.Join(add, "\n") + "\n"
	return add, os.WriteFile(path, []byte(text), 0o644)
}

func isTrue(v string) bool {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// InitChecks loads the config init wrote and checks what a run needs,
// printing one line per check and what to do next. It fails when the
// configuration cannot be used at all.
func (s *Session) InitChecks(ctx context.Context, m mageModule, clone string) error {
	c := s.Config
	mage := m.Mage()
	var problems []string
	check := func(ok bool, good, bad string) {
		if ok {
			fmt.Fprintf(s.Out, "ok    %s\n", good)
		} else {
			fmt.Fprintf(s.Out, "todo  %s\n", bad)
			problems = append(problems, bad)
		}
	}
	check(true, fmt.Sprintf("Mage module %s: portwave's targets from %s; `%s -l` lists them (the first build takes a few minutes)", m.Folder, clone, mage), "")
	_, gitErr := os.Stat(filepath.Join(c.Workspace, ".git"))
	check(gitErr == nil, "git repository "+c.Workspace, "the workspace is not a git repository: git init, and commit")
	check(hasGoFiles(c.GoRoot), "Go tree "+relTo(c.Workspace, c.GoRoot), "no .go files under go_root "+c.GoRoot+": set go_root")
	_, csErr := os.Stat(c.CSharpRoot)
	check(csErr == nil, "C# tree "+relTo(c.Workspace, c.CSharpRoot), "no csharp_root "+c.CSharpRoot+": set csharp_root")
	db, dbErr := s.OpenDB(ctx)
	if dbErr == nil {
		counts, err := db.Counts(ctx, port.Feature)
		db.Close()
		n := 0
		for _, v := range counts {
			n += v
		}
		check(err == nil && n > 0, fmt.Sprintf("porting.db with %d features", n), "porting.db has no features: "+mage+" inventory, or "+mage+" db:import FILE")
	} else {
		check(false, "", "no usable porting.db ("+dbErr.Error()+"): "+mage+" inventory builds it from go_root, or "+mage+" db:import FILE loads a tracker's export")
	}
	_, planErr := os.Stat(c.Plan)
	check(planErr == nil, "plan document "+relTo(c.Dir, c.Plan), "no plan document "+relTo(c.Dir, c.Plan)+" yet: write it (docs/plan-format.md), then "+mage+" plan:import")
	if gitErr == nil {
		dirty := uncommitted(ctx, c, initFiles(c.Dir, m)...)
		check(len(dirty) == 0, "portwave's files are committed", "commit before a run (batches merge into main): git add "+strings.Join(dirty, " ")+" && git commit")
	}
	_, dotnetErr := exec.LookPath("dotnet")
	check(dotnetErr == nil, "dotnet for the gate", "no dotnet here: the gate needs it, or PORTWAVE_BUILD=portwave:csharp-check for portwave's own C# check")
	if c.Agent == "claude" || c.Agent == "codex" {
		_, err := exec.LookPath(c.Agent)
		check(err == nil, c.Agent+" for the agent", "no "+c.Agent+" here: install it, or agent: command with agent_command")
	}
	if len(problems) == 0 {
		fmt.Fprintf(s.Out, "ready: %s validate, then %s batch:run N\n", mage, mage)
	} else {
		fmt.Fprintf(s.Out, "%d to do before a run (docs/getting-started.md)\n", len(problems))
	}
	return nil
}

func hasGoFiles(root string) bool {
	found := false
	filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipAll
		}
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// InitHere is the init target: Init in the current folder, then the checks
// on the portwave.yaml there.
func InitHere(ctx context.Context, getenv config.Getenv, out, log io.Writer) error {
	res, err := Init(ctx, ".", getenv, out)
	if err != nil {
		return err
	}
	cfg, err := config.Load(filepath.Join(res.Dir, config.FileName), getenv)
	if err != nil {
		return err
	}
	s := &Session{Config: cfg, Out: out, Log: log, Getenv: getenv}
	fmt.Fprintf(out, "checks (paths resolve from %s):\n", res.Dir)
	return s.InitChecks(ctx, res.Module, res.Clone)
}

// initFiles are the other files init writes, for the reminder to commit
// them: the Mage module, the workflow and .gitignore.
func initFiles(dir string, m mageModule) []string {
	var out []string
	for _, name := range []string{"go.mod", "go.sum", "mage.go", "magefile.go"} {
		out = append(out, filepath.Join(m.Dir, name))
	}
	return append(out, filepath.Join(dir, ".github", "workflows", "port.yml"), filepath.Join(dir, ".gitignore"))
}

// uncommitted lists portwave's own files (the config, porting.db, the plan
// and the batch files) that git does not have as they are: a run merges
// into main, and finds that out only after paying for the agent.
func uncommitted(ctx context.Context, c *config.Config, more ...string) []string {
	var paths []string
	for _, p := range append([]string{c.Source, c.DB, c.Plan, c.Batches}, more...) {
		if _, err := os.Stat(p); err == nil {
			paths = append(paths, relTo(c.Workspace, p))
		}
	}
	if len(paths) == 0 {
		return nil
	}
	changes, err := gitx.Repo{Dir: c.Workspace}.Status(ctx, paths...)
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var dirty []string
	for _, ch := range changes {
		p := ch.Path
		for _, top := range paths {
			if (p == top || strings.HasPrefix(p, top+"/")) && !seen[top] {
				seen[top] = true
				dirty = append(dirty, top)
			}
		}
	}
	return dirty
}
