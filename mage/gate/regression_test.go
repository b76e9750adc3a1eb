package gate_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/dotnetout"
	"portwave/mage/gate"
)

func TestCompareTestsFindsNewFailuresAndFewerPassingTests(t *testing.T) {
	trxBaseline := dotnetout.TRXResult{TestCounts: dotnetout.TestCounts{
		Total: 4, Passed: 3, Failed: 1,
		PassedTests: []string{"A", "B", "C"}, FailedTests: []string{"D"},
	}}
	summaryBaseline := dotnetout.TestCounts{Total: 4, Passed: 3, Failed: 1, FailedTests: []string{"D"}}
	tests := []struct {
		name          string
		baseline, now gate.TestRun
		want          gate.Regression
		regressed     bool
		line          string
	}{
		{"the same run", trxBaseline, trxBaseline,
			gate.Regression{BaselinePassed: 3, Passed: 3, ByName: true}, false, "no test regression: 3 passed, baseline 3"},
		{"more tests passing", summaryBaseline, dotnetout.TestCounts{Total: 6, Passed: 6},
			gate.Regression{BaselinePassed: 3, Passed: 6}, false, "no test regression: 6 passed, baseline 3"},
		{"a test that passed now fails", trxBaseline, dotnetout.TestCounts{Total: 5, Passed: 3, Failed: 2, FailedTests: []string{"D", "B"}},
			gate.Regression{NewFailures: []string{"B"}, BaselinePassed: 3, Passed: 3}, true, "1 new test failure(s): B; 3 passed, baseline 3"},
		{"a new test fails against a complete baseline", trxBaseline, dotnetout.TestCounts{Total: 5, Passed: 3, Failed: 2, FailedTests: []string{"D", "E"}},
			gate.Regression{BaselinePassed: 3, Passed: 3}, false, "no test regression: 3 passed, baseline 3"},
		{"a failure unknown to a summary baseline", summaryBaseline, dotnetout.TestCounts{Total: 5, Passed: 3, Failed: 2, FailedTests: []string{"D", "E"}},
			gate.Regression{NewFailures: []string{"E"}, BaselinePassed: 3, Passed: 3}, true, "1 new test failure(s): E; 3 passed, baseline 3"},
		{"fewer passing tests without names", summaryBaseline, dotnetout.TestCounts{Total: 2, Passed: 2},
			gate.Regression{BaselinePassed: 3, Passed: 2}, true, "fewer passing tests: 2 passed, baseline 3"},
		{"a passing test skipped and an empty one added", trxBaseline, dotnetout.TRXResult{TestCounts: dotnetout.TestCounts{Total: 5, Passed: 3, Failed: 1, Skipped: 1,
			PassedTests: []string{"A", "C", "E"}, FailedTests: []string{"D"}}},
			gate.Regression{Gone: []string{"B"}, BaselinePassed: 3, Passed: 3, ByName: true}, true, "1 test(s) that passed on main no longer pass (skipped or removed): B; 3 passed, baseline 3"},
		{"many new failures", trxBaseline, dotnetout.TRXResult{TestCounts: dotnetout.TestCounts{Total: 4, Failed: 4, FailedTests: []string{"A", "B", "C", "D"}}},
			gate.Regression{NewFailures: []string{"A", "B", "C"}, BaselinePassed: 3, ByName: true}, true, "3 new test failure(s): A, B, C; 0 passed, baseline 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gate.CompareTests(tt.baseline, tt.now, nil)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CompareTests (-want +got):\n%s", diff)
			}
			if got.Regressed() != tt.regressed {
				t.Errorf("Regressed() = %v, want %v", got.Regressed(), tt.regressed)
			}
			if got.String() != tt.line {
				t.Errorf("String() = %q, want %q", got.String(), tt.line)
			}
		})
	}
}

func TestCompareTestsShortensALongListOfNewFailures(t *testing.T) {
	now := dotnetout.TestCounts{Failed: 5, FailedTests: []string{"A", "B", "C", "D", "E"}}
	got := gate.CompareTests(dotnetout.TestCounts{Passed: 5}, now, nil).String()
	if want := "5 new test failure(s): A, B, C and 2 more; 0 passed, baseline 5"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestCompareTestsBetweenTwoTRXFilesNamesTheTestThatBroke(t *testing.T) {
	baseline, err := dotnetout.ReadTRX(filepath.Join(samples, "trx-passed.trx"))
	if err != nil {
		t.Fatal(err)
	}
	now, err := dotnetout.ReadTRX(filepath.Join(samples, "trx-failed.trx"))
	if err != nil {
		t.Fatal(err)
	}
	got := gate.CompareTests(baseline, now, nil)
	want := gate.Regression{NewFailures: []string{"ZB.MOM.NatsNet.Server.Tests.MonitorTests.ConnzSortsBySubs"}, BaselinePassed: 3, Passed: 2, ByName: true}
	if diff := cmp.Diff(want, got); diff != "" || baseline.Outcome != "Completed" {
		t.Errorf("baseline outcome %q, CompareTests (-want +got):\n%s", baseline.Outcome, diff)
	}
}

// A test the batch may change (its class is declared in a target file)
// may stop passing; any other may not.
func TestATestTheBatchMayChangeIsExemptFromTheBaseline(t *testing.T) {
	baseline := dotnetout.TRXResult{TestCounts: dotnetout.TestCounts{Total: 2, Passed: 2, PassedTests: []string{"Ns.Mine.A", "Ns.Theirs.B"}}}
	now := dotnetout.TRXResult{TestCounts: dotnetout.TestCounts{Total: 2, Skipped: 2}}
	got := gate.CompareTests(baseline, now, func(test string) bool { return test == "Ns.Mine.A" })
	if d := cmp.Diff([]string{"Ns.Theirs.B"}, got.Gone); d != "" || !got.Regressed() {
		t.Errorf("Gone (-want +got):\n%s", d)
	}
	if got := gate.CompareTests(baseline, now, func(string) bool { return true }); got.Regressed() {
		t.Errorf("every test exempt, yet %s", got)
	}
}
