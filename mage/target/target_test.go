package target_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/fixture"
	"portwave/mage/target"
)

type env map[string]string

func (e env) get(k string) string { return e[k] }

func session(t *testing.T, e env) (*target.Session, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, log bytes.Buffer
	s, err := target.NewSessionEnv(context.Background(), e.get, &out, &log)
	if err != nil {
		t.Fatal(err)
	}
	return s, &out, &log
}

func TestThePlanOfTheBundledExampleNeedsNoSetup(t *testing.T) {
	t.Chdir(t.TempDir()) // no portwave.yaml here
	s, out, log := session(t, env{target.ExampleDirEnv: t.TempDir()})
	if err := s.PlanShow(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "setting up the bundled example workspace") {
		t.Errorf("log = %q", log)
	}
	for _, want := range []string{"Subject & Stats Helpers", "Critical path: 11 -> 13 -> 14", "Features: 15 + 0 + 15 = 30 verified (vs 30 total = 100.0%)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
}

// natsnet is a workspace whose porting.db is imported from the NatsNet
// fixture and whose batches are the repository's batches/, as a team
// coming from the NatsNet tracker would set it up.
func natsnet(t *testing.T, extra env) (env, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "portwave.yaml")
	batches, _ := filepath.Abs("../../batches")
	os.WriteFile(cfg, []byte("workspace: .\ncsharp_root: dotnet/src/ZB.MOM.NatsNet.Server\nbatches: "+batches+"\n"), 0o644)
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
	e, _ := natsnet(t, nil)
	s, out, log := session(t, e)
	if err := s.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "6 batches") || !strings.Contains(out.String(), "no errors, 1 warnings") {
		t.Errorf("validate said %q", out)
	}
	if want := "batch 47 declares 139 features but lists 152 IDs, 13 of them already verified"; !strings.Contains(log.String(), want) {
		t.Errorf("warnings lack %q:\n%s", want, log)
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

// Every bad input is reported with its position, and porting.db is left
// exactly as it was.
func TestBadInputIsReportedWithItsPositionAndChangesNothing(t *testing.T) {
	tests := []struct {
		name  string
		file  string // a batch file of the example to change, or "" for the config
		from  string
		to    string
		wants []string
	}{
		{"a range running backwards", "13-client-subscriptions.yaml", "ids: 1-2, 6", "ids: 2-1, 6", []string{"13-client-subscriptions.yaml:15:10:", "2-1"}},
		{"an ID that is not a number", "13-client-subscriptions.yaml", "ids: 1-2, 6", "ids: 1-2, abc", []string{"13-client-subscriptions.yaml:15:15:", "abc"}},
		{"an empty item", "13-client-subscriptions.yaml", "ids: 1-2, 6", "ids: 1-2, , 6", []string{"13-client-subscriptions.yaml:15:15:", "empty"}},
		{"an unknown ID", "13-client-subscriptions.yaml", "ids: 1-2, 6", "ids: 1-2, 6, 999", []string{"13-client-subscriptions.yaml:15:18:", "999"}},
		{"an ID in two batches", "13-client-subscriptions.yaml", "ids: 1-2, 6", "ids: 1-2, 6, 12", []string{"13-client-subscriptions.yaml:15:18:", "12", "12-server-lifecycle.yaml"}},
		{"a dependency cycle", "12-server-lifecycle.yaml", "depends_on: []", "depends_on: [14]", []string{"12-server-lifecycle.yaml", "cycle"}},
		{"a dependency in a later wave", "11-subject-stats-helpers.yaml", "depends_on: []", "depends_on: [13]", []string{"11-subject-stats-helpers.yaml", "wave"}},
		{"a target escaping the C# root", "13-client-subscriptions.yaml", "path: Client/ClientConnection.cs", "path: ../../etc/passwd", []string{"13-client-subscriptions.yaml:12:11:", "leaves the C# root"}},
		{"an absolute target", "13-client-subscriptions.yaml", "path: Client/ClientConnection.cs", "path: /tmp/x.cs", []string{"13-client-subscriptions.yaml:12:11:", "absolute"}},
		{"an unknown key in a batch file", "13-client-subscriptions.yaml", "depends_on:", "dependson:", []string{"13-client-subscriptions.yaml:9:1:", "unknown key \"dependson\""}},
		{"a malformed batch file", "13-client-subscriptions.yaml", "name: Client Subscriptions", "name: [Client", []string{"13-client-subscriptions.yaml:"}},
		{"an unknown key in the config", "", "jobs: 2", "jbos: 2", []string{"portwave.yaml:", "unknown key \"jbos\""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			s, _, _ := session(t, env{target.ExampleDirEnv: t.TempDir()})
			ws := s.Config.Workspace
			before := hash(t, s.Config.DB)
			path := filepath.Join(ws, "portwave.yaml")
			if tt.file != "" {
				path = filepath.Join(ws, "batches", tt.file)
			}
			data, _ := os.ReadFile(path)
			if !strings.Contains(string(data), tt.from) {
				t.Fatalf("%s lacks %q", path, tt.from)
			}
			os.WriteFile(path, []byte(strings.Replace(string(data), tt.from, tt.to, 1)), 0o644)
			var err error
			if s2, _, _ := sessionErr(env{"PORTWAVE_CONFIG": filepath.Join(ws, "portwave.yaml")}, &err); s2 != nil {
				err = s2.Validate(context.Background())
			}
			if err == nil {
				t.Fatal("validate passed, want an error")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if hash(t, s.Config.DB) != before {
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
			s, _, _ := session(t, env{target.ExampleDirEnv: t.TempDir()})
			mutate(s.Config.DB)
			err := s.Validate(context.Background())
			if err == nil || !strings.Contains(err.Error(), s.Config.DB) || !strings.Contains(err.Error(), "not a SQLite database") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func sessionErr(e env, errp *error) (*target.Session, *bytes.Buffer, *bytes.Buffer) {
	var out, log bytes.Buffer
	s, err := target.NewSessionEnv(context.Background(), e.get, &out, &log)
	*errp = err
	return s, &out, &log
}
