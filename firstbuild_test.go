package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkFirstBuild measures what the first `go run mage.go TARGET` of a
// new machine compiles, with an empty build cache (the modules are
// downloaded already): Mage itself (mage.go, the part every Mage user
// pays), then portwave's targets with everything they import, the
// magefile's binary. The README quotes it:
//
//	go test -run '^$' -bench FirstBuild -benchtime 1x .
//
// It reports both in seconds and the targets as a multiple of Mage, the
// reference taken in the same run: the machine's load moves the seconds,
// much less the ratio. The module cache is the machine's: an empty one
// adds the download of portwave's modules (about 60 MB) on top.
func BenchmarkFirstBuild(b *testing.B) {
	clone, _ := os.Getwd()
	for range b.N {
		env := append(os.Environ(), "GOCACHE="+b.TempDir(), "MAGEFILE_CACHE="+b.TempDir(), "GOFLAGS=",
			"PORTWAVE_CONFIG="+filepath.Join(b.TempDir(), "none.yaml"))
		run := func(args ...string) time.Duration {
			start := time.Now()
			cmd := exec.Command("go", append([]string{"run", "mage.go"}, args...)...)
			cmd.Dir, cmd.Env = clone, env
			out, err := cmd.CombinedOutput()
			if args[0] == "-l" && err != nil {
				b.Fatalf("go run mage.go %v: %v\n%s", args, err, out)
			}
			return time.Since(start)
		}
		mage := run("-l")        // compiles Mage (mage.go) and reads the magefile
		targets := run("config") // compiles the targets' binary, which stops at once: no portwave.yaml
		b.ReportMetric(mage.Seconds(), "s-mage")
		b.ReportMetric(targets.Seconds(), "s-targets")
		b.ReportMetric(targets.Seconds()/mage.Seconds(), "targets/mage")
	}
}
