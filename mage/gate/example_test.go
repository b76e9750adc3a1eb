package gate_test

import (
	"fmt"
	"strings"

	"portwave/mage/gate"
)

func ExampleParseBuild() {
	out := `/wt/44/dotnet/src/Server/Events/EventHelpers.cs(42,17): error CS1002: ; expected [/wt/44/dotnet/src/Server/Server.csproj]

Build FAILED.

/wt/44/dotnet/src/Server/Events/EventHelpers.cs(42,17): error CS1002: ; expected [/wt/44/dotnet/src/Server/Server.csproj]
    0 Warning(s)
    1 Error(s)
`
	res := gate.ParseBuild(strings.NewReader(out))
	fmt.Println(res.Succeeded, res.ErrorCount)
	fmt.Print(res.Feedback("/wt/44", 20))
	// Output:
	// false 1
	// dotnet/src/Server/Events/EventHelpers.cs:42:17: error CS1002: ; expected
}

func ExampleCompareTests() {
	baseline, _ := gate.ParseTestSummary(strings.NewReader(
		"Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: 6 s - Server.Tests.dll (net10.0)\n"))
	now, _ := gate.ParseTestSummary(strings.NewReader(
		"  Failed Server.Tests.ConnzTests.Sorts [12 ms]\n" +
			"Failed!  - Failed:     1, Passed:    11, Skipped:     0, Total:    12, Duration: 6 s - Server.Tests.dll (net10.0)\n"))
	fmt.Println(gate.CompareTests(baseline, now, nil))
	// Output:
	// 1 new test failure(s): Server.Tests.ConnzTests.Sorts; 11 passed, baseline 12
}
