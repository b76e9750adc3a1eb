//go:build !linux

package proc

import "syscall"

// setDeathSignal: only Linux has a parent-death signal; the watchdog is the
// tether elsewhere.
func setDeathSignal(*syscall.SysProcAttr) {}
