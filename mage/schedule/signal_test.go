package schedule_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"portwave/mage/schedule"
)

// helperEnv makes the test binary act as a program that uses NotifyContext:
// "wait" waits for its context and then for a second signal; "stop" calls
// stop first, so a signal should kill it.
const helperEnv = "SCHEDULE_SIGNAL_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		signalHelper(mode)
		return
	}
	os.Exit(m.Run())
}

func signalHelper(mode string) {
	ctx, stop := schedule.NotifyContext(context.Background())
	if mode == "stop" {
		stop()
	}
	fmt.Println("ready")
	<-ctx.Done()
	fmt.Println(context.Cause(ctx))
	time.Sleep(10 * time.Second) // winding down, until a second signal
	fmt.Println("wound down")
	os.Exit(0)
}

func TestTheFirstSignalCancelsAndTheSecondExitsAtOnce(t *testing.T) {
	tests := []struct {
		name       string
		signal     syscall.Signal
		wantCause  string
		wantStatus int
	}{
		{"Ctrl-C", syscall.SIGINT, "interrupted by SIGINT", 130},
		{"a termination request", syscall.SIGTERM, "interrupted by SIGTERM", 143},
		{"a closed terminal", syscall.SIGHUP, "interrupted by SIGHUP", 129},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, lines := startHelper(t, "wait")
			signal(t, cmd, tt.signal)
			if got := next(t, lines); got != tt.wantCause {
				t.Fatalf("after the first signal the helper said %q, want %q", got, tt.wantCause)
			}
			signal(t, cmd, tt.signal)
			err := cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != tt.wantStatus {
				t.Errorf("after the second signal the helper ended with %v, want exit status %d", err, tt.wantStatus)
			}
		})
	}
}

func TestAfterStopASignalHasItsDefaultEffect(t *testing.T) {
	cmd, _ := startHelper(t, "stop")
	signal(t, cmd, syscall.SIGINT)
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("the helper ended with %v, want it killed by SIGINT", err)
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("the helper ended with %v, want it killed by SIGINT", err)
	}
}

// startHelper starts the test binary in helper mode and waits until it has
// set up its signals.
func startHelper(t *testing.T, mode string) (*exec.Cmd, <-chan string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	cmd.Stderr = os.Stderr
	// Through an io.Pipe, cmd.Wait waits until the output is copied, and
	// the buffered channel holds every line the helper can print.
	out, in := io.Pipe()
	cmd.Stdout = in
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the helper: %v", err)
	}
	t.Cleanup(func() { in.Close() })
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		for sc := bufio.NewScanner(out); sc.Scan(); {
			lines <- sc.Text()
		}
	}()
	if got := next(t, lines); got != "ready" {
		t.Fatalf("the helper said %q, want ready", got)
	}
	return cmd, lines
}

func next(t *testing.T, lines <-chan string) string {
	t.Helper()
	select {
	case line, ok := <-lines:
		if !ok {
			t.Fatal("the helper closed its output")
		}
		return line
	case <-time.After(10 * time.Second):
		t.Fatal("the helper said nothing for 10s")
	}
	return ""
}

func signal(t *testing.T, cmd *exec.Cmd, sig os.Signal) {
	t.Helper()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatalf("sending %v: %v", sig, err)
	}
}
