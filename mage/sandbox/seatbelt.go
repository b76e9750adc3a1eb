package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// macOS's seatbelt: sandbox-exec with a profile written here. It confines
// writes and the network as bubblewrap does; it has no PID namespace, and
// reads stay open (seatbelt's read rules are per path, and a toolchain
// reads all over the system). It cannot be tested on Linux.

func newSeatbelt() Box {
	home, _ := os.UserHomeDir()
	b := Box{kind: Seatbelt, bin: "sandbox-exec", home: home}
	bin, err := exec.LookPath("sandbox-exec")
	if err != nil {
		b.missing = fmt.Errorf("%w: sandbox-exec is not on PATH (it is part of macOS): run unconfined with the explicit setting sandbox: none", ErrMissing)
		return b
	}
	b.bin = bin
	return b
}

// seatbeltArgs is sandbox-exec's command line for policy p, up to the
// program: writes only to the writable folders, the system's temporary
// folders and /dev; no network unless p keeps it.
func (b Box) seatbeltArgs(p Policy) []string {
	var prof strings.Builder
	prof.WriteString("(version 1)\n(allow default)\n(deny file-write*)\n(allow file-write*\n")
	for _, d := range []string{"/dev", os.TempDir(), "/private/tmp", "/private/var/folders"} {
		fmt.Fprintf(&prof, "  (subpath %s)\n", strconv.Quote(filepath.Clean(d)))
	}
	for _, w := range binds(p.Writable, nil) {
		fmt.Fprintf(&prof, "  (subpath %s)\n", strconv.Quote(w))
	}
	prof.WriteString(")\n")
	if !p.Network {
		prof.WriteString("(deny network*)\n")
	}
	return []string{"-p", prof.String()}
}
