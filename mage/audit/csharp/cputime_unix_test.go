//go:build unix

package csharp_test

import (
	"syscall"
	"time"
)

// spent is the processor time this process has used, user and system.
func spent() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
