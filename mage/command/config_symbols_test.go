package command_test

import (
	"strings"
	"testing"

	"portwave/mage/command"
)

// `mage config` says which #if symbols the C# scanner uses and where they
// come from: the example's two projects, or csharp_symbols when it is set.
func TestConfigPrintsTheIfSymbolsInForceAndTheirSource(t *testing.T) {
	net8 := "TRACE DEBUG NET NET8_0 NETCOREAPP NET5_0_OR_GREATER NET6_0_OR_GREATER NET7_0_OR_GREATER NET8_0_OR_GREATER " +
		"NETCOREAPP1_0_OR_GREATER NETCOREAPP1_1_OR_GREATER NETCOREAPP2_0_OR_GREATER NETCOREAPP2_1_OR_GREATER " +
		"NETCOREAPP2_2_OR_GREATER NETCOREAPP3_0_OR_GREATER NETCOREAPP3_1_OR_GREATER"
	cases := []struct {
		name string
		env  env
		want []string
	}{
		{"from the projects", env{}, []string{
			"dotnet/src/MiniBus/MiniBus.csproj (Debug configuration):\n    net8.0: " + net8 + "\n",
			"dotnet/tests/MiniBus.Tests/MiniBus.Tests.csproj (Debug configuration):\n    net8.0: " + net8 + "\n",
		}},
		{"in another configuration", env{"PORTWAVE_CSHARP_CONFIGURATION": "Release"}, []string{
			"MiniBus.csproj (Release configuration):\n    net8.0: " + strings.Replace(net8, "DEBUG", "RELEASE", 1) + "\n",
		}},
		{"from csharp_symbols", env{"PORTWAVE_CSHARP_SYMBOLS": "NET,FAST"}, []string{
			"from csharp_symbols (PORTWAVE_CSHARP_SYMBOLS), for every file: NET FAST\n",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			c.env[command.ExampleEnv], c.env[command.ExampleDirEnv] = "1", t.TempDir()
			s, out, _ := session(t, c.env)
			if err := s.ShowConfig(); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "C# #if symbols for "+s.Config.AuditRoot+":\n") {
				t.Errorf("config does not name the tree:\n%s", out)
			}
			for _, w := range c.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("config lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
