package plan_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/fixture"
	"portwave/mage/audit"
	goinv "portwave/mage/inventory"
	"portwave/mage/plan"
	"portwave/mage/port"
)

var natsnetNaming = audit.Naming{ClassMap: map[string]string{"Server": "NatsServer", "client": "ClientConnection", "mqttJSA": "MqttJsa"}}

func fixtureFeatures(t *testing.T) []port.Item {
	t.Helper()
	items, err := fixture.DB(t).Items(context.Background(), port.Feature)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// goTree writes the Go functions behind the two NatsNet collisions.
func goTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"server/events.go":  "package server\n\n// EventsEnabled reports whether the server has internal events enabled via\n// a defined system account.\nfunc (s *Server) EventsEnabled() bool {\n\treturn s.eventsEnabled()\n}\n\nfunc (s *Server) eventsEnabled() bool { return s.sys != nil }\n",
		"server/monitor.go": "package server\n\n// healthz returns the health status of the server.\nfunc (s *Server) healthz(opts *HealthzOptions) *HealthStatus {\n\treturn nil\n}\n\n// Healthz returns the health status of the server.\nfunc (s *Server) Healthz(opts *HealthzOptions) *HealthStatus {\n\treturn s.healthz(opts)\n}\n",
	}
	for name, text := range files {
		writeGo(t, filepath.Join(root, name), text)
	}
	return root
}

func writeGo(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestValidateReportsTheNatsNetMappingCollisionsWithTheirGoSignatures(t *testing.T) {
	p, err := plan.LoadBatches(committedBatches)
	if err != nil {
		t.Fatal(err)
	}
	goRoot := goTree(t)
	d := plan.CheckMappings(p, plan.Mappings{Features: fixtureFeatures(t), Target: natsnetNaming.Target,
		ReadGo: func(its []port.Item) map[goinv.FuncKey]goinv.GoFunc { return goinv.GoFuncs(goRoot, its) }})
	b44, b46 := committedBatches+"/44-events-core-dispatch.yaml", committedBatches+"/46-monitor-endpoints.yaml"
	want := []string{
		b44 + ":41:33: 2 features map to NatsServer.EventsEnabled, and C# can hold only one of them (877 and 878 have the same parameter list): " +
			"feature 877 func (s *Server) EventsEnabled() bool at server/events.go:807 (batch 44, " + b44 + ":41:33); " +
			"feature 878 func (s *Server) eventsEnabled() bool at server/events.go:815 (batch 44, " + b44 + ":41:33); " +
			"give all but one a mapping override (mappings: in the batch file, or mage db:map FILE)",
		b46 + ":19:117: 2 features map to NatsServer.Healthz, and C# can hold only one of them (2230 and 2231 have the same parameter list): " +
			"feature 2230 func (s *Server) healthz(opts *HealthzOptions) *HealthStatus at server/monitor.go:3537 (batch 46, " + b46 + ":19:117); " +
			"feature 2231 func (s *Server) Healthz(opts *HealthzOptions) *HealthStatus at server/monitor.go:4015 (batch 46, " + b46 + ":19:117); " +
			"give all but one a mapping override (mappings: in the batch file, or mage db:map FILE)",
	}
	if diff := cmp.Diff(want, messages(d.Errors)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if len(d.Warnings) != 0 {
		t.Errorf("warnings: %v", messages(d.Warnings))
	}

	// Without the Go source the case-only difference on one type decides.
	d = plan.CheckMappings(p, plan.Mappings{Features: fixtureFeatures(t), Target: natsnetNaming.Target})
	if len(d.Errors) != 2 || !strings.Contains(d.Errors[1].Message, "Server.healthz and Server.Healthz differ only in case on one type") {
		t.Errorf("without the Go source: %v", messages(d.Errors))
	}
}

func TestFunctionsThatDifferInParameterCountAreOverloadsNotACollision(t *testing.T) {
	p, err := plan.LoadBatches(committedBatches)
	if err != nil {
		t.Fatal(err)
	}
	goRoot := goTree(t)
	writeGo(t, filepath.Join(goRoot, "server/monitor.go"), "package server\n\nfunc (s *Server) healthz(opts *HealthzOptions, full bool) *HealthStatus { return nil }\n\nfunc (s *Server) Healthz(opts *HealthzOptions) *HealthStatus { return nil }\n")
	d := plan.CheckMappings(p, plan.Mappings{Features: fixtureFeatures(t), Target: natsnetNaming.Target,
		ReadGo: func(its []port.Item) map[goinv.FuncKey]goinv.GoFunc { return goinv.GoFuncs(goRoot, its) }})
	if len(d.Errors) != 1 || len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0].Message, "NatsServer.Healthz, told apart by parameter count") {
		t.Errorf("errors %v, warnings %v; want only 877/878 as an error and Healthz as a warning", messages(d.Errors), messages(d.Warnings))
	}
}

// withMappings copies the committed batch files and appends a mappings
// list to the named ones.
func withMappings(t *testing.T, add map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(committedBatches)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(committedBatches, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if extra, ok := add[e.Name()]; ok {
			data = append(data, extra...)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAMappingOverrideInTheBatchFileResolvesACollision(t *testing.T) {
	dir := withMappings(t, map[string]string{
		"44-events-core-dispatch.yaml": "mappings:\n  - id: 878\n    member: EventsEnabledCore\n",
		"46-monitor-endpoints.yaml":    "mappings:\n  - id: 2230\n    member: HealthzCore\n    file: NatsServer.Monitor.cs\n  - id: 100\n    member: Elsewhere\n",
	})
	p, err := plan.LoadBatches(dir)
	if err != nil {
		t.Fatal(err)
	}
	b46, _ := p.Batch(46)
	if diff := cmp.Diff([]plan.Mapping{
		{ID: 2230, Member: "HealthzCore", File: "NatsServer.Monitor.cs", Pos: plan.Pos{File: filepath.Join(dir, "46-monitor-endpoints.yaml"), Line: 24, Col: 9}},
		{ID: 100, Member: "Elsewhere", Pos: plan.Pos{File: filepath.Join(dir, "46-monitor-endpoints.yaml"), Line: 27, Col: 9}},
	}, b46.Mappings); diff != "" {
		t.Errorf("batch 46 mappings (-want +got):\n%s", diff)
	}
	d := plan.CheckMappings(p, plan.Mappings{Features: fixtureFeatures(t), Target: natsnetNaming.Target})
	want := []string{filepath.Join(dir, "46-monitor-endpoints.yaml") + ":27:9: batch 46 maps feature 100, which it does not list"}
	if diff := cmp.Diff(want, messages(d.Errors)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	// Written back, the mappings survive.
	out := t.TempDir()
	if err := plan.WriteBatches(out, p); err != nil {
		t.Fatal(err)
	}
	again, err := plan.LoadBatches(out)
	if err != nil {
		t.Fatal(err)
	}
	b46again, _ := again.Batch(46)
	if len(b46again.Mappings) != 2 || b46again.Mappings[0].Member != "HealthzCore" {
		t.Errorf("mappings after writing the batches back: %+v", b46again.Mappings)
	}
}
