package command_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/fixture"
	"portwave/mage/command"
	"portwave/mage/demo"
	"portwave/mage/magefile"
	"portwave/mage/portdb"
)

type env map[string]string

func (e env) get(k string) string { return e[k] }

func session(t testing.TB, e env) (*command.Session, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, log bytes.Buffer
	s, err := command.NewSessionEnv(context.Background(), e.get, &out, &log)
	if err != nil {
		t.Fatal(err)
	}
	return s, &out, &log
}

func TestThePlanOfTheBundledExampleNeedsNoSetup(t *testing.T) {
	t.Chdir(t.TempDir()) // no portwave.yaml here
	s, out, log := session(t, env{command.ExampleEnv: "1", command.ExampleDirEnv: t.TempDir()})
	if err := s.PlanShow(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "setting up the bundled example workspace") {
		t.Errorf("log = %q", log)
	}
	for _, want := range []string{"Subject & Stats Helpers", "Critical path: 11 -> 13 -> 14", "Features: 15 + 14 + 1 = 30 verified (vs 30 total = 100.0%)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
}

// natsnet is a workspace whose porting.db is imported from the NatsNet
// fixture and whose batches are the repository's batches/, as a team
// coming from the NatsNet tracker would set it up.
func natsnet(t testing.TB, extra env) (env, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "portwave.yaml")
	batches := fixture.BatchesPath()
	// docs/natsnet.yaml holds the port's facts; the workspace is here.
	doc, err := os.ReadFile("../../docs/natsnet.yaml")
	if err != nil {
		t.Fatal(err)
	}
	yaml := strings.NewReplacer("batches: batches\n", "batches: "+batches+"\n").Replace(string(doc))
	if !strings.Contains(yaml, "batches: "+batches) || !strings.Contains(yaml, "workspace: .\n") {
		t.Fatalf("docs/natsnet.yaml no longer names workspace and batches as this test expects:\n%s", doc)
	}
	os.WriteFile(cfg, []byte(yaml), 0o644)
	e := env{"PORTWAVE_CONFIG": cfg}
	for k, v := range extra {
		e[k] = v
	}
	s, _, _ := session(t, e)
	for _, f := range []string{"features.tsv", "tests.tsv"} {
		if err := s.DBImport(context.Background(), filepath.Join(fixture.Dir(t), f)); err != nil {
			t.Fatal(err)
		}
	}
	return e, filepath.Join(dir, "porting.db")
}

func TestTheNatsNetPlanValidatesAgainstTheFixtureWithTheBatch47Warning(t *testing.T) {
	e, dbPath := natsnet(t, nil)
	s, out, log := session(t, e)
	// As tracked, two pairs of features collide on one C# member each.
	err := s.Validate(context.Background())
	for _, want := range []string{"44-events-core-dispatch.yaml:41:33: 2 features map to NatsServer.EventsEnabled",
		"46-monitor-endpoints.yaml:19:117: 2 features map to NatsServer.Healthz"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validate returned %v; want an error saying %q", err, want)
		}
	}
	// Overrides through db:map resolve them, and are in the history.
	resolveCollisions(t, s)
	db, err := portdb.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Reader().QueryRow(`SELECT count(*) FROM status_history h JOIN runs r ON r.id = h.run_id
		WHERE h.item_id IN (878, 2230) AND h.reason LIKE 'mapping override: NatsServer.% -> NatsServer.%Core' AND r.command LIKE 'db:map %'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if n != 2 {
		t.Errorf("%d mapping overrides in the history, want 2", n)
	}
	out.Reset()
	log.Reset()
	if err := s.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The others: the C# members the tracker shares, and batches 44 and
	// 46 (wave 2), whose targets and mappings both place features in
	// ClientConnection.cs.
	if !strings.Contains(out.String(), "6 batches") || !strings.Contains(out.String(), "no errors, 3 warnings") {
		t.Errorf("validate said %q", out)
	}
	for _, want := range []string{"batch 47 declares 139 features but lists 152 IDs, 13 of them already verified",
		"batches 44 and 46 can run at the same time in wave 2 and both change ClientConnection.cs"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("warnings lack %q:\n%s", want, log)
		}
	}
}

func TestThePlanOfTheNatsNetFixtureShowsTheBatchesAndTheOutcome(t *testing.T) {
	e, _ := natsnet(t, env{"PORTWAVE_FORMAT": "json"})
	s, out, _ := session(t, e)
	if err := s.PlanShow(context.Background()); err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Waves []struct {
			Wave    int
			Batches []struct {
				ID       int
				Listed   int
				AddedIDs []struct{ IDs string } `json:"added_ids"`
			}
		}
		Outcome struct {
			FeaturesLine string `json:"features_line"`
		}
	}
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatal(err)
	}
	got := map[int][2]int{}
	added := map[int]string{}
	for _, w := range sum.Waves {
		for _, b := range w.Batches {
			got[b.ID] = [2]int{w.Wave, b.Listed}
			for _, a := range b.AddedIDs {
				added[b.ID] += a.IDs
			}
		}
	}
	want := map[int][2]int{42: {1, 54}, 43: {1, 37}, 44: {2, 46}, 45: {3, 42}, 46: {2, 45}, 47: {4, 152}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("batches (-want +got):\n%s", d)
	}
	if added[42] != "2962" {
		t.Errorf("batch 42 added %q, want 2962", added[42])
	}
	if w := "Features: 3263 + 363 + 1 = 3627 verified (vs 3673 total = 98.7%)"; sum.Outcome.FeaturesLine != w {
		t.Errorf("outcome = %q, want %q", sum.Outcome.FeaturesLine, w)
	}
}

func hash(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// Every bad input is reported with its position and what was expected, and
// porting.db is left exactly as it was.
func TestBadInputIsReportedWithItsPositionAndChangesNothing(t *testing.T) {
	type action func(s *command.Session, ws string) error
	validate := func(s *command.Session, ws string) error { return s.Validate(context.Background()) }
	importDoc := func(doc string) action {
		return func(s *command.Session, ws string) error {
			p := filepath.Join(t.TempDir(), "plan.md")
			os.WriteFile(p, []byte(doc), 0o644)
			return s.PlanImport(context.Background(), p)
		}
	}
	importTSV := func(body string) action {
		return func(s *command.Session, ws string) error {
			p := filepath.Join(t.TempDir(), "features.tsv")
			os.WriteFile(p, []byte(body), 0o644)
			return s.DBImport(context.Background(), p)
		}
	}
	const header = "id\tgo_file\tgo_receiver\tgo_name\tgo_line\tgo_line_count\tdotnet_class\tdotnet_member\tstatus\n"
	tests := []struct {
		name  string
		file  string // a file of the example workspace to change first, if any
		from  string
		to    string
		do    action
		wants []string
	}{
		{"a range running backwards", "batches/13-client-subscriptions.yaml", "ids: 1-2, 6", "ids: 2-1, 6", validate, []string{"13-client-subscriptions.yaml:16:10:", "2-1 runs backwards"}},
		{"an ID that is not a number", "batches/13-client-subscriptions.yaml", "ids: 1-2, 6", "ids: 1-2, abc", validate, []string{"13-client-subscriptions.yaml:16:15:", `"abc" is not an ID`}},
		{"an empty item", "batches/13-client-subscriptions.yaml", "ids: 1-2, 6", "ids: 1-2, , 6", validate, []string{"13-client-subscriptions.yaml:16:15:", "empty item"}},
		{"an unknown ID", "batches/13-client-subscriptions.yaml", "ids: 1-2, 6", "ids: 1-2, 6, 999", validate, []string{"13-client-subscriptions.yaml:16:18:", "feature 999 is not in porting.db",
			"\n   16 |   - ids: 1-2, 6, 999\n      | " + strings.Repeat(" ", 17) + "^"}},
		{"an ID in two batches", "batches/13-client-subscriptions.yaml", "ids: 1-2, 6", "ids: 1-2, 6, 12", validate, []string{"13-client-subscriptions.yaml:16:18:", "feature 12 is in both batch 12", "12-server-lifecycle.yaml:16:10"}},
		{"a dependency cycle", "batches/12-server-lifecycle.yaml", "depends_on: []", "depends_on: [14]", validate, []string{"12-server-lifecycle.yaml:", "cycle"}},
		{"a dependency in a later wave", "batches/11-subject-stats-helpers.yaml", "depends_on: []", "depends_on: [13]", validate, []string{"11-subject-stats-helpers.yaml:", "wave"}},
		{"a dependency on no batch", "batches/13-client-subscriptions.yaml", "depends_on: [11, 12]", "depends_on: [11, 99]", validate, []string{"13-client-subscriptions.yaml:9:", "99"}},
		{"a target escaping the C# root", "batches/13-client-subscriptions.yaml", "path: Client/ClientConnection.cs", "path: ../../etc/passwd", validate, []string{"13-client-subscriptions.yaml:12:11:", "leaves the C# root"}},
		{"an absolute target", "batches/13-client-subscriptions.yaml", "path: Client/ClientConnection.cs", "path: /tmp/x.cs", validate, []string{"13-client-subscriptions.yaml:12:11:", "is absolute"}},
		{"an unknown key in a batch file", "batches/13-client-subscriptions.yaml", "depends_on:", "dependson:", validate, []string{"13-client-subscriptions.yaml:9:1:", `unknown key "dependson"`}},
		{"a malformed batch file", "batches/13-client-subscriptions.yaml", "name: Client Subscriptions", "name: [Client", validate, []string{"13-client-subscriptions.yaml:"}},
		{"a wrong type in a batch file", "batches/13-client-subscriptions.yaml", "wave: 2", "wave: second", validate, []string{"13-client-subscriptions.yaml:6:7:", "second"}},
		{"an unknown key in the config", "portwave.yaml", "jobs: 2", "jbos: 2", validate, []string{"portwave.yaml:11:1:", `unknown key "jbos"`, "\n   11 | jbos: 2\n      | ^"}},
		{"a bad value in the config", "portwave.yaml", "jobs: 2", "jobs: many", validate, []string{"portwave.yaml:11:7:", "want a whole number"}},
		{"a plan with a batch of no IDs", "", "", "", importDoc("# P\n\n## Batch Structure\n\n### Batch 1: A (2 features)\n\nSummary.\n\n**Feature IDs**: \n\n**Dependencies**: None\n\n## Execution Plan\n\n### Wave 1\n\n- **Batch 1** (A, 2 features)\n"), []string{"plan.md:9:"}},
		{"a plan with a bad range", "", "", "", importDoc("# P\n\n## Batch Structure\n\n### Batch 1: A (2 features)\n\nSummary.\n\n**Feature IDs**: 12-3\n\n**Dependencies**: None\n\n## Execution Plan\n\n### Wave 1\n\n- **Batch 1** (A, 2 features)\n"), []string{"plan.md:9:", "12-3", "\n   9 | **Feature IDs**: 12-3\n     | " + strings.Repeat(" ", 17) + "^"}},
		{"a plan whose batch is in no wave", "", "", "", importDoc("# P\n\n## Batch Structure\n\n### Batch 1: A (1 features)\n\nSummary.\n\n**Feature IDs**: 12\n\n**Dependencies**: None\n\n## Execution Plan\n"), []string{"plan.md:5:", "wave"}},
		{"a TSV row with a bad status", "", "", "", importTSV(header + "1\ta.go\t\tf\t1\t1\tA\tF\tdone\n"), []string{"features.tsv:2:", `unknown status "done"`}},
		{"a TSV row with too few columns", "", "", "", importTSV(header + "1\ta.go\t\tf\n"), []string{"features.tsv:2:", "4 columns, want 9"}},
		{"a TSV with a renamed column", "", "", "", importTSV(strings.Replace(header, "go_line\t", "line\t", 1)), []string{"features.tsv:1:", `"line", want "go_line"`}},
		{"a TSV whose second row is bad", "", "", "", importTSV(header + "1\ta.go\t\tf\t1\t1\tA\tF\tstub\n2\ta.go\t\tg\tx\t1\tA\tG\tstub\n"), []string{"features.tsv:3:", "go_line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			s, _, _ := session(t, env{command.ExampleEnv: "1", command.ExampleDirEnv: t.TempDir()})
			ws := s.Config.Workspace
			db := s.Config.DB
			before := hash(t, db)
			if tt.file != "" {
				path := filepath.Join(ws, tt.file)
				data, _ := os.ReadFile(path)
				if !strings.Contains(string(data), tt.from) {
					t.Fatalf("%s lacks %q", path, tt.from)
				}
				os.WriteFile(path, []byte(strings.Replace(string(data), tt.from, tt.to, 1)), 0o644)
			}
			var err error
			if s2, _, _ := sessionErr(env{"PORTWAVE_CONFIG": filepath.Join(ws, "portwave.yaml")}, &err); s2 != nil {
				err = tt.do(s2, ws)
			}
			if err == nil {
				t.Fatal("no error, want one")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if hash(t, db) != before {
				t.Error("porting.db changed")
			}
		})
	}
}

func TestACorruptOrNewerDatabaseIsRefusedByName(t *testing.T) {
	for name, mutate := range map[string]func(string){
		"not sqlite": func(p string) { os.WriteFile(p, []byte("id\tgo_file\n"), 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			s, _, _ := session(t, env{command.ExampleEnv: "1", command.ExampleDirEnv: t.TempDir()})
			mutate(s.Config.DB)
			err := s.Validate(context.Background())
			if err == nil || !strings.Contains(err.Error(), s.Config.DB) || !strings.Contains(err.Error(), "not a SQLite database") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func sessionErr(e env, errp *error) (*command.Session, *bytes.Buffer, *bytes.Buffer) {
	var out, log bytes.Buffer
	s, err := command.NewSessionEnv(context.Background(), e.get, &out, &log)
	*errp = err
	return s, &out, &log
}

// magefileHere makes the working directory a magefile's folder, as Mage
// runs its targets in one.
func magefileHere(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("magefile.go", []byte("//go:build mage\n\npackage main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// resolveCollisions gives 878 and 2230, which collide with 877 and 2231
// on one C# member each, members of their own through db:map.
func resolveCollisions(t *testing.T, s *command.Session) {
	t.Helper()
	tsv := filepath.Join(t.TempDir(), "map.tsv")
	if err := os.WriteFile(tsv, []byte("id\tdotnet_member\n878\tEventsEnabledCore\n2230\tHealthzCore\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.DBMap(context.Background(), tsv); err != nil {
		t.Fatal(err)
	}
}

func TestValidateFailsWhileThePlanTargetsBesideTheMagefileAreStale(t *testing.T) {
	e, _ := natsnet(t, nil)
	magefileHere(t)
	s, _, _ := session(t, e)
	resolveCollisions(t, s)
	if err := s.Validate(context.Background()); !errors.Is(err, magefile.ErrStale) {
		t.Fatalf("validate without magefile_plan.go: err = %v, want it stale", err)
	}
	if err := s.PlanTargets(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(context.Background()); err != nil {
		t.Fatalf("validate after plan:targets: %v", err)
	}
	src, err := os.ReadFile(magefile.FileName)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"func Batch44(", "mg.CtxDeps(ctx, Batch42)", "func Wave4(", "mg.CtxDeps(ctx, Wave3)"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the NatsNet plan's targets lack %q", want)
		}
	}
	os.WriteFile(magefile.FileName, append(src, "// edited\n"...), 0o644)
	if err := s.Validate(context.Background()); !errors.Is(err, magefile.ErrStale) {
		t.Errorf("validate with an edited magefile_plan.go: err = %v, want it stale", err)
	}
}

// plan:import writes the batch files and their targets together: without
// a magefile for the targets (here: a workspace run from portwave's own
// clone, whose magefile is never a port's) it writes neither, and says
// how to get one; beside the workspace's magefile it writes both.
func TestPlanImportWritesNothingWithoutAMagefileAndNeverIntoPortwavesClone(t *testing.T) {
	ws := t.TempDir()
	if err := demo.ExtractExample(ws); err != nil {
		t.Fatal(err)
	}
	e := env{"PORTWAVE_CONFIG": filepath.Join(ws, "portwave.yaml")}
	clone, _ := filepath.Abs("../..")
	cloneTargets := hash(t, filepath.Join(clone, magefile.FileName))
	for _, cwd := range []string{t.TempDir(), clone} {
		t.Chdir(cwd)
		s, _, _ := session(t, e)
		err := s.PlanImport(context.Background(), filepath.Join(ws, "plan.md"))
		if err == nil || !strings.Contains(err.Error(), "no magefile.go in "+ws) || !strings.Contains(err.Error(), "init") {
			t.Errorf("plan:import from %s without a magefile: err = %v", cwd, err)
		}
		if err := s.PlanTargets(context.Background()); err == nil || !strings.Contains(err.Error(), "no magefile.go") {
			t.Errorf("plan:targets from %s without a magefile: err = %v", cwd, err)
		}
	}
	if _, err := os.Stat(filepath.Join(ws, "batches")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("plan:import wrote batch files without a magefile for their targets: %v", err)
	}
	if hash(t, filepath.Join(clone, magefile.FileName)) != cloneTargets {
		t.Errorf("a port's plan:import rewrote portwave's own %s", magefile.FileName)
	}
	if err := os.WriteFile(filepath.Join(ws, "magefile.go"), []byte("//go:build mage\n\npackage main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, out, _ := session(t, e)
	if err := s.PlanImport(context.Background(), filepath.Join(ws, "plan.md")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "wrote 4 batch files") || !strings.Contains(out.String(), "wrote "+filepath.Join(ws, magefile.FileName)+": 4 batch targets, 3 wave targets") {
		t.Errorf("plan:import said %q", out)
	}
}

func TestAGeneratedTargetRefusesAPlanOfAnotherShapeBeforeAnythingRuns(t *testing.T) {
	e, dbPath := natsnet(t, nil)
	for k, v := range e {
		t.Setenv(k, v)
	}
	before := hash(t, dbPath)
	for name, run := range map[string]func() error{
		"batch44": func() error { return command.PlanBatch(context.Background(), 44, "0123456789abcdef") },
		"wave2":   func() error { return command.PlanWave(context.Background(), 2, "0123456789abcdef") },
	} {
		if err := run(); err == nil || !strings.Contains(err.Error(), "magefile_plan.go was generated from another plan") {
			t.Errorf("%s with another plan's graph: err = %v", name, err)
		}
	}
	if hash(t, dbPath) != before {
		t.Error("porting.db changed")
	}
}

// A wave target of portwave's own clone run on a port's workspace with -w
// (the example's targets, compiled from the clone's magefile) is refused
// before anything runs, and the refusal names the workspace's own
// magefile_plan.go, which is this plan's, as the place to run it, rather
// than sending the user to rewrite targets that are already right.
func TestAnotherMagefilesTargetOnAWorkspaceNamesTheWorkspacesOwnTargets(t *testing.T) {
	e, dbPath := natsnet(t, nil)
	dir := filepath.Dir(e["PORTWAVE_CONFIG"])
	if err := os.WriteFile(filepath.Join(dir, "magefile.go"), []byte("//go:build mage\n\npackage main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _, _ := session(t, e)
	if err := s.PlanTargets(context.Background()); err != nil {
		t.Fatal(err)
	}
	for k, v := range e {
		t.Setenv(k, v)
	}
	before := hash(t, dbPath)
	err := command.PlanWave(context.Background(), 1, "0123456789abcdef")
	if err == nil || !strings.Contains(err.Error(), "built from another folder's magefile") || !strings.Contains(err.Error(), "`go run mage.go TARGET` in "+dir) {
		t.Errorf("wave1 of another magefile on the workspace: err = %v, want it to name %s as the place to run it", err, dir)
	}
	if hash(t, dbPath) != before {
		t.Error("porting.db changed")
	}
}

// `mage golden` reaches every package with golden files through the one
// -update flag, and no test defines a flag of its own for them.
func TestGoldenFindsEveryPackageWithGoldenFilesAndNoneHasItsOwnFlag(t *testing.T) {
	got, err := command.GoldenPackages(context.Background(), "../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"portwave", "portwave/mage/audit/csharp", "portwave/mage/demo", "portwave/mage/plan",
		"portwave/mage/progress", "portwave/mage/report", "portwave/mage/report/chart"} {
		if !slices.Contains(got, want) {
			t.Errorf("mage golden leaves out %s (it found %v)", want, got)
		}
	}
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(src), "flag.Bool("+`"update"`) {
			t.Errorf("%s defines its own -update flag; use goldenfile.Update", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
