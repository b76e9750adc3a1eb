package dotnetout_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/dotnetout"
)

func TestParseTestSummaryReadsEveryVstestFormat(t *testing.T) {
	const tests = "ZB.MOM.NatsNet.Server.Tests."
	cases := []struct {
		fixture string
		want    dotnetout.TestCounts
		wantOK  bool
	}{
		{"test-minimal-passed.txt", dotnetout.TestCounts{Total: 12, Passed: 12}, true},
		{"test-minimal-failed-two-assemblies.txt", dotnetout.TestCounts{
			Total: 120, Passed: 114, Failed: 2, Skipped: 4,
			FailedTests: []string{tests + "MonitorTests.ConnzSortsBySubs", tests + `EventTests.HelperParses(input: "a b", want: 2)`},
		}, true},
		{"test-normal-failed.txt", dotnetout.TestCounts{
			Total: 4, Passed: 2, Failed: 1, Skipped: 1,
			FailedTests: []string{tests + "MonitorTests.ConnzSortsBySubs"},
			PassedTests: []string{tests + "MonitorTests.ConnzDefaults", tests + "MonitorTests.ConnzPaging"},
		}, true},
		{"test-normal-legacy.txt", dotnetout.TestCounts{Total: 13, Passed: 10, Failed: 2, Skipped: 1}, true},
		{"test-terminal-failed.txt", dotnetout.TestCounts{
			Total: 14, Passed: 12, Failed: 1, Skipped: 1,
			FailedTests: []string{tests + "MonitorTests.ConnzSortsBySubs"},
		}, true},
		{"test-terminal-semicolons.txt", dotnetout.TestCounts{Total: 9, Passed: 9}, true},
		{"test-aborted.txt", dotnetout.TestCounts{FailedTests: []string{tests + "RouteTests.Reconnects"}}, false},
	}
	for _, tt := range cases {
		t.Run(tt.fixture, func(t *testing.T) {
			got, ok := dotnetout.ParseTestSummary(openFixture(t, tt.fixture))
			if ok != tt.wantOK {
				t.Errorf("summary seen = %v, want %v", ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseTestSummary(%s) (-want +got):\n%s", tt.fixture, diff)
			}
		})
	}
}

func TestParseTestSummaryFindsNothingInABuildLog(t *testing.T) {
	got, ok := dotnetout.ParseTestSummary(openFixture(t, "build-classic-failed.txt"))
	if ok || got.Total != 0 {
		t.Errorf("ParseTestSummary(build log) = %+v, %v; want no summary", got, ok)
	}
}

func TestParseTestSummaryReadsLinesOfAnyLength(t *testing.T) {
	long := "  Failed Ns.C.M(s: \"" + strings.Repeat("x", 200_000) + "\") [1 ms]\n"
	in := long + "Failed!  - Failed:     1, Passed:     0, Skipped:     0, Total:     1, Duration: 1 ms - T.dll (net10.0)\n"
	got, ok := dotnetout.ParseTestSummary(strings.NewReader(in))
	if !ok || got.Failed != 1 || len(got.FailedTests) != 1 || len(got.FailedTests[0]) != 200_000+len(`Ns.C.M(s: "")`) {
		t.Errorf("got ok=%v failed=%d names=%d", ok, got.Failed, len(got.FailedTests))
	}
}
