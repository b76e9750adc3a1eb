package sandbox

import (
	"context"
	"fmt"
	"os"
	"time"

	"portwave/mage/proc"
)

// Check runs a command inside the sandbox once: bwrap may be installed and
// still refused the namespaces it needs (Ubuntu 24.04's AppArmor restricts
// unprivileged user namespaces; a container may forbid them). The error
// names the fix.
func (b Box) Check(ctx context.Context) error {
	if !b.Confines() {
		return nil
	}
	if b.missing != nil {
		return b.missing
	}
	dir, err := os.MkdirTemp("", "portwave-sandbox-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	s, err := b.Wrap(proc.Spec{Name: "sh", Args: []string{"-c", "touch probe"}, Dir: dir, Timeout: 30 * time.Second}, Policy{Writable: []string{dir}})
	if err != nil {
		return err
	}
	if _, err := proc.Run(ctx, s); err != nil {
		return fmt.Errorf("%s cannot start a sandbox here: %v; %s", b.bin, err, fixHint(b.kind))
	}
	if _, err := os.Stat(dir + "/probe"); err != nil {
		return fmt.Errorf("%s ran, but a command inside could not write its working directory: %v", b.bin, err)
	}
	return nil
}

func fixHint(kind string) string {
	if kind == Seatbelt {
		return "run unconfined with the explicit setting sandbox: none"
	}
	return "on Ubuntu 24.04 and later allow unprivileged user namespaces (sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0, or an AppArmor profile for /usr/bin/bwrap), in a container run it with the right to create namespaces; or run unconfined with the explicit setting sandbox: none"
}
