package run_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/gate"
)

func TestPostRunsTheGateOnMainWithoutDotnet(t *testing.T) {
	tests := []struct {
		name    string
		markers bool
		pass    bool
	}{
		{"a clean main", false, true},
		{"conflict markers committed on main", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t, "", map[string]string{"PORTWAVE_BUILD": gate.BuiltinCheck, "PORTWAVE_TEST": " "})
			t.Setenv("PATH", "/usr/bin:/bin") // git, and no dotnet
			if _, err := exec.LookPath("dotnet"); err == nil {
				t.Fatal("dotnet is still on PATH")
			}
			if tt.markers {
				path := filepath.Join(s.ws.Dir, serverCS)
				data, _ := os.ReadFile(path)
				os.WriteFile(path, []byte(strings.Replace(string(data), "public void Shutdown()", "<<<<<<< HEAD\n=======\n>>>>>>> main\n        public void Shutdown()", 1)), 0o644)
				gitOut(t, s.ws.Dir, "commit", "-q", "-am", "a bad resolution")
			}
			before := mainHead(t, s.ws)
			res, err := s.w.Post(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if res.Gate.Passed != tt.pass {
				t.Errorf("gate passed = %v (%s), want %v", res.Gate.Passed, res.Gate.Summary, tt.pass)
			}
			if !tt.pass && !strings.Contains(res.Gate.Summary, "conflict marker") {
				t.Errorf("gate summary %q does not name the conflict markers", res.Gate.Summary)
			}
			if subject := gitOut(t, s.ws.Dir, "log", "-1", "--format=%s"); mainHead(t, s.ws) == before || !strings.HasPrefix(subject, "portwave: post-execution") {
				t.Errorf("post did not commit porting.db: last commit %q", subject)
			}
			if st := gitOut(t, s.ws.Dir, "status", "--porcelain"); st != "" {
				t.Errorf("main is not clean after post: %s", st)
			}
		})
	}
}
