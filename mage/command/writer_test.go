package command_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/command"
	"portwave/mage/lock"
)

// holdOrchestratorLock makes another process hold the workspace's
// orchestrator lock, as a running wave does, and returns its pid.
func holdOrchestratorLock(t *testing.T, workspace string) int {
	t.Helper()
	path := filepath.Join(workspace, ".git", "portwave", "orchestrator.lock")
	os.MkdirAll(filepath.Dir(path), 0o755)
	// The shell writes its pid the way portwave does, then becomes flock,
	// which takes the lock and says so before it sleeps.
	cmd := exec.Command("sh", "-c", `printf 'pid %d on test since now: wave1\n' $$ > "$1"; exec flock "$1" sh -c 'echo locked; exec sleep 30'`, "sh", path)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Skipf("flock(1) is not available: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "locked\n" {
		t.Fatalf("the holder did not take the lock: %q", line)
	}
	return cmd.Process.Pid
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(data))
}

func TestWritingTargetsAreRefusedWhileAnotherProcessHoldsTheOrchestratorLock(t *testing.T) {
	t.Chdir(t.TempDir())
	root := t.TempDir()
	s, _, _ := session(t, env{command.ExampleEnv: "1", command.ExampleDirEnv: root})
	ctx := context.Background()
	pid := holdOrchestratorLock(t, s.Config.Workspace)
	before := fileHash(t, s.Config.DB)
	for name, run := range map[string]func() error{
		"audit":       func() error { return s.AuditRun(ctx) },
		"audit:reset": func() error { return s.AuditReset(ctx) },
		"inventory":   func() error { return s.Inventory(ctx) },
		"db:import":   func() error { return s.DBImport(ctx, filepath.Join(t.TempDir(), "features.tsv")) },
		"db:map":      func() error { return s.DBMap(ctx, filepath.Join(t.TempDir(), "map.tsv")) },
		"post":        func() error { return s.Post(ctx) },
	} {
		err := run()
		if !errors.Is(err, lock.ErrHeld) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", pid)) {
			t.Errorf("%s: err = %v, want it refused naming pid %d", name, err, pid)
		}
	}
	if fileHash(t, s.Config.DB) != before {
		t.Error("porting.db changed while another process held the lock")
	}
	// Reading needs no lock.
	if err := s.Status(ctx); err != nil {
		t.Errorf("status: %v", err)
	}
	dry, _, _ := session(t, env{command.ExampleEnv: "1", command.ExampleDirEnv: root, "PORTWAVE_DRY_RUN": "1"})
	if err := dry.AuditRun(ctx); err != nil || dry.Config.Workspace != s.Config.Workspace {
		t.Errorf("a dry-run audit writes nothing and needs no lock: %v", err)
	}
}
