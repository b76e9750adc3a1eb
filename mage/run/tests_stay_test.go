package run_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/port"
	"portwave/mage/run"
)

// A test that passes on main must pass again: switched off with Skip and
// replaced by an empty test, which keeps the passing count, it fails the
// gate by name.
func TestAPassingTestSkippedAndReplacedByAnEmptyOneFailsTheGate(t *testing.T) {
	const testsCS = "dotnet/tests/MiniBus.Tests/MinibusTests.cs"
	data, err := os.ReadFile(filepath.Join("../demo/example", testsCS))
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "[Fact]\n", "[Fact(Skip = \"later\")]\n", 1)
	i := strings.Index(src, "        [Fact]\n")
	src = src[:i] + "        [Fact]\n        public void StillCounted() { }\n\n" + src[i:]
	steps := append(port12(), map[string]any{"write": map[string]any{"path": testsCS, "content": src}})
	// scope csharp: the test project is part of the C# tree, not a target.
	s := open(t, testws.Script(t, steps, nil), map[string]string{"PORTWAVE_ATTEMPTS": "1", "PORTWAVE_SCOPE": "csharp"})
	before := mainHead(t, s.ws)
	err = s.w.RunBatch(context.Background(), 12)
	var be *run.BatchError
	if !errors.As(err, &be) || be.Stage != port.StageGate || !strings.Contains(err.Error(), "no longer pass (skipped or removed): MiniBus.Tests.MinibusTests.") {
		t.Fatalf("err = %v, want the gate failed naming the skipped test", err)
	}
	if mainHead(t, s.ws) != before {
		t.Error("main moved")
	}
}
