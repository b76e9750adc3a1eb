package run_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/gate"
	"portwave/mage/port"
	"portwave/mage/run"
)

// A file whose name git would quote (any byte outside printable ASCII) is
// judged like any other: the conflict markers in it, or its broken C#,
// fail the gate, and it does not reach main.
func TestAFileWithANonASCIINameIsJudgedByTheGate(t *testing.T) {
	const name = "dotnet/src/MiniBus/Überblick.cs"
	tests := []struct {
		what, content, want string
		env                 map[string]string
	}{
		{"conflict markers", "<<<<<<< HEAD\nnamespace MiniBus { }\n=======\nnamespace MiniBus { class X { } }\n>>>>>>> main\n",
			"conflict marker(s), first " + name + ":1", map[string]string{"PORTWAVE_SCOPE": "any"}},
		{"the built-in check", "namespace MiniBus { internal static class Overview {\n",
			"C# check: 1 problem(s), first " + name, map[string]string{"PORTWAVE_SCOPE": "csharp", "PORTWAVE_BUILD": gate.BuiltinCheck}},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			steps := append(port12(), map[string]any{"write": map[string]any{"path": name, "content": tt.content}})
			env := map[string]string{"PORTWAVE_ATTEMPTS": "1"}
			for k, v := range tt.env {
				env[k] = v
			}
			s := open(t, testws.Script(t, steps, nil), env)
			before := mainHead(t, s.ws)
			err := s.w.RunBatch(context.Background(), 12)
			var be *run.BatchError
			if !errors.As(err, &be) || be.Stage != port.StageGate || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want the gate failed with %q", err, tt.want)
			}
			if mainHead(t, s.ws) != before {
				t.Error("main moved")
			}
			if _, err := os.Stat(filepath.Join(s.ws.Dir, name)); !os.IsNotExist(err) {
				t.Errorf("%s is in the main checkout: %v", name, err)
			}
		})
	}
}
