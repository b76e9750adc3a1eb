//go:build ignore

// mage.go runs Mage without installing it: `go run mage.go <target>` builds
// and runs the targets of magefile.go with the Mage version pinned in go.mod.
package main

import (
	"os"

	"github.com/magefile/mage/mage"
)

func main() { os.Exit(mage.Main()) }
