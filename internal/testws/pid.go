package testws

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// HostPID translates the pid a process inside the sandbox reported (its
// pid in the sandbox's PID namespace: the stand-in's spawn_child writes
// that one) into its pid here, among the live processes whose working
// directory is in dir. It returns 0 when no such process runs. Outside a
// sandbox the two pids are the same.
func HostPID(inner int, dir string) int {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		host, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cwd, err := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
		if err != nil || (cwd != dir && !strings.HasPrefix(cwd, dir+"/")) {
			continue
		}
		status, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		for line := range strings.Lines(string(status)) {
			if ns, ok := strings.CutPrefix(line, "NSpid:"); ok {
				f := strings.Fields(ns)
				if len(f) > 0 && f[len(f)-1] == strconv.Itoa(inner) && !zombie(status) {
					return host
				}
			}
		}
	}
	return 0
}

func zombie(status []byte) bool {
	for line := range strings.Lines(string(status)) {
		if s, ok := strings.CutPrefix(line, "State:"); ok {
			return strings.HasPrefix(strings.TrimSpace(s), "Z")
		}
	}
	return false
}
