package gate_test

import (
	"fmt"
	"strings"

	"portwave/mage/dotnetout"
	"portwave/mage/gate"
)

func ExampleCompareTests() {
	baseline, _ := dotnetout.ParseTestSummary(strings.NewReader(
		"Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: 6 s - Server.Tests.dll (net10.0)\n"))
	now, _ := dotnetout.ParseTestSummary(strings.NewReader(
		"  Failed Server.Tests.ConnzTests.Sorts [12 ms]\n" +
			"Failed!  - Failed:     1, Passed:    11, Skipped:     0, Total:    12, Duration: 6 s - Server.Tests.dll (net10.0)\n"))
	fmt.Println(gate.CompareTests(baseline, now, nil))
	// Output:
	// 1 new test failure(s): Server.Tests.ConnzTests.Sorts; 11 passed, baseline 12
}
