package dotnetout_test

import (
	"fmt"
	"strings"

	"portwave/mage/dotnetout"
)

func ExampleParseBuild() {
	out := `/wt/44/dotnet/src/Server/Events/EventHelpers.cs(42,17): error CS1002: ; expected [/wt/44/dotnet/src/Server/Server.csproj]

Build FAILED.

/wt/44/dotnet/src/Server/Events/EventHelpers.cs(42,17): error CS1002: ; expected [/wt/44/dotnet/src/Server/Server.csproj]
    0 Warning(s)
    1 Error(s)
`
	res := dotnetout.ParseBuild(strings.NewReader(out))
	fmt.Println(res.Succeeded, res.ErrorCount)
	fmt.Print(res.Feedback("/wt/44", 20))
	// Output:
	// false 1
	// dotnet/src/Server/Events/EventHelpers.cs:42:17: error CS1002: ; expected
}
