package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
// It reports both in seconds, wall and CPU (go and the compilers it
// waited for), and the targets as a multiple of Mage, the reference taken
// in the same run: the machine's load moves the wall seconds, much less the
// CPU seconds and the ratio. The module cache is the machine's: an empty one
// adds the download of portwave's modules on top.
func BenchmarkFirstBuild(b *testing.B) {
	clone, _ := os.Getwd()
	for range b.N {
		env := append(os.Environ(), "GOCACHE="+b.TempDir(), "MAGEFILE_CACHE="+b.TempDir(), "GOFLAGS=",
			"PORTWAVE_CONFIG="+filepath.Join(b.TempDir(), "none.yaml"))
		// run returns the wall time and the CPU time of go and of the
		// compilers it waited for.
		run := func(args ...string) (time.Duration, time.Duration) {
			start := time.Now()
			cmd := exec.Command("go", append([]string{"run", "mage.go"}, args...)...)
			cmd.Dir, cmd.Env = clone, env
			out, err := cmd.CombinedOutput()
			if args[0] == "-l" && err != nil {
				b.Fatalf("go run mage.go %v: %v\n%s", args, err, out)
			}
			return time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
		mage, mageCPU := run("-l")           // compiles Mage (mage.go) and reads the magefile
		targets, targetsCPU := run("config") // compiles the targets' binary, which stops at once: no portwave.yaml
		b.ReportMetric(mage.Seconds(), "s-mage")
		b.ReportMetric(targets.Seconds(), "s-targets")
		b.ReportMetric(mageCPU.Seconds(), "cpu-s-mage")
		b.ReportMetric(targetsCPU.Seconds(), "cpu-s-targets")
		b.ReportMetric(targets.Seconds()/mage.Seconds(), "targets/mage")
	}
}

// The README says what the first run compiles and how long it took, with
// the command that measures it, which names this benchmark.
func TestTheREADMESaysWhatTheFirstRunCompilesAndHowLongItTook(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	for _, want := range []string{"`go test -run '^$' -bench FirstBuild -benchtime 1x .`", "compiles for a while: Mage itself, then portwave's targets",
		"modernc.org/sqlite", "of CPU time", "empty build cache"} {
		if !strings.Contains(text, want) {
			t.Errorf("README.md does not say %q", want)
		}
	}
	out, err := exec.Command("go", "test", "-list", "FirstBuild", ".").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "BenchmarkFirstBuild") {
		t.Errorf("the README's command names no benchmark here (%v):\n%s", err, out)
	}
}
