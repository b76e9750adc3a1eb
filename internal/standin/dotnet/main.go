// Command dotnet stands in for the .NET SDK's dotnet CLI in tests, on
// machines where the SDK cannot be installed. Put first on PATH, it answers
// `dotnet build`, `dotnet test`, `dotnet restore` and `dotnet --version` with
// the flags, console formats, TRX files and exit codes of the real CLI (see
// the notes on dotnet output), judging C# sources with real C# rules where a
// small lexer can:
//
//   - build: the project or solution is found as msbuild finds it (MSB1003,
//     MSB1009, MSB1011 when it cannot be); every .cs file of each project is
//     lexed with the SDK's preprocessor symbols (DEBUG, TRACE, NET10_0, ...
//     and DefineConstants), so #if regions are honoured. An active `#error`
//     is CS1029, `#warning` CS1030, braces that do not balance (outside
//     strings, characters and comments) CS1513 or CS1022, an unterminated
//     string or comment CS1010, CS1039 or CS1035, a malformed project file
//     MSB4025. Output is the classic console logger at -v q|m|n (with
//     -clp:ErrorsOnly|WarningsOnly|Summary|NoSummary), or the terminal logger
//     with --tl:on; exit 1 on errors. -warnAsError makes warnings errors.
//   - test: builds first (unless --no-build) and fails as the build would;
//     then, per test project, runs the methods marked [Fact] or [Theory]
//     (one case per [InlineData] row). A test fails when its body calls
//     Assert.Fail(...), Assert.True(false...) or Assert.False(true...), and is
//     skipped when its attribute sets Skip = "...". --filter takes vstest
//     expressions; --logger "trx;LogFileName=x.trx" and --results-directory
//     write a TRX as vstest does. Exit 0 when all pass, else 1.
//
// The environment variable PORTWAVE_STANDIN_DOTNET makes it fail the ways
// the real CLI fails; several modes may be joined with commas:
//
//	crash         print an unhandled-exception stack to stderr, exit 134
//	hang          start a worker process sharing its output (as msbuild
//	              nodes and testhost do) and sleep until killed
//	slow:DURATION sleep DURATION (a Go duration) before working
//	noisy         print 10,000 lines of msbuild progress before the output
//	restore-fail  fail restore with NU1301 unless --no-restore is given
//	build-restore-fail-once:FILE  fail the restore of a build as
//	              restore-fail when FILE does not exist yet, creating it:
//	              a feed that was down for a moment
//	testhost-crash abort each test run half way, with no summary or TRX
//
// It is a program rather than the test binary in helper mode so that the
// tests of any package can build it once and put it on PATH.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// ModeEnv names the environment variable that selects failure modes.
const ModeEnv = "PORTWAVE_STANDIN_DOTNET"

// hangNode is the mode of the worker process a hanging run starts.
const hangNode = "hang-node"

// sdkVersion is what dotnet --version prints.
const sdkVersion = "10.0.100"

func main() {
	if os.Getenv(ModeEnv) == hangNode {
		sleepForever()
	}
	m, err := parseModes(os.Getenv(ModeEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "dotnet stand-in:", err)
		os.Exit(2)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, m))
}

func sleepForever() {
	for {
		time.Sleep(time.Hour)
	}
}

// run dispatches a command line and returns the exit code.
func run(args []string, stdout, stderr io.Writer, m modes) int {
	time.Sleep(m.slow)
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return 1
	}
	switch args[0] {
	case "--version":
		fmt.Fprintln(stdout, sdkVersion)
		return 0
	case "--list-sdks":
		fmt.Fprintf(stdout, "%s [/usr/share/dotnet/sdk]\n", sdkVersion)
		return 0
	case "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "build", "test", "restore":
	default:
		if strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "Unknown option: %s\n", args[0])
			fmt.Fprint(stdout, usage)
			return 1
		}
		fmt.Fprintf(stderr, notFound, args[0])
		return 1
	}
	o, swErr, uErr := parseArgs(args[0], args[1:])
	switch {
	case uErr != nil:
		fmt.Fprintln(stderr, uErr.message)
		return 1
	case swErr != nil:
		return printSwitchError(stdout, swErr)
	}
	if m.noisy {
		for i := range 10000 {
			fmt.Fprintf(stdout, "       Skipping target \"_CopyFilesMarkedCopyLocal%d\" because all output files are up-to-date with respect to the input files.\n", i)
		}
	}
	switch {
	case m.crash:
		fmt.Fprintln(stdout, "  Determining projects to restore...")
		fmt.Fprint(stderr, crashStack)
		return 134
	case m.hang:
		fmt.Fprintln(stdout, "  Determining projects to restore...")
		hang(stdout, stderr)
	case !o.noRestore && (m.restoreFail || (args[0] == "build" && m.firstRestore())):
		return failRestore(stdout, o)
	}
	switch args[0] {
	case "restore":
		fmt.Fprintln(stdout, "  Determining projects to restore...")
		fmt.Fprintln(stdout, "  All projects are up-to-date for restore.")
		return 0
	case "test":
		return runTests(stdout, o, m)
	}
	start := time.Now()
	entry, swErr := resolveEntry(o.path)
	if swErr != nil {
		return printSwitchError(stdout, swErr)
	}
	b := compile(entry, o)
	printBuild(stdout, b, o, start, true)
	if b.errors > 0 {
		return 1
	}
	return 0
}

func printSwitchError(w io.Writer, e *switchError) int {
	fmt.Fprintf(w, "MSBUILD : error %s: %s\n", e.code, e.message)
	if e.switchValue != "" {
		fmt.Fprintf(w, "Switch: %s\n", e.switchValue)
	}
	if e.code == "MSB1001" {
		fmt.Fprintln(w, "\nFor switch syntax, type \"MSBuild -help\"")
	}
	return 1
}

const usage = `Usage: dotnet [sdk-options] [command] [command-options] [arguments]

Execute a .NET SDK command.

sdk-options:
  -d|--diagnostics  Enable diagnostic output.
  -h|--help         Show command line help.
  --info            Display .NET information.
  --list-runtimes   Display the installed runtimes.
  --list-sdks       Display the installed SDKs.
  --version         Display .NET SDK version in use.

SDK commands:
  build             Build a .NET project.
  restore           Restore dependencies specified in a .NET project.
  test              Run unit tests using the test runner specified in a .NET project.

Run 'dotnet [command] --help' for more information on a command.
`

const notFound = `Could not execute because the specified command or file was not found.
Possible reasons for this include:
  * You misspelled a built-in dotnet command.
  * You intended to execute a .NET program, but dotnet-%s does not exist.
  * You intended to run a global tool, but a dotnet-prefixed executable with this name could not be found on the PATH.
`
