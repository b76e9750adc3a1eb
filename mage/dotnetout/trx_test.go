package dotnetout_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/dotnetout"
)

func TestParseTRXReadsCountersAndEveryResult(t *testing.T) {
	const tests = "ZB.MOM.NatsNet.Server.Tests."
	got, err := dotnetout.ParseTRX(openFixture(t, "trx-failed.trx"))
	if err != nil {
		t.Fatal(err)
	}
	want := dotnetout.TRXResult{
		Outcome: "Failed",
		TestCounts: dotnetout.TestCounts{
			Total: 4, Passed: 2, Failed: 1, Skipped: 1,
			FailedTests: []string{tests + "MonitorTests.ConnzSortsBySubs"},
			PassedTests: []string{tests + "MonitorTests.ConnzDefaults", tests + `EventTests.HelperParses(input: "a b", want: 2)`},
		},
		Results: []dotnetout.TestResult{
			{Name: tests + "MonitorTests.ConnzDefaults", Outcome: "Passed"},
			{Name: tests + "MonitorTests.ConnzSortsBySubs", Outcome: "Failed", Message: "Assert.Equal() Failure: Values differ\nExpected: 3\nActual:   2"},
			{Name: tests + `EventTests.HelperParses(input: "a b", want: 2)`, Outcome: "Passed"},
			{Name: tests + "MonitorTests.ConnzTls", Outcome: "NotExecuted"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseTRX (-want +got):\n%s", diff)
	}
}

func TestParseTRXRejectsWhatIsNotATestRunNamingTheFile(t *testing.T) {
	tests := []struct {
		fixture string
		want    string
	}{
		{"trx-malformed.trx", "trx-malformed.trx:5:"},
		{"trx-malformed.trx", "element <UnitTestResult> closed by </Results>"},
		{"trx-wrong-namespace.trx", `trx-wrong-namespace.trx: TestRun is in namespace "http://example.com/not-teamtest"`},
		{"trx-no-summary.trx", "trx-no-summary.trx: no ResultSummary/Counters"},
		{"build-classic-failed.txt", "build-classic-failed.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			_, err := dotnetout.ReadTRX(filepath.Join("testdata", tt.fixture))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadTRX(%s) error = %v, want it to contain %q", tt.fixture, err, tt.want)
			}
		})
	}
}

func TestReadTRXSaysWhenTheFileIsMissing(t *testing.T) {
	_, err := dotnetout.ReadTRX(filepath.Join(t.TempDir(), "none.trx"))
	if err == nil || !strings.Contains(err.Error(), "none.trx") {
		t.Errorf("ReadTRX(missing) error = %v, want one naming none.trx", err)
	}
}
