package proc

import "syscall"

// setDeathSignal makes the kernel SIGKILL the command when the thread that
// started it dies. Go does not end its threads while the program runs, so
// in practice that is when portwave dies.
func setDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
