package command_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/command"
)

// The demo, end to end, as a newcomer runs it: it must leave every feature
// of the example verified, a report whose numbers match, and find
// everything done when run again. It runs in -short mode too.
func TestTheDemoPortsTheExampleAndFindsItDoneTheSecondTime(t *testing.T) {
	root := t.TempDir()
	e := env{command.DemoDirEnv: root, "NO_COLOR": "1"}
	var out, log bytes.Buffer
	if err := command.Demo(context.Background(), e.get, &out, &log); err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, out.String(), log.String())
	}
	for _, want := range []string{"4 batches done, 30 of 30 features verified", "failed the gate", "PORTWAVE_CONFIG="} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	// Each wave validates the plan again: a batch merged in an earlier
	// wave has its features verified, which is what it did, not news.
	for _, line := range strings.Split(log.String(), "\n") {
		if strings.Contains(line, "warning:") && strings.Contains(line, "already") {
			t.Errorf("the demo warns about a batch that is done: %s", line)
		}
	}
	if !strings.Contains(log.String(), "no dotnet here") && !strings.Contains(log.String(), "dotnet is installed") {
		t.Errorf("the demo did not say which build gate it used:\n%s", log.String())
	}
	report, err := os.ReadFile(filepath.Join(root, "workspace", "reports", "latest.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| Features | 30 | 0 | 0 | 0 | 0 | 0 | 30/30 |", "| Tests | 3 |"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	out.Reset()
	if err := command.Demo(context.Background(), e.get, &out, &log); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "nothing to do, every batch is already done"); n != 3 {
		t.Errorf("the second demo did %d waves' work again:\n%s", 3-n, out.String())
	}
	// validate counts what it leaves out about the done batches.
	s, vout, vlog := session(t, env{"PORTWAVE_CONFIG": filepath.Join(root, "workspace", "portwave.yaml")})
	if err := s.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if want := "no errors, 0 warnings (and 5 about batches already done, not shown)"; !strings.Contains(vout.String(), want) {
		t.Errorf("validate after the demo said %q, want %q\n%s", vout, want, vlog)
	}
}
