package lock_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portwave/mage/lock"
)

// TestMain doubles as the holder process: a second process really holds
// the lock, as a second orchestrator would.
func TestMain(m *testing.M) {
	if path := os.Getenv("LOCK_TEST_HOLD"); path != "" {
		l, err := lock.TryAcquire(path, "mage wave2")
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("held")
		time.Sleep(time.Minute)
		l.Release()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func holder(t *testing.T, path string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "LOCK_TEST_HOLD="+path)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := out.Read(buf); err != nil || string(buf[:4]) != "held" {
		t.Fatalf("holder did not take the lock: %q %v", buf, err)
	}
	return cmd
}

func TestASecondProcessIsRefusedWithTheHoldersPID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orchestrator.lock")
	cmd := holder(t, path)
	defer cmd.Process.Kill()
	_, err := lock.TryAcquire(path, "mage wave3")
	if !errors.Is(err, lock.ErrHeld) {
		t.Fatalf("err = %v, want ErrHeld", err)
	}
	if want := fmt.Sprintf("pid %d", cmd.Process.Pid); !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "mage wave2") {
		t.Errorf("err = %v, want it to name %s and its command", err, want)
	}
}

func TestALockOfAKilledProcessIsFreeAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orchestrator.lock")
	cmd := holder(t, path)
	cmd.Process.Kill() // kill -9
	cmd.Wait()
	l, err := lock.TryAcquire(path, "mage wave2")
	if err != nil {
		t.Fatalf("lock of a dead process is still held: %v", err)
	}
	l.Release()
}

func TestAcquireWaitsForTheHolderAndGivesUpWithTheContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "merge.lock")
	first, err := lock.TryAcquire(path, "merge 42")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := lock.Acquire(ctx, path, "merge 43"); err == nil {
		t.Fatal("Acquire succeeded while the lock was held")
	}
	go func() { time.Sleep(50 * time.Millisecond); first.Release() }()
	second, err := lock.Acquire(context.Background(), path, "merge 43")
	if err != nil {
		t.Fatal(err)
	}
	second.Release()
}
