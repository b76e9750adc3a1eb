package schedule

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// SignalError is the cause of a context cancelled by NotifyContext.
type SignalError struct {
	Signal os.Signal
}

func (e *SignalError) Error() string {
	return "interrupted by " + signalName(e.Signal)
}

// NotifyContext returns a copy of parent that is cancelled, with a
// *SignalError as its cause, on the first SIGINT, SIGTERM or SIGHUP (the
// terminal closed, an SSH session dropped): a Run then
// starts nothing more and the running batches wind down. A second signal
// exits the process at once with status 128 + the signal number (130 for
// SIGINT), for when winding down takes too long. stop releases the signals
// (their default action comes back) and cancels the context.
func NotifyContext(parent context.Context) (ctx context.Context, stop context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	released := make(chan struct{})
	go func() {
		select {
		case sig := <-signals:
			cancel(&SignalError{Signal: sig})
		case <-released:
			return
		}
		select {
		case sig := <-signals:
			os.Exit(exitStatus(sig))
		case <-released:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(signals)
			close(released)
			cancel(context.Canceled)
		})
	}
}

// exitStatus is the shell's status for a process killed by sig.
func exitStatus(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

func signalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return sig.String()
}
