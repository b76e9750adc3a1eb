// Command claude is a stand-in for the Claude Code CLI in headless mode, for
// tests that must run a real process without a model or a network.
//
// It takes the real CLI's flags and rejects what the real CLI rejects
// (stream-json without --verbose, unknown options), reads the prompt from
// its argument or stdin, and prints real-shaped stream-json: system/init,
// assistant tool_use, user tool_result, system/api_retry,
// system/permission_denied, and a result with the real fields. What the
// "model" does is scripted by the JSON file named in PORTWAVE_STANDIN_SCRIPT
// (see script.go); its writes and edits really happen in the working
// directory, subject to --permission-mode and --allowedTools as in the
// real CLI. Tests build it with `go build -o DIR/claude` and put DIR first
// in PATH.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// ScriptEnv names the script file. Without it the stand-in answers in one
// turn with a text and no tool calls.
const ScriptEnv = "PORTWAVE_STANDIN_SCRIPT"

// scriptFor picks the script of a run: a resumed session (--resume, as a
// retry after a failed gate starts) plays "<script>.resume" when that file
// exists, so one test can script a first attempt and its retry.
func scriptFor(path, resume string) string {
	if path == "" || resume == "" {
		return path
	}
	if _, err := os.Stat(path + ".resume"); err == nil {
		return path + ".resume"
	}
	return path
}

// version is what --version prints and system/init reports.
const version = "2.1.332"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if opts.version {
		fmt.Fprintln(stdout, version+" (Claude Code)")
		return 0
	}
	if !opts.print {
		fmt.Fprintln(stderr, "Error: this stand-in supports only --print (-p) mode")
		return 1
	}
	if opts.outputFormat == "stream-json" && !opts.verbose {
		fmt.Fprintln(stderr, "Error: When using --print, --output-format=stream-json requires --verbose")
		return 1
	}
	prompt := opts.prompt
	if prompt == "" {
		b, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintln(stderr, "Error: reading stdin:", err)
			return 1
		}
		prompt = string(b)
	}
	if strings.TrimSpace(prompt) == "" {
		fmt.Fprintln(stderr, "Error: Input must be provided either through stdin or as a prompt argument when using --print")
		return 1
	}
	steps, err := loadScript(scriptFor(os.Getenv(ScriptEnv), opts.resume))
	if err != nil {
		fmt.Fprintln(stderr, "Error:", err)
		return 1
	}
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(stderr, "Error:", err)
		return 1
	}
	s := newSession(opts, cwd, stdout, stderr)
	return s.play(steps)
}
