package target

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
	"slices"
	"strings"

	"portwave/mage/config"
	"portwave/mage/gitx"
	"portwave/mage/portdb"
)

// InitResult is what `mage init` found and wrote.
type InitResult struct {
	Dir      string
	Detected Detected
	Wrote    []string // files and folders created or changed
	Kept     []string // files left as they were
}

// Detected is what init found in the repository, as slash-separated paths
// relative to it.
type Detected struct {
	GoRoot      string // the folder of go.mod, or of the most Go files
	Solution    string // the .sln
	Project     string // the main (non-test) .csproj
	TestProject string // the test .csproj
	DB          string // a porting.db, if there is one
	DBIsTracker bool   // that file is another tracker's database, not portwave's
}

// skipDirs are never searched for the Go tree or the C# projects.
var skipDirs = map[string]bool{".git": true, "bin": true, "obj": true, "node_modules": true,
	"vendor": true, "testdata": true, "reports": true, "batches": true, ".portwave": true}

// Detect looks through dir for the Go tree, the C# solution and projects and
// a porting.db.
func Detect(dir string) (Detected, error) {
	var d Detected
	var goMods, csprojs, slns, dbs []string
	goFiles := map[string]int{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			if path != dir && (skipDirs[e.Name()] || strings.HasSuffix(e.Name(), "-worktrees")) {
				return filepath.SkipDir
			}
			return nil
		}
		switch name := e.Name(); {
		case name == "go.mod":
			goMods = append(goMods, filepath.ToSlash(filepath.Dir(rel)))
		case strings.HasSuffix(name, ".go"):
			goFiles[filepath.ToSlash(filepath.Dir(rel))]++
		case strings.HasSuffix(name, ".csproj"):
			csprojs = append(csprojs, rel)
		case strings.HasSuffix(name, ".sln") || strings.HasSuffix(name, ".slnx"):
			slns = append(slns, rel)
		case name == "porting.db":
			dbs = append(dbs, rel)
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	shallowest := func(paths []string) string {
		slices.SortFunc(paths, func(a, b string) int {
			if n := strings.Count(a, "/") - strings.Count(b, "/"); n != 0 {
				return n
			}
			return strings.Compare(a, b)
		})
		if len(paths) == 0 {
			return ""
		}
		return paths[0]
	}
	d.GoRoot = shallowest(goMods)
	if d.GoRoot == "" && len(goFiles) > 0 {
		best := ""
		for dir, n := range goFiles {
			if best == "" || n > goFiles[best] || (n == goFiles[best] && dir < best) {
				best = dir
			}
		}
		d.GoRoot = best
	}
	d.Solution = shallowest(slns)
	var tests, mains []string
	for _, p := range csprojs {
		if isTestProject(filepath.Join(dir, filepath.FromSlash(p))) {
			tests = append(tests, p)
		} else {
			mains = append(mains, p)
		}
	}
	d.Project, d.TestProject = shallowest(mains), shallowest(tests)
	if d.DB = shallowest(dbs); d.DB != "" {
		d.DBIsTracker = !isPortwaveDB(filepath.Join(dir, filepath.FromSlash(d.DB)))
	}
	return d, nil
}

// isTestProject tells a test project by its name or its test SDK reference.
func isTestProject(path string) bool {
	if strings.Contains(strings.ToLower(filepath.Base(path)), "test") {
		return true
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for _, ref := range []string{"Microsoft.NET.Test.Sdk", "xunit", "NUnit", "MSTest"} {
		if bytes.Contains(data, []byte(ref)) {
			return true
		}
	}
	return false
}

func isPortwaveDB(path string) bool {
	db, err := portdb.Open(context.Background(), path)
	if err != nil {
		return false
	}
	db.Close()
	return true
}

// configText is the commented portwave.yaml init writes.
func configText(d Detected) string {
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	dir := func(p string) string {
		if p == "" {
			return ""
		}
		return filepath.ToSlash(filepath.Dir(p))
	}
	var b strings.Builder
	b.WriteString(`# portwave settings, written by ` + "`mage init`" + `. Every path here is relative to
# this file's folder: workspace is "." (this repository), so the paths that
# the settings table calls relative to the workspace start here too.
# Every setting can be overridden by its PORTWAVE_* variable (an overriding
# path is relative to the current folder); ` + "`go run mage.go config`" + ` lists them all.
workspace: "."

# porting.db: every Go function and test, its C# target and its status.
`)
	switch {
	case d.DB != "" && !d.DBIsTracker:
		fmt.Fprintf(&b, "db: %s\n", d.DB)
	case d.DB != "":
		fmt.Fprintf(&b, "# %s is another tracker's database: portwave keeps its own beside it;\n# adopt the tracker's items with import_query and import_columns, then\n# `go run mage.go db:import %s` (docs/getting-started.md).\ndb: portwave.db\n", d.DB, d.DB)
	default:
		b.WriteString("# Not there yet: `go run mage.go inventory` builds it from go_root, or\n# `go run mage.go db:import FILE` loads an existing tracker's export.\ndb: porting.db\n")
	}
	fmt.Fprintf(&b, `
# The Go tree the port comes from%s.
go_root: %s

# The C# tree the agents edit and the audit checks%s,
# and what the audit scans, source and tests%s.
csharp_root: %s
audit_root: %s

# The gate: build and test commands, run in each batch's worktree. Without
# dotnet, PORTWAVE_BUILD=portwave:csharp-check uses portwave's own C# check.
build: %q
test: %q
`,
		found(d.GoRoot, "go.mod"), or(d.GoRoot, "."),
		found(d.Project, "the main project"), found(d.Solution, "the solution's folder"),
		or(dir(d.Project), "."), or(dir(d.Solution), or(dir(d.Project), ".")),
		"dotnet build "+or(d.Solution, "."), "dotnet test "+or(d.TestProject, "."))
	b.WriteString(`
# The plan document ` + "`go run mage.go plan:import`" + ` reads (docs/plan-format.md),
# and the batch files it writes, one per batch: commit them.
plan: plan.md
batches: batches
reports: reports

# The agent: claude (Claude Code), codex, or command (agent_command gets the
# prompt on stdin, in the batch's worktree).
agent: claude
jobs: 2

# Go receiver -> C# class for items the tracker has no C# name for, e.g.
# class_map: {Server: NatsServer}
# Columns of an existing tracker's TSV/CSV export or query, portwave name:
# their name (db:import reads them, db:export writes them back), e.g.
# import_columns: {id: feature_id, go_file: source_file, go_name: func}
`)
	return b.String()
}

func found(p, what string) string {
	if p == "" {
		return " (not found: set it)"
	}
	return "\n# (found " + what + ": " + p + ")"
}

// gitignoreLines are what portwave leaves in a workspace that git must not
// track: SQLite's write-ahead files beside porting.db, and local state.
var gitignoreLines = []string{"*.db-wal", "*.db-shm", "/.portwave/"}

// Init sets portwave up in an existing repository (the current folder):
// a commented portwave.yaml from what it detects, batches/ and reports/,
// .gitignore entries; then the checks. It is idempotent, and it overwrites
// portwave.yaml only with PORTWAVE_FORCE=1.
func Init(ctx context.Context, dir string, getenv config.Getenv, out io.Writer) (*InitResult, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	d, err := Detect(dir)
	if err != nil {
		return nil, err
	}
	res := &InitResult{Dir: dir, Detected: d}
	cfgPath := filepath.Join(dir, config.FileName)
	text := configText(d)
	old, err := os.ReadFile(cfgPath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.WriteFile(cfgPath, []byte(text), 0o644); err != nil {
			return nil, err
		}
		res.Wrote = append(res.Wrote, config.FileName)
	case err != nil:
		return nil, err
	case string(old) == text:
		res.Kept = append(res.Kept, config.FileName)
	case isTrue(getenv(config.ForceEnv)):
		if err := os.WriteFile(cfgPath, []byte(text), 0o644); err != nil {
			return nil, err
		}
		res.Wrote = append(res.Wrote, config.FileName+" (PORTWAVE_FORCE=1: rewritten)")
	default:
		res.Kept = append(res.Kept, config.FileName+" (it differs from what init would write now; PORTWAVE_FORCE=1 rewrites it)")
	}
	for _, sub := range []string{"batches", "reports"} {
		if _, err := os.Stat(filepath.Join(dir, sub)); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
		res.Wrote = append(res.Wrote, sub+"/")
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
func (s *Session) InitChecks(ctx context.Context) error {
	c := s.Config
	var problems []string
	check := func(ok bool, good, bad string) {
		if ok {
			fmt.Fprintf(s.Out, "ok    %s\n", good)
		} else {
			fmt.Fprintf(s.Out, "todo  %s\n", bad)
			problems = append(problems, bad)
		}
	}
	_, gitErr := os.Stat(filepath.Join(c.Workspace, ".git"))
	check(gitErr == nil, "git repository "+c.Workspace, "the workspace is not a git repository: git init, and commit")
	check(hasGoFiles(c.GoRoot), "Go tree "+relTo(c.Workspace, c.GoRoot), "no .go files under go_root "+c.GoRoot+": set go_root")
	_, csErr := os.Stat(c.CSharpRoot)
	check(csErr == nil, "C# tree "+relTo(c.Workspace, c.CSharpRoot), "no csharp_root "+c.CSharpRoot+": set csharp_root")
	db, dbErr := s.OpenDB(ctx)
	if dbErr == nil {
		counts, err := db.Counts(ctx, portdb.Feature)
		db.Close()
		n := 0
		for _, v := range counts {
			n += v
		}
		check(err == nil && n > 0, fmt.Sprintf("porting.db with %d features", n), "porting.db has no features: go run mage.go inventory, or db:import FILE")
	} else {
		check(false, "", "no usable porting.db ("+dbErr.Error()+"): go run mage.go inventory builds it from go_root, or db:import FILE loads a tracker's export")
	}
	_, planErr := os.Stat(c.Plan)
	check(planErr == nil, "plan document "+relTo(c.Dir, c.Plan), "no plan document "+relTo(c.Dir, c.Plan)+" yet: write it (docs/plan-format.md), then go run mage.go plan:import")
	if gitErr == nil {
		dirty := uncommitted(ctx, c)
		check(len(dirty) == 0, "portwave's files are committed", "commit before a run (batches merge into main): git add "+strings.Join(dirty, " ")+" && git commit")
	}
	_, dotnetErr := exec.LookPath("dotnet")
	check(dotnetErr == nil, "dotnet for the gate", "no dotnet here: the gate needs it, or PORTWAVE_BUILD=portwave:csharp-check for portwave's own C# check")
	if c.Agent == "claude" || c.Agent == "codex" {
		_, err := exec.LookPath(c.Agent)
		check(err == nil, c.Agent+" for the agent", "no "+c.Agent+" here: install it, or agent: command with agent_command")
	}
	if len(problems) == 0 {
		fmt.Fprintln(s.Out, "ready: go run mage.go validate, then go run mage.go batch:run N")
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
	return s.InitChecks(ctx)
}

// uncommitted lists portwave's own files (the config, porting.db, the plan
// and the batch files) that git does not have as they are: a run merges
// into main, and finds that out only after paying for the agent.
func uncommitted(ctx context.Context, c *config.Config) []string {
	var paths []string
	for _, p := range []string{c.Source, c.DB, c.Plan, c.Batches} {
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
