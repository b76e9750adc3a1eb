package sandbox

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"portwave/mage/proc"
)

// ErrMissing says the sandbox's program is not installed.
var ErrMissing = errors.New("sandbox program not installed")

func newBwrap() Box {
	home, _ := os.UserHomeDir()
	b := Box{kind: Bwrap, bin: "bwrap", home: home}
	bin, err := exec.LookPath("bwrap")
	if err != nil {
		b.missing = fmt.Errorf("%w: bubblewrap (bwrap) is not on PATH: install it (Debian and Ubuntu: apt-get install bubblewrap), or run unconfined with the explicit setting sandbox: none", ErrMissing)
		return b
	}
	b.bin = bin
	return b
}

// Wrap returns s rewritten to run inside the sandbox under policy p. The
// program is looked up here, in portwave's PATH as proc would, so a
// missing one is still a *proc.NotFoundError and not an exit of the
// sandbox. Without confinement s comes back as it is.
func (b Box) Wrap(s proc.Spec, p Policy) (proc.Spec, error) {
	if !b.Confines() {
		return s, nil
	}
	if b.missing != nil {
		return s, b.missing
	}
	prog, err := exec.LookPath(s.Name)
	if err != nil {
		return s, &proc.NotFoundError{Name: s.Name, Err: err}
	}
	if prog, err = filepath.Abs(prog); err != nil {
		return s, err
	}
	p.ReadOnly = append(p.ReadOnly, filepath.Dir(prog))
	if real, err := filepath.EvalSymlinks(prog); err == nil {
		p.ReadOnly = append(p.ReadOnly, filepath.Dir(real))
	}
	p.ReadOnly = append(p.ReadOnly, pathOf(s.Env)...)
	// A file the command line names (an agent command's script, a
	// settings file) is the caller's choice: it is shown read-only.
	for _, a := range s.Args {
		if filepath.IsAbs(a) {
			if _, err := os.Stat(a); err == nil {
				p.ReadOnly = append(p.ReadOnly, a)
			}
		}
	}
	for _, w := range p.Writable {
		if err := os.MkdirAll(w, 0o755); err != nil {
			return s, fmt.Errorf("sandbox: %w", err)
		}
	}
	var args []string
	switch b.kind {
	case Bwrap:
		args = b.bwrapArgs(s.Dir, p)
	case Seatbelt:
		args = b.seatbeltArgs(p)
	}
	s.Args = append(append(args, prog), s.Args...)
	s.Name = b.bin
	return s, nil
}

// hidden are the folders the sandbox replaces with empty private ones:
// other users' and this user's files, other programs' temporary files and
// sockets (/run holds the container runtime's), besides $HOME.
var hidden = []string{"/tmp", "/var/tmp", "/run", "/dev/shm"}

// bwrapArgs is bubblewrap's command line for policy p, up to the program.
func (b Box) bwrapArgs(dir string, p Policy) []string {
	args := []string{
		// The sandbox's init gets SIGKILL when bwrap dies, and with it,
		// as the PID namespace's init, every process inside: a command
		// that started a session of its own (Claude Code's Bash tool
		// does) dies with the run all the same.
		//
		// --as-pid-1: the command itself is the namespace's init. With
		// bwrap's own init, bwrap 0.8 exits before it and leaves it a
		// zombie for the system's init to reap, which in a container can
		// take a second or two, and the run waits for the process group
		// to be gone. A command as init does not reap orphans of its
		// own, which a build's short life does not mind, and a SIGTERM
		// it has no handler for does nothing: the SIGKILL after the
		// grace period ends it.
		"--die-with-parent", "--unshare-pid", "--as-pid-1", "--unshare-ipc",
		"--ro-bind", "/", "/",
		"--dev", "/dev",
		"--proc", "/proc",
	}
	if !p.Network {
		args = append(args, "--unshare-net")
	}
	hide := append([]string(nil), hidden...)
	if b.home != "" && b.home != "/" {
		hide = append(hide, b.home)
	}
	for _, h := range hide {
		if _, err := os.Stat(h); err == nil {
			args = append(args, "--tmpfs", h)
		}
	}
	// /etc/resolv.conf is often a link into /run: the agent's network
	// needs it.
	if real, err := filepath.EvalSymlinks("/etc/resolv.conf"); err == nil && real != "/etc/resolv.conf" {
		p.ReadOnly = append(p.ReadOnly, real)
	}
	for _, r := range binds(p.ReadOnly, hide) {
		args = append(args, "--ro-bind-try", r, r)
	}
	for _, w := range binds(p.Writable, nil) {
		args = append(args, "--bind", w, w)
	}
	if dir != "" {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			dir = real
		}
		args = append(args, "--chdir", dir)
	}
	return append(args, "--")
}

// binds resolves paths, keeps those that exist (and, when under is given,
// only those inside one of its folders: elsewhere the root's read-only
// view shows them already), and orders them parents first, so a folder
// bound inside another stays visible.
func binds(paths, under []string) []string {
	var out []string
	for _, p := range paths {
		if p == "" || !filepath.IsAbs(p) {
			continue
		}
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			continue
		}
		if under != nil && !slices.ContainsFunc(under, func(u string) bool { return within(real, u) }) {
			continue
		}
		if !slices.Contains(out, real) {
			out = append(out, real)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Count(a, "/") - strings.Count(b, "/") })
	return out
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, strings.TrimSuffix(dir, "/")+"/")
}

// pathOf is the folders of the PATH the command gets: env's last PATH, or
// portwave's own.
func pathOf(env []string) []string {
	path := os.Getenv("PATH")
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "PATH="); ok {
			path = v
		}
	}
	return filepath.SplitList(path)
}
