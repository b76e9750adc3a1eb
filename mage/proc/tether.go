package proc

import (
	"os"
	"os/exec"
	"syscall"
)

// A tethered command dies with the process that started it, however that
// process ends: a kill -9 of the orchestrator must not leave an agent
// writing into a worktree that the next run hands to another batch.
//
// Two things hold the tether:
//
//   - on Linux the command's leader gets the parent-death signal (SIGKILL),
//     which the kernel sends when the starting thread dies;
//   - a watchdog, a small shell that joins the command's process group and
//     reads a pipe whose only writer is this process. When this process
//     dies the kernel closes the pipe, the read returns, and the watchdog
//     kills its own group (kill 0): the leader's children too, which the
//     parent-death signal does not reach. Being a member, it never signals
//     a group id the system may have handed out again.
//
// The watchdog goes with the rest of the group when the command ends.
type tether struct {
	cmd  *exec.Cmd
	w    *os.File
	done chan struct{}
}

// watchdogScript waits for end of input, then kills its process group.
const watchdogScript = `read -r _; kill -9 0`

// startTether starts the watchdog in process group pgid. A watchdog that
// cannot start leaves the parent-death signal as the only tether; that is
// not a reason to fail the run.
func startTether(pgid int) *tether {
	r, w, err := os.Pipe()
	if err != nil {
		return nil
	}
	defer r.Close()
	cmd := exec.Command("/bin/sh", "-c", watchdogScript, "portwave-tether")
	cmd.Stdin = r
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: pgid}
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil
	}
	t := &tether{cmd: cmd, w: w, done: make(chan struct{})}
	// Reap it as soon as it ends, so it never lingers as a zombie member
	// of the group the caller waits to see gone.
	go func() { _ = cmd.Wait(); close(t.done) }()
	return t
}

// release stops the watchdog without letting it signal anything.
func (t *tether) release() {
	if t == nil {
		return
	}
	_ = t.cmd.Process.Kill()
	<-t.done
	t.w.Close()
}
