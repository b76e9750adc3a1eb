package input_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"portwave/mage/input"
)

func TestANamedPipeIsRefusedAtOnceInsteadOfBlocking(t *testing.T) {
	p := filepath.Join(t.TempDir(), "11-a.yaml")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := input.ReadFile(p, 100); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, input.ErrNotRegular) || !strings.Contains(err.Error(), "named pipe") {
			t.Fatalf("err = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a named pipe blocked")
	}
}

func TestAFileAboveItsCapAndADeviceAreRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big")
	os.WriteFile(p, make([]byte, 101), 0o644)
	if _, err := input.ReadFile(p, 100); !errors.Is(err, input.ErrTooLarge) {
		t.Errorf("big file: err = %v", err)
	}
	if _, err := input.ReadFile("/dev/zero", 100); !errors.Is(err, input.ErrNotRegular) || !strings.Contains(err.Error(), "device") {
		t.Errorf("/dev/zero: err = %v", err)
	}
	if _, err := input.ReadFile(t.TempDir(), 100); !errors.Is(err, input.ErrNotRegular) {
		t.Errorf("folder: err = %v", err)
	}
	if data, err := input.ReadFile(p, 101); err != nil || len(data) != 101 {
		t.Errorf("a file at its cap: %d bytes, %v", len(data), err)
	}
}
