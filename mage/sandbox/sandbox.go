// Package sandbox runs what the agent wrote (the agent itself, and the
// gate's build and tests, which execute the agent's code and build files)
// inside the operating system's confinement, so that a permission rule
// with a hole, an MSBuild target or a test cannot reach past the batch's
// worktree.
//
// On Linux the sandbox is bubblewrap (bwrap): the whole file system
// read-only, $HOME and /tmp replaced by empty private folders, the
// worktree (and what else the policy names) writable, a PID namespace of
// its own that dies with portwave, and no network unless the policy keeps
// it. On macOS it is the system's seatbelt (sandbox-exec) with the same
// writable set and network rule; macOS has no PID namespace. Without
// either, a run takes the explicit setting `sandbox: none` and says so on
// every run.
//
// bubblewrap is a program, not a library: it is the tool Flatpak and
// Claude Code's own sandbox use, setuid-free, and what it does is the
// command line this package builds (args.go), so the tests read the
// mounts and namespaces off real processes.
package sandbox

import (
	"fmt"
	"runtime"
	"strings"
)

// The sandbox setting's values.
const (
	Auto     = "auto"     // bwrap on Linux, seatbelt on macOS
	Bwrap    = "bwrap"    // bubblewrap, wherever asked for
	Seatbelt = "seatbelt" // macOS sandbox-exec
	None     = "none"     // no confinement: the explicit opt-out
)

// Kinds lists the setting's values, the default first.
func Kinds() []string { return []string{Auto, Bwrap, Seatbelt, None} }

// Policy is what one command may touch.
type Policy struct {
	// Writable are the folders the command may write (the worktree, the
	// gate's test results folder, the agent's own state). They are
	// created if missing.
	Writable []string
	// ReadOnly are folders hidden by the sandbox (under $HOME or /tmp)
	// that the command must still read: a toolchain installed in the home
	// folder, the NuGet package cache, the repository's .git. Missing
	// ones are left out.
	ReadOnly []string
	// Network keeps the network. The gate runs without it; the agent
	// keeps it, because its model's API is on the network, and with
	// bubblewrap a network namespace is all or nothing.
	Network bool
}

// Box is the confinement in force for a run.
type Box struct {
	kind string // Bwrap, Seatbelt or None
	bin  string // the bwrap or sandbox-exec program
	home string // the $HOME the sandbox hides
	// missing says the program is not installed: every command the box
	// would run fails with it (a run that starts none, the demo's replay
	// agent with the built-in C# check, needs no sandbox).
	missing error
}

// New chooses the sandbox for setting (one of Kinds; "" is Auto). Its
// program is looked up here; a missing one fails Wrap and Check, with the
// fix, not New.
func New(setting string) (Box, error) {
	kind := setting
	if kind == "" || kind == Auto {
		kind = Bwrap
		if runtime.GOOS == "darwin" {
			kind = Seatbelt
		}
	}
	switch kind {
	case None:
		return Box{kind: None}, nil
	case Bwrap:
		return newBwrap(), nil
	case Seatbelt:
		return newSeatbelt(), nil
	}
	return Box{}, fmt.Errorf("sandbox %q: want one of %s", setting, strings.Join(Kinds(), ", "))
}

// Kind is the confinement in force: bwrap, seatbelt or none.
func (b Box) Kind() string {
	if b.kind == "" {
		return None
	}
	return b.kind
}

// Confines reports whether commands run confined at all.
func (b Box) Confines() bool { return b.Kind() != None }

// Describe says in one line what protects the run, as `config`,
// `preflight` and every run print it.
func (b Box) Describe() string {
	if b.missing != nil {
		return b.missing.Error()
	}
	switch b.Kind() {
	case Bwrap:
		return fmt.Sprintf("bubblewrap (%s): the agent and the gate's build and tests run with the worktree writable, the rest of the file system read-only, $HOME and /tmp private, in a PID namespace that dies with portwave; the gate without network", b.bin)
	case Seatbelt:
		return fmt.Sprintf("seatbelt (%s): the agent and the gate's build and tests may write only the worktree; the gate without network; macOS has no PID namespace, so a process that leaves its group can outlive a killed run", b.bin)
	}
	return "none: the agent and the gate's build and tests run with every right portwave has (sandbox: none)"
}

// Warning is what every run prints when nothing confines it, "" otherwise.
func (b Box) Warning() string {
	if b.Confines() {
		return ""
	}
	return "warning: sandbox: none: the agent and the gate's build and tests run unconfined, with every right portwave has; only the permission rules and the checks after each attempt stand between them and the rest of this machine"
}
