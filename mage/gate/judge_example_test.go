package gate_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"portwave/mage/config"
	"portwave/mage/gate"
	"portwave/mage/pipeline"
)

// Judge gives the verdict on a batch's tree: here its build, whose output
// (recorded from dotnet) names an error in a file the batch changed. The
// summary is the one line status and the report show; the feedback is
// what the agent's next attempt is told.
func ExampleJudge() {
	dir, _ := os.MkdirTemp("", "gate-example")
	defer os.RemoveAll(dir)
	file := "dotnet/src/Server/Events/EventHelpers.cs"
	os.MkdirAll(filepath.Join(dir, filepath.Dir(file)), 0o755)
	os.WriteFile(filepath.Join(dir, file), []byte("class EventHelpers {\n    void Emit() { Send() }\n}\n"), 0o644)
	dotnet := func(ctx context.Context, wd string, cmd pipeline.Pipeline) ([]byte, int, error) {
		out := wd + "/" + file + "(2,25): error CS1002: ; expected [" + wd + "/dotnet/src/Server/Server.csproj]\n\n" +
			"Build FAILED.\n\n    0 Warning(s)\n    1 Error(s)\n"
		return []byte(out), 1, nil
	}
	v, err := gate.Judge(context.Background(), gate.Input{
		Dir:     dir,
		Changed: []string{file},
		Scope:   gate.Scope{Policy: config.ScopeCSharp, CSharpRoot: "dotnet"},
		Build:   "dotnet build dotnet/",
		Exec:    dotnet,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("passed:", v.Passed)
	fmt.Println("summary:", v.Summary)
	fmt.Print(v.Feedback)
	// Output:
	// passed: false
	// summary: build failed, 1 error(s), first EventHelpers.cs:2:25: error CS1002: ; expected
	// The build failed with these errors:
	// dotnet/src/Server/Events/EventHelpers.cs:2:25: error CS1002: ; expected
}
