//go:build unix

package audit_test

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used, user and system:
// on a machine that other work keeps busy it says what a phase cost
// where wall time says how long it waited.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
