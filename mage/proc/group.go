package proc

import (
	"sync"
	"syscall"
	"time"
)

// reapWait bounds how long killGroup waits for the killed group to vanish.
// A killed process stays visible to kill(2) until it is reaped; orphans are
// reaped by init, which in some containers does so only about once a second.
const reapWait = 3 * time.Second

// killGroup sends SIGKILL to every process of the group and waits, up to
// reapWait, until the group no longer exists, so that a caller returning from
// Run can rely on nothing of the command still running.
func killGroup(pgid int) {
	if pgid <= 0 {
		return
	}
	if err := syscall.Kill(-pgid, syscall.SIGKILL); err == syscall.ESRCH {
		return
	}
	deadline := time.Now().Add(reapWait)
	for GroupAlive(pgid) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}

// GroupAlive reports whether any process (a not yet reaped one included) is
// still in process group pgid.
func GroupAlive(pgid int) bool {
	return pgid > 0 && syscall.Kill(-pgid, 0) == nil
}

// groupStopper sends SIGTERM to a process group and SIGKILL after a grace
// period; it remembers that it did, so Run can tell a kill from a crash.
type groupStopper struct {
	mu      sync.Mutex
	did     bool
	killing *time.Timer
}

func (g *groupStopper) start(pgid int, grace time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.did = true
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	g.killing = time.AfterFunc(grace, func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
}

func (g *groupStopper) stopped() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.did
}

func (g *groupStopper) finish() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.killing != nil {
		g.killing.Stop()
	}
}
