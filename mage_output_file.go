//go:build ignore
// +build ignore

package main

import (
	_context "context"
	_flag "flag"
	_fmt "fmt"
	_io "io"
	_log "log"
	_os "os"
	_signal "os/signal"
	_filepath "path/filepath"
	_sort "sort"
	_strconv "strconv"
	_strings "strings"
	_syscall "syscall"
	_tabwriter "text/tabwriter"
	_time "time"
	
)

func main() {
	// Use local types and functions in order to avoid name conflicts with additional magefiles.
	type arguments struct {
		Verbose       bool          // print out log statements
		List          bool          // print out a list of targets
		Help          bool          // print out help for a specific target
		Timeout       _time.Duration // set a timeout to running the targets
		Args          []string      // args contain the non-flag command-line arguments
	}

	parseBool := func(env string) bool {
		val := _os.Getenv(env)
		if val == "" {
			return false
		}		
		b, err := _strconv.ParseBool(val)
		if err != nil {
			_log.Printf("warning: environment variable %s is not a valid bool value: %v", env, val)
			return false
		}
		return b
	}

	parseDuration := func(env string) _time.Duration {
		val := _os.Getenv(env)
		if val == "" {
			return 0
		}		
		d, err := _time.ParseDuration(val)
		if err != nil {
			_log.Printf("warning: environment variable %s is not a valid duration value: %v", env, val)
			return 0
		}
		return d
	}
	args := arguments{}
	fs := _flag.FlagSet{}
	fs.SetOutput(_os.Stdout)

	// default flag set with ExitOnError and auto generated PrintDefaults should be sufficient
	fs.BoolVar(&args.Verbose, "v", parseBool("MAGEFILE_VERBOSE"), "show verbose output when running targets")
	fs.BoolVar(&args.List, "l", parseBool("MAGEFILE_LIST"), "list targets for this binary")
	fs.BoolVar(&args.Help, "h", parseBool("MAGEFILE_HELP"), "print out help for a specific target")
	fs.DurationVar(&args.Timeout, "t", parseDuration("MAGEFILE_TIMEOUT"), "timeout in duration parsable format (e.g. 5m30s)")
	fs.Usage = func() {
		_fmt.Fprintf(_os.Stdout, `
%s [options] [target]

Commands:
  -l    list targets in this binary
  -h    show this help

Options:
  -h    show description of a target
  -t <string>
        timeout in duration parsable format (e.g. 5m30s)
  -v    show verbose output when running targets
 `[1:], _filepath.Base(_os.Args[0]))
	}
	if err := fs.Parse(_os.Args[1:]); err != nil {
		// flag will have printed out an error already.
		return
	}
	args.Args = fs.Args()
	if args.Help && len(args.Args) == 0 {
		fs.Usage()
		return
	}
		
	var printName = func(str string) string {
	// color is ANSI color type
	type color int

	// If you add/change/remove any items in this constant,
	// you will need to run "stringer -type=color" in this directory again.
	// NOTE: Please keep the list in an alphabetical order.
	const (
		black color = iota
		red
		green
		yellow
		blue
		magenta
		cyan
		white
		brightblack
		brightred
		brightgreen
		brightyellow
		brightblue
		brightmagenta
		brightcyan
		brightwhite
	)

	// AnsiColor are ANSI color codes for supported terminal colors.
	var ansiColor = map[color]string{
		black:         "\u001b[30m",
		red:           "\u001b[31m",
		green:         "\u001b[32m",
		yellow:        "\u001b[33m",
		blue:          "\u001b[34m",
		magenta:       "\u001b[35m",
		cyan:          "\u001b[36m",
		white:         "\u001b[37m",
		brightblack:   "\u001b[30;1m",
		brightred:     "\u001b[31;1m",
		brightgreen:   "\u001b[32;1m",
		brightyellow:  "\u001b[33;1m",
		brightblue:    "\u001b[34;1m",
		brightmagenta: "\u001b[35;1m",
		brightcyan:    "\u001b[36;1m",
		brightwhite:   "\u001b[37;1m",
	}

	const colorName = "blackredgreenyellowbluemagentacyanwhitebrightblackbrightredbrightgreenbrightyellowbrightbluebrightmagentabrightcyanbrightwhite"

	var colorIndex = [...]uint8{0, 5, 8, 13, 19, 23, 30, 34, 39, 50, 59, 70, 82, 92, 105, 115, 126}

	colorToLowerString := func(i color) string {
		if i < 0 || i >= color(len(colorIndex)-1) {
			return "color(" + _strconv.FormatInt(int64(i), 10) + ")"
		}
		return colorName[colorIndex[i]:colorIndex[i+1]]
	}

	// ansiColorReset is an ANSI color code to reset the terminal color.
	const ansiColorReset = "\033[0m"

	// defaultTargetAnsiColor is a default ANSI color for colorizing targets.
	// It is set to Cyan as an arbitrary color, because it has a neutral meaning
	var defaultTargetAnsiColor = ansiColor[cyan]

	getAnsiColor := func(color string) (string, bool) {
		colorLower := _strings.ToLower(color)
		for k, v := range ansiColor {
			colorConstLower := colorToLowerString(k)
			if colorConstLower == colorLower {
				return v, true
			}
		}
		return "", false
	}

	// Terminals which  don't support color:
	//
	//	TERM=vt100
	//	TERM=cygwin
	//	TERM=xterm-mono
	var noColorTerms = map[string]bool{
		"vt100":      false,
		"cygwin":     false,
		"xterm-mono": false,
	}

	// terminalSupportsColor checks if the current console supports color output
	//
	// Supported:
	//
	//	linux, mac, or windows's ConEmu, Cmder, putty, git-bash.exe, pwsh.exe
	//
	// Not supported:
	//
	//	windows cmd.exe, powerShell.exe
	terminalSupportsColor := func() bool {
		envTerm := _os.Getenv("TERM")
		if _, ok := noColorTerms[envTerm]; ok {
			return false
		}
		return true
	}

	// enableColor reports whether the user has requested to enable a color output.
	enableColor := func() bool {
		b, _ := _strconv.ParseBool(_os.Getenv("MAGEFILE_ENABLE_COLOR"))
		return b
	}

	// targetColor returns the ANSI color which should be used to colorize targets.
	targetColor := func() string {
		s, exists := _os.LookupEnv("MAGEFILE_TARGET_COLOR")
		if exists {
			if c, ok := getAnsiColor(s); ok {
				return c
			}
		}
		return defaultTargetAnsiColor
	}

	// store the color terminal variables, so that the detection isn't repeated for each target
	var enableColorValue = enableColor() && terminalSupportsColor()
	var targetColorValue = targetColor()

	if enableColorValue {
		return _fmt.Sprintf("%s%s%s", targetColorValue, str, ansiColorReset)
	}

	return str
}


	list := func() error {
		_fmt.Println(`portwave's Mage targets. Each target is one call that hands off to portwave/mage/target; 'mage -l' lists them with the environment variables each reads, in brackets.  Every target reads portwave.yaml (or $PORTWAVE_CONFIG); without one it works on the bundled example workspace (set up in $PORTWAVE_EXAMPLE_DIR). Settings are overridden by PORTWAVE_* variables: 'mage config' lists them all. The [env: …] lists are target.TargetEnv, held to it by a test.  The plan's own targets, one per batch (Batch44) and one per wave (Wave1…WaveN), are generated into magefile_plan.go beside this file by 'mage plan:targets' (and plan:import); 'mage validate' fails while it is stale. The one committed here is the bundled example's.
`)
		targets := map[string]string{
			"all": "runs every batch as one dependency graph, without wave barriers: each starts once its own dependencies are merged [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_JOBS, PORTWAVE_BUDGET_USD, PORTWAVE_FAIL_FAST, NO_COLOR].",
			"audit:reset": "does the plan's post-execution step: deferred items go back to unknown, then the audit runs [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_AUDIT_ROOT, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT].",
			"audit:run": "audits porting.db against the C# tree: promotes what is implemented, demotes with reasons, lists regressions (also 'mage audit'); refuses an empty tree, a missing root or a mass demotion [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_AUDIT_ROOT, PORTWAVE_CSHARP_ROOT, PORTWAVE_GO_ROOT, PORTWAVE_CLASS_MAP, PORTWAVE_STUB_MARKER, PORTWAVE_CSHARP_SYMBOLS, PORTWAVE_AUDIT_MAX_DEMOTE, PORTWAVE_FORCE, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT].",
			"batch11": "runs batch 11, Subject & Stats Helpers (wave 1; nothing once merged): Subscription pattern validation (1), the delivery and slow-consumer counters (2), Stats.Delta (1) [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].",
			"batch12": "runs batch 12, Server Lifecycle (wave 1; nothing once merged): Server.connect, removeSubscription, removeClient and Shutdown: clients joining and leaving [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].",
			"batch13": "runs batch 13, Client Subscriptions (wave 2, after Batch11 and Batch12; nothing once merged): client.subscribe, unsubscribe and close [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].",
			"batch14": "runs batch 14, Message Flow (wave 3, after Batch13; nothing once merged): Publishing, routing to matching subscriptions and queueing for delivery [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].",
			"batch:prompt": "prints exactly what the agent is told for batch N [env: PORTWAVE_CONFIG, PORTWAVE_PROMPT_TEMPLATE, PORTWAVE_GO_ROOT].",
			"batch:run": "runs batch N end to end: worktree, agent, gate, merge queue, audit; resumes an interrupted or failed batch from its stage [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].",
			"config": "prints every setting, its PORTWAVE_* variable and its default [env: PORTWAVE_CONFIG].",
			"db:export": "writes features.tsv and tests.tsv from porting.db into DIR, for diffs and reviews [env: PORTWAVE_CONFIG, PORTWAVE_DB].",
			"db:import": "loads FILE.tsv (features or tests, tracker columns) into porting.db; a bad row means nothing is written [env: PORTWAVE_CONFIG, PORTWAVE_DB].",
			"db:init": "creates an empty porting.db [env: PORTWAVE_CONFIG, PORTWAVE_DB].",
			"db:map": "applies the mapping overrides in FILE.tsv (id, kind, dotnet_class, dotnet_member, dotnet_file) to porting.db and records each in the status history [env: PORTWAVE_CONFIG, PORTWAVE_DB].",
			"demo": "runs the whole pipeline on the bundled example: workspace, inventory, plan, every wave with recorded agents, gate, merges, audit and the report under reports/demo/ [env: PORTWAVE_DEMO_DIR, PORTWAVE_DEMO_AGENT, PORTWAVE_CLAUDE_BIN, NO_COLOR].",
			"golden": "regenerates every golden file (and the committed magefile_plan.go) from the code: go test -update on each package whose tests have golden files [env: none].",
			"init": "sets portwave up in the repository in the current folder: a commented portwave.yaml from what it finds (Go tree, .sln and .csproj, test project, porting.db), batches/ and reports/, .gitignore entries, then the checks.",
			"inventory": "scans the Go source tree into porting.db, keeping every existing ID; refuses to add or remove items of a tracked database without PORTWAVE_FORCE=1 [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_INVENTORY_INCLUDE, PORTWAVE_INVENTORY_EXCLUDE, PORTWAVE_CLASS_MAP, PORTWAVE_DRY_RUN, PORTWAVE_FORCE].",
			"ledger:export": "writes batch N's ledger and logs into DIR as ledger-NN.json, for the merge job ('PORTWAVE_MODE=branch mage batch:run N' makes the batch job stop after the gate) [env: PORTWAVE_CONFIG, PORTWAVE_DB].",
			"matrix": "prints the port workflow's plan job outputs for WAVE (1..N or all): the batches still to do as matrix JSON, max-parallel and their count [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_JOBS, PORTWAVE_FORCE].",
			"merge": "is the port workflow's merge job: imports the ledger files in DIR, merges the gated batches in dependency order through the merge queue and audit, commits porting.db [env: PORTWAVE_CONFIG, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, NO_COLOR].",
			"plan:import": "parses the plan document (the plan setting, or -doc=FILE) into one batch file per batch under batches/, and writes magefile_plan.go [env: PORTWAVE_CONFIG, PORTWAVE_PLAN, PORTWAVE_BATCHES].",
			"plan:show": "prints each wave and batch, the critical path and the plan's outcome from porting.db (also 'mage plan') [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_FORMAT].",
			"plan:targets": "writes magefile_plan.go beside this magefile: one target per batch (Batch44, after its dependencies' targets) and one per wave (Wave1…WaveN, each after the wave before); plan:import writes it too [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES].",
			"post": "runs the plan's post-execution steps: build and tests on main, deferred reset to unknown, audit, porting.db commit, final report [env: PORTWAVE_CONFIG, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT, GITHUB_STEP_SUMMARY].",
			"preflight": "checks the workspace as every run does before its first agent starts (git identity and state, committed inputs, roots, tools, locks, branches, free space) and lists every problem with its fix [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_WORKTREES, PORTWAVE_MAIN_BRANCH, PORTWAVE_MIN_FREE_MB].",
			"report": "writes the review report (markdown, SVG charts, JSON twin with PORTWAVE_FORMAT=json) under reports/ [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_REPORTS, PORTWAVE_FORMAT, GITHUB_STEP_SUMMARY].",
			"retry": "re-runs failed, conflicted or interrupted batch N from the stage it stopped at [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].",
			"status": "prints the ledger: each batch's state, stage, duration, turns, cost and log [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_FORMAT].",
			"validate": "checks the batch files against porting.db and reports every error and warning as file:line:col; a stale magefile_plan.go and a C# member several features collide on are errors [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_CSHARP_ROOT, PORTWAVE_GO_ROOT, PORTWAVE_CLASS_MAP, PORTWAVE_FORMAT].",
			"wave1": "runs wave 1: batches 11 and 12 (parallel); merged batches are not redone [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_JOBS, PORTWAVE_BUDGET_USD, PORTWAVE_FAIL_FAST, NO_COLOR].",
			"wave2": "runs wave 2 after Wave1: batch 13 (after Wave 1); merged batches are not redone [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_JOBS, PORTWAVE_BUDGET_USD, PORTWAVE_FAIL_FAST, NO_COLOR].",
			"wave3": "runs wave 3 after Wave2: batch 14 (after Batch 13); merged batches are not redone [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_JOBS, PORTWAVE_BUDGET_USD, PORTWAVE_FAIL_FAST, NO_COLOR].",
		}

		keys := make([]string, 0, len(targets))
		for name := range targets {
			keys = append(keys, name)
		}
		_sort.Strings(keys)

		_fmt.Println("Targets:")
		w := _tabwriter.NewWriter(_os.Stdout, 0, 4, 4, ' ', 0)
		for _, name := range keys {
			_fmt.Fprintf(w, "  %v\t%v\n", printName(name), targets[name])
		}
		err := w.Flush()
		return err
	}

	var ctx _context.Context
	ctxCancel := func(){}

	// by deferring in a closure, we let the cancel function get replaced
	// by the getContext function.
	defer func() {
		ctxCancel()
	}()

	getContext := func() (_context.Context, func()) {
		if ctx == nil {
			if args.Timeout != 0 {
				ctx, ctxCancel = _context.WithTimeout(_context.Background(), args.Timeout)
			} else {
				ctx, ctxCancel = _context.WithCancel(_context.Background())
			}
		}

		return ctx, ctxCancel
	}

	runTarget := func(logger *_log.Logger, fn func(_context.Context) error) interface{} {
		var err interface{}
		ctx, cancel := getContext()
		d := make(chan interface{})
		go func() {
			defer func() {
				err := recover()
				d <- err
			}()
			err := fn(ctx)
			d <- err
		}()
		sigCh := make(chan _os.Signal, 1)
		_signal.Notify(sigCh, _syscall.SIGINT)
		select {
		case <-sigCh:
			logger.Println("cancelling mage targets, waiting up to 5 seconds for cleanup...")
			cancel()
			cleanupCh := _time.After(5 * _time.Second)

			select {
			// target exited by itself
			case err = <-d:
				return err
			// cleanup timeout exceeded
			case <-cleanupCh:
				return _fmt.Errorf("cleanup timeout exceeded")
			// second SIGINT received
			case <-sigCh:
				logger.Println("exiting mage")
				return _fmt.Errorf("exit forced")
			}
		case <-ctx.Done():
			cancel()
			e := ctx.Err()
			_fmt.Printf("ctx err: %v\n", e)
			return e
		case err = <-d:
			// we intentionally don't cancel the context here, because
			// the next target will need to run with the same _context.
			return err
		}
	}
	// This is necessary in case there aren't any targets, to avoid an unused
	// variable error.
	_ = runTarget

	handleError := func(logger *_log.Logger, err interface{}) {
		if err != nil {
			logger.Printf("Error: %+v\n", err)
			type code interface {
				ExitStatus() int
			}
			if c, ok := err.(code); ok {
				_os.Exit(c.ExitStatus())
			}
			_os.Exit(1)
		}
	}
	_ = handleError

	// Set MAGEFILE_VERBOSE so mg.Verbose() reflects the flag value.
	if args.Verbose {
		_os.Setenv("MAGEFILE_VERBOSE", "1")
	} else {
		_os.Setenv("MAGEFILE_VERBOSE", "0")
	}

	_log.SetFlags(0)
	if !args.Verbose {
		_log.SetOutput(_io.Discard)
	}
	logger := _log.New(_os.Stderr, "", 0)
	if args.List {
		if err := list(); err != nil {
			_log.Println(err)
			_os.Exit(1)
		}
		return
	}

	if args.Help {
		if len(args.Args) < 1 {
			logger.Println("no target specified")
			_os.Exit(2)
		}
		switch _strings.ToLower(args.Args[0]) {
			case "all":
				_fmt.Println("All runs every batch as one dependency graph, without wave barriers: each starts once its own dependencies are merged [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_JOBS, PORTWAVE_BUDGET_USD, PORTWAVE_FAIL_FAST, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage all\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "audit:reset":
				_fmt.Println("Reset does the plan's post-execution step: deferred items go back to unknown, then the audit runs [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_AUDIT_ROOT, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage audit:reset\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "audit:run":
				_fmt.Println("Run audits porting.db against the C# tree: promotes what is implemented, demotes with reasons, lists regressions (also 'mage audit'); refuses an empty tree, a missing root or a mass demotion [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_AUDIT_ROOT, PORTWAVE_CSHARP_ROOT, PORTWAVE_GO_ROOT, PORTWAVE_CLASS_MAP, PORTWAVE_STUB_MARKER, PORTWAVE_CSHARP_SYMBOLS, PORTWAVE_AUDIT_MAX_DEMOTE, PORTWAVE_FORCE, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage audit:run\n\n")
				var aliases []string
				aliases = append(aliases, "audit")
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "batch11":
				_fmt.Println("Batch11 runs batch 11, Subject & Stats Helpers (wave 1; nothing once merged): Subscription pattern validation (1), the delivery and slow-consumer counters (2), Stats.Delta (1) [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage batch11\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "batch12":
				_fmt.Println("Batch12 runs batch 12, Server Lifecycle (wave 1; nothing once merged): Server.connect, removeSubscription, removeClient and Shutdown: clients joining and leaving [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage batch12\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "batch13":
				_fmt.Println("Batch13 runs batch 13, Client Subscriptions (wave 2, after Batch11 and Batch12; nothing once merged): client.subscribe, unsubscribe and close [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage batch13\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "batch14":
				_fmt.Println("Batch14 runs batch 14, Message Flow (wave 3, after Batch13; nothing once merged): Publishing, routing to matching subscriptions and queueing for delivery [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage batch14\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "batch:prompt":
				_fmt.Println("Prompt prints exactly what the agent is told for batch N [env: PORTWAVE_CONFIG, PORTWAVE_PROMPT_TEMPLATE, PORTWAVE_GO_ROOT].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage batch:prompt <n>\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "batch:run":
				_fmt.Println("Run runs batch N end to end: worktree, agent, gate, merge queue, audit; resumes an interrupted or failed batch from its stage [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage batch:run <n>\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "config":
				_fmt.Println("Config prints every setting, its PORTWAVE_* variable and its default [env: PORTWAVE_CONFIG].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage config\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "db:export":
				_fmt.Println("Export writes features.tsv and tests.tsv from porting.db into DIR, for diffs and reviews [env: PORTWAVE_CONFIG, PORTWAVE_DB].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage db:export <dir>\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "db:import":
				_fmt.Println("Import loads FILE.tsv (features or tests, tracker columns) into porting.db; a bad row means nothing is written [env: PORTWAVE_CONFIG, PORTWAVE_DB].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage db:import <file>\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "db:init":
				_fmt.Println("Init creates an empty porting.db [env: PORTWAVE_CONFIG, PORTWAVE_DB].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage db:init\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "db:map":
				_fmt.Println("Map applies the mapping overrides in FILE.tsv (id, kind, dotnet_class, dotnet_member, dotnet_file) to porting.db and records each in the status history [env: PORTWAVE_CONFIG, PORTWAVE_DB].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage db:map <file>\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "demo":
				_fmt.Println("Demo runs the whole pipeline on the bundled example: workspace, inventory, plan, every wave with recorded agents, gate, merges, audit and the report under reports/demo/ [env: PORTWAVE_DEMO_DIR, PORTWAVE_DEMO_AGENT, PORTWAVE_CLAUDE_BIN, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage demo\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "golden":
				_fmt.Println("Golden regenerates every golden file (and the committed magefile_plan.go) from the code: go test -update on each package whose tests have golden files [env: none].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage golden\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "init":
				_fmt.Println("Init sets portwave up in the repository in the current folder: a commented portwave.yaml from what it finds (Go tree, .sln and .csproj, test project, porting.db), batches/ and reports/, .gitignore entries, then the checks. It overwrites nothing without PORTWAVE_FORCE=1 [env: PORTWAVE_FORCE].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage init\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "inventory":
				_fmt.Println("Inventory scans the Go source tree into porting.db, keeping every existing ID; refuses to add or remove items of a tracked database without PORTWAVE_FORCE=1 [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_GO_ROOT, PORTWAVE_INVENTORY_INCLUDE, PORTWAVE_INVENTORY_EXCLUDE, PORTWAVE_CLASS_MAP, PORTWAVE_DRY_RUN, PORTWAVE_FORCE].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage inventory\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "ledger:export":
				_fmt.Println("Export writes batch N's ledger and logs into DIR as ledger-NN.json, for the merge job ('PORTWAVE_MODE=branch mage batch:run N' makes the batch job stop after the gate) [env: PORTWAVE_CONFIG, PORTWAVE_DB].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage ledger:export <n> <dir>\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "matrix":
				_fmt.Println("Matrix prints the port workflow's plan job outputs for WAVE (1..N or all): the batches still to do as matrix JSON, max-parallel and their count [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_JOBS, PORTWAVE_FORCE].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage matrix <wave>\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "merge":
				_fmt.Println("Merge is the port workflow's merge job: imports the ledger files in DIR, merges the gated batches in dependency order through the merge queue and audit, commits porting.db [env: PORTWAVE_CONFIG, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage merge <dir>\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "plan:import":
				_fmt.Println("Import parses the plan document (the plan setting, or -doc=FILE) into one batch file per batch under batches/, and writes magefile_plan.go [env: PORTWAVE_CONFIG, PORTWAVE_PLAN, PORTWAVE_BATCHES].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage plan:import [-doc=<string>]\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "plan:show":
				_fmt.Println("Show prints each wave and batch, the critical path and the plan's outcome from porting.db (also 'mage plan') [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_FORMAT].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage plan:show\n\n")
				var aliases []string
				
				aliases = append(aliases, "plan")
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "plan:targets":
				_fmt.Println("Targets writes magefile_plan.go beside this magefile: one target per batch (Batch44, after its dependencies' targets) and one per wave (Wave1…WaveN, each after the wave before); plan:import writes it too [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage plan:targets\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "post":
				_fmt.Println("Post runs the plan's post-execution steps: build and tests on main, deferred reset to unknown, audit, porting.db commit, final report [env: PORTWAVE_CONFIG, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_DRY_RUN, PORTWAVE_FORMAT, GITHUB_STEP_SUMMARY].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage post\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "preflight":
				_fmt.Println("Preflight checks the workspace as every run does before its first agent starts (git identity and state, committed inputs, roots, tools, locks, branches, free space) and lists every problem with its fix [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_WORKTREES, PORTWAVE_MAIN_BRANCH, PORTWAVE_MIN_FREE_MB].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage preflight\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "report":
				_fmt.Println("Report writes the review report (markdown, SVG charts, JSON twin with PORTWAVE_FORMAT=json) under reports/ [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_REPORTS, PORTWAVE_FORMAT, GITHUB_STEP_SUMMARY].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage report\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "retry":
				_fmt.Println("Retry re-runs failed, conflicted or interrupted batch N from the stage it stopped at [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage retry <n>\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "status":
				_fmt.Println("Status prints the ledger: each batch's state, stage, duration, turns, cost and log [env: PORTWAVE_CONFIG, PORTWAVE_DB, PORTWAVE_FORMAT].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage status\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "validate":
				_fmt.Println("Validate checks the batch files against porting.db and reports every error and warning as file:line:col; a stale magefile_plan.go and a C# member several features collide on are errors [env: PORTWAVE_CONFIG, PORTWAVE_BATCHES, PORTWAVE_DB, PORTWAVE_CSHARP_ROOT, PORTWAVE_GO_ROOT, PORTWAVE_CLASS_MAP, PORTWAVE_FORMAT].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage validate\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "wave1":
				_fmt.Println("Wave1 runs wave 1: batches 11 and 12 (parallel); merged batches are not redone [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_JOBS, PORTWAVE_BUDGET_USD, PORTWAVE_FAIL_FAST, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage wave1\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "wave2":
				_fmt.Println("Wave2 runs wave 2 after Wave1: batch 13 (after Wave 1); merged batches are not redone [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_JOBS, PORTWAVE_BUDGET_USD, PORTWAVE_FAIL_FAST, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage wave2\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			case "wave3":
				_fmt.Println("Wave3 runs wave 3 after Wave2: batch 14 (after Batch 13); merged batches are not redone [env: PORTWAVE_CONFIG, PORTWAVE_AGENT, PORTWAVE_MODEL, PORTWAVE_MAX_TURNS, PORTWAVE_ATTEMPTS, PORTWAVE_AGENT_TIMEOUT, PORTWAVE_BUILD, PORTWAVE_TEST, PORTWAVE_GATE_TIMEOUT, PORTWAVE_WORKTREES, PORTWAVE_FORCE, PORTWAVE_MODE, PORTWAVE_JOBS, PORTWAVE_BUDGET_USD, PORTWAVE_FAIL_FAST, NO_COLOR].")
				_fmt.Println()
				
				_fmt.Print("Usage:\n\n\tmage wave3\n\n")
				var aliases []string
				
				
				if len(aliases) > 0 {
					_sort.Strings(aliases)
					_fmt.Printf("Aliases: %s\n\n", _strings.Join(aliases, ", "))
				}
				return
			default:
				logger.Printf("Unknown target: %q\n", args.Args[0])
				_os.Exit(2)
		}
	}
	if len(args.Args) < 1 {
		if err := list(); err != nil {
			logger.Println("Error:", err)
			_os.Exit(1)
		}
		return
	}
	for x := 0; x < len(args.Args); {
		target := args.Args[x]
		x++

		// resolve aliases
		switch _strings.ToLower(target) {
		
			case "audit":
				target = "Audit:Run"
			case "plan":
				target = "Plan:Show"
		}

		switch _strings.ToLower(target) {
		
			case "all":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"All\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "All")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return All(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "audit:reset":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Audit:Reset\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Audit:Reset")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Audit{}.Reset(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "audit:run":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Audit:Run\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Audit:Run")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Audit{}.Run(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "batch11":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Batch11\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Batch11")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Batch11(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "batch12":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Batch12\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Batch12")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Batch12(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "batch13":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Batch13\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Batch13")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Batch13(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "batch14":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Batch14\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Batch14")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Batch14(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "batch:prompt":
				expected := x + 1
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Batch:Prompt\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Batch:Prompt")
				}
				
				arg0, err := _strconv.Atoi(args.Args[x])
				if err != nil {
					logger.Printf("can't convert argument %q to int\n", args.Args[x])
					_os.Exit(2)
				}
				x++
				wrapFn := func(ctx _context.Context) error {
					return Batch{}.Prompt(ctx, arg0)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "batch:run":
				expected := x + 1
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Batch:Run\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Batch:Run")
				}
				
				arg0, err := _strconv.Atoi(args.Args[x])
				if err != nil {
					logger.Printf("can't convert argument %q to int\n", args.Args[x])
					_os.Exit(2)
				}
				x++
				wrapFn := func(ctx _context.Context) error {
					return Batch{}.Run(ctx, arg0)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "config":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Config\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Config")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Config(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "db:export":
				expected := x + 1
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"DB:Export\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "DB:Export")
				}
				
			arg0 := args.Args[x]
			x++
				wrapFn := func(ctx _context.Context) error {
					return DB{}.Export(ctx, arg0)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "db:import":
				expected := x + 1
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"DB:Import\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "DB:Import")
				}
				
			arg0 := args.Args[x]
			x++
				wrapFn := func(ctx _context.Context) error {
					return DB{}.Import(ctx, arg0)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "db:init":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"DB:Init\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "DB:Init")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return DB{}.Init(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "db:map":
				expected := x + 1
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"DB:Map\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "DB:Map")
				}
				
			arg0 := args.Args[x]
			x++
				wrapFn := func(ctx _context.Context) error {
					return DB{}.Map(ctx, arg0)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "demo":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Demo\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Demo")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Demo(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "golden":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Golden\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Golden")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Golden(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "init":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Init\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Init")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Init(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "inventory":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Inventory\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Inventory")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Inventory(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "ledger:export":
				expected := x + 2
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Ledger:Export\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Ledger:Export")
				}
				
				arg0, err := _strconv.Atoi(args.Args[x])
				if err != nil {
					logger.Printf("can't convert argument %q to int\n", args.Args[x])
					_os.Exit(2)
				}
				x++
			arg1 := args.Args[x]
			x++
				wrapFn := func(ctx _context.Context) error {
					return Ledger{}.Export(ctx, arg0, arg1)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "matrix":
				expected := x + 1
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Matrix\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Matrix")
				}
				
			arg0 := args.Args[x]
			x++
				wrapFn := func(ctx _context.Context) error {
					return Matrix(ctx, arg0)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "merge":
				expected := x + 1
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Merge\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Merge")
				}
				
			arg0 := args.Args[x]
			x++
				wrapFn := func(ctx _context.Context) error {
					return Merge(ctx, arg0)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "plan:import":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Plan:Import\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Plan:Import")
				}
				
				var arg0 *string
				for x < len(args.Args) && _strings.HasPrefix(args.Args[x], "-") {
					_optArg := args.Args[x]
					_eqIdx := _strings.Index(_optArg, "=")
					var _optName, _optVal string
					if _eqIdx < 0 {
						_optName = _strings.ToLower(_optArg[1:])
						switch _optName {
						default:
							logger.Printf("invalid option %q for target \"Plan:Import\", expected -name=value format\n", _optArg)
							_os.Exit(2)
						}
					} else {
						_optName = _strings.ToLower(_optArg[1:_eqIdx])
						_optVal = _optArg[_eqIdx+1:]
					}
					switch _optName {
					case "doc":
						_tmp0 := _optVal
						arg0 = &_tmp0
					default:
						logger.Printf("unknown option %q for target \"Plan:Import\"\n", _optName)
						_os.Exit(2)
					}
					x++
				}
				wrapFn := func(ctx _context.Context) error {
					return Plan{}.Import(ctx, arg0)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "plan:show":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Plan:Show\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Plan:Show")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Plan{}.Show(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "plan:targets":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Plan:Targets\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Plan:Targets")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Plan{}.Targets(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "post":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Post\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Post")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Post(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "preflight":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Preflight\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Preflight")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Preflight(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "report":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Report\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Report")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Report(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "retry":
				expected := x + 1
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Retry\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Retry")
				}
				
				arg0, err := _strconv.Atoi(args.Args[x])
				if err != nil {
					logger.Printf("can't convert argument %q to int\n", args.Args[x])
					_os.Exit(2)
				}
				x++
				wrapFn := func(ctx _context.Context) error {
					return Retry(ctx, arg0)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "status":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Status\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Status")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Status(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "validate":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Validate\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Validate")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Validate(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "wave1":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Wave1\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Wave1")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Wave1(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "wave2":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Wave2\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Wave2")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Wave2(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
			case "wave3":
				expected := x + 0
				if expected > len(args.Args) {
					// note that expected and args at this point include the arg for the target itself
					// so we subtract 1 here to show the number of args without the target.
					logger.Printf("not enough arguments for target \"Wave3\", expected %v, got %v\n", expected-1, len(args.Args)-1)
					_os.Exit(2)
				}
				if args.Verbose {
					logger.Println("Running target:", "Wave3")
				}
				
				wrapFn := func(ctx _context.Context) error {
					return Wave3(ctx)
				}
				ret := runTarget(logger, wrapFn)
				handleError(logger, ret)
		
		default:
			logger.Printf("Unknown target specified: %q\n", target)
			_os.Exit(2)
		}
	}
}




