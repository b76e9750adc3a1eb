package proc

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrNoStartTime: the system does not say when a process started (no
// /proc), so a recorded process cannot be told from one that reused its pid.
var ErrNoStartTime = errors.New("process start time unknown")

// StartTime is when process pid started, in clock ticks after boot, from
// field 22 of /proc/<pid>/stat. A pid with the same start time is the same
// process; the kernel hands pids out again, start times never repeat for
// one pid.
func StartTime(pid int) (uint64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			if _, serr := os.Stat("/proc/self/stat"); serr != nil {
				return 0, ErrNoStartTime
			}
		}
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces or
	// parentheses itself: count fields after the last ')'.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("unreadable /proc stat of pid " + strconv.Itoa(pid))
	}
	fields := strings.Fields(s[i+1:])
	// fields[0] is field 3 (state); the start time is field 22.
	if len(fields) < 20 {
		return 0, errors.New("short /proc stat of pid " + strconv.Itoa(pid))
	}
	return strconv.ParseUint(fields[19], 10, 64)
}

// KillRecorded kills the process group a recorded command led, if it may
// still run: its leader pid still has the recorded start time, or the
// leader is gone but its group still has members (a pid cannot be reused
// while a process group of that id exists, so they are the command's
// children). It returns whether it found anything to kill, and waits, up
// to a few seconds, until the group is gone.
func KillRecorded(pgid int, start uint64) bool {
	if pgid <= 1 {
		return false
	}
	st, err := StartTime(pgid)
	switch {
	case err == nil && st != start:
		return false // the pid belongs to another process now
	case err == nil, errors.Is(err, ErrNoStartTime) && start == 0:
		// the leader itself, or no way to tell and nothing recorded to compare
	case !GroupAlive(pgid):
		return false
	}
	if syscall.Kill(-pgid, syscall.SIGKILL) == syscall.ESRCH {
		return false
	}
	deadline := time.Now().Add(reapWait)
	for GroupAlive(pgid) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return true
}
