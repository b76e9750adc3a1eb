package prompt_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/placement"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/prompt"
	"portwave/scripts"
)

func TestThePromptListsPendingFeaturesWithTheirDocAndAFileForEach(t *testing.T) {
	goRoot := t.TempDir()
	src := "package server\n\n// getScheduledMessages returns the messages due now.\n// It holds the lock.\nfunc (ms *MsgScheduling) getScheduledMessages() []int {\n\treturn nil\n}\n\n/* Healthz returns\n   the health. */\nfunc (s *Server) Healthz() int {\n\treturn 0\n}\n\nfunc (s *Server) Done() {}\n\nfunc (s *Server) Done2() {}\n"
	if err := os.MkdirAll(filepath.Join(goRoot, "server"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(goRoot, "server", "x.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	items := map[int]port.Item{
		10: {ID: 10, GoFile: "server/x.go", GoReceiver: "MsgScheduling", GoName: "getScheduledMessages", GoLine: 5, GoLineCount: 3, Status: port.Stub},
		11: {ID: 11, GoFile: "server/x.go", GoReceiver: "Server", GoName: "Healthz", GoLine: 11, GoLineCount: 3, Status: port.Deferred},
		12: {ID: 12, GoFile: "server/x.go", GoReceiver: "Server", GoName: "Done", GoLine: 15, GoLineCount: 1, Status: port.Verified},
		13: {ID: 13, GoFile: "server/x.go", GoReceiver: "Server", GoName: "Done2", GoLine: 17, GoLineCount: 1, Status: port.Verified},
	}
	b := plan.Batch{ID: 42, Name: "Foundation", Targets: []plan.Target{{Path: "NatsServer.Monitor.cs"}},
		Features: []plan.Group{{Ranges: plan.Ranges{{Lo: 10, Hi: 13}}}}}
	target := func(it port.Item) (string, string) {
		class := it.GoReceiver
		if class == "Server" {
			class = "NatsServer"
		}
		return class, strings.ToUpper(it.GoName[:1]) + it.GoName[1:]
	}
	tmpl, err := prompt.Parse("prompt.tmpl", scripts.Prompt)
	if err != nil {
		t.Fatal(err)
	}
	text, err := tmpl.Render(prompt.Data{Batch: b, Features: prompt.Features(b, items, target, goRoot, placement.Placement{}), CSharpRoot: "dotnet", Build: "dotnet build", StubMarker: "// TODO: port"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## Features to port (2)",
		"Already done, nothing to port: 12-13.",
		"### Feature 10: getScheduledMessages -> MsgScheduling.GetScheduledMessages",
		"C# file: MsgScheduling.cs",
		"- MsgScheduling.cs (no target of the batch holds MsgScheduling: for feature(s) 10)",
		"and\n  the other files named there for the features. Port each feature in the file its section names.",
		"// getScheduledMessages returns the messages due now.\n// It holds the lock.\nfunc (ms *MsgScheduling)",
		"/* Healthz returns\n   the health. */\nfunc (s *Server) Healthz() int {",
		"C# file: NatsServer.Monitor.cs",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("prompt lacks %q", want)
		}
	}
	for _, unwanted := range []string{"### Feature 12", "### Feature 13"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("prompt lists a done feature: %q", unwanted)
		}
	}
	if t.Failed() {
		t.Log(text)
	}
}
