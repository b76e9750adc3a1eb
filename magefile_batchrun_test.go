package main_test

import (
	"strings"
	"testing"
)

// `batch:run N` alone refuses while a dependency of N is not merged, and
// names each; PORTWAVE_FORCE=1 runs it anyway.
func TestBatchRunRefusesWhileADependencyIsNotMerged(t *testing.T) {
	env := workspace(t)
	run13 := func(env []string) (string, error) {
		cmd := mage(env, "batch:run")
		cmd.Args = append(cmd.Args, "13")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run13(env)
	if err == nil || !strings.Contains(out, "batch 13 depends on work not merged yet: batch 11 (never run), batch 12 (never run)") {
		t.Fatalf("batch:run 13 before 11 and 12: %v\n%s", err, out)
	}
	if rs := ledger(t, env)[13]; len(rs) != 0 {
		t.Errorf("the refused batch has ledger rows: %+v", rs)
	}
	out, _ = run13(append(env, "PORTWAVE_FORCE=1"))
	if rs := ledger(t, env)[13]; len(rs) == 0 {
		t.Errorf("PORTWAVE_FORCE=1 did not run batch 13:\n%s", out)
	}
}
