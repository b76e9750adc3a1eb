package main

import (
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"
)

// outcome is the result of one test case.
type outcome struct {
	c        testCase
	result   string // Passed, Failed, NotExecuted
	duration time.Duration
	start    time.Time
}

// runTests is dotnet test: the build (unless --no-build), then each test
// project's tests, reported like vstest's console logger (or the terminal
// logger) and, when asked, in a TRX file. It returns the exit code.
func runTests(w io.Writer, o options, m modes) int {
	start := time.Now()
	entry, swErr := resolveEntry(o.path)
	if swErr != nil {
		return printSwitchError(w, swErr)
	}
	b := compile(entry, o)
	if !o.noBuild {
		printBuild(w, b, o, start, false)
		if b.errors > 0 {
			return 1
		}
	}
	exit := 0
	var all []outcome
	for _, p := range b.projects {
		var cases []testCase
		for _, f := range p.files {
			cases = append(cases, discoverTests(f, b.tokens[f])...)
		}
		if !p.isTest && len(cases) == 0 {
			continue
		}
		code, outs := runProject(w, p, cases, o, m)
		all = append(all, outs...)
		exit = max(exit, code)
	}
	if o.terminalLogger {
		printTerminalTestSummary(w, all, time.Since(start))
	}
	return exit
}

// runProject runs one test assembly's cases and prints its results.
func runProject(w io.Writer, p *project, cases []testCase, o options, m modes) (int, []outcome) {
	dll := p.targetPath(o.configuration)
	if !o.terminalLogger {
		fmt.Fprintf(w, "Test run for %s (.NETCoreApp,Version=v%s)\n", dll, strings.TrimPrefix(p.framework, "net"))
		fmt.Fprintf(w, "VSTest version 17.14.1 (x64)\n\nStarting test execution, please wait...\n")
		fmt.Fprintf(w, "A total of 1 test files matched the specified pattern.\n")
	}
	if o.filter != "" {
		var kept []testCase
		for _, c := range cases {
			ok, err := matchFilter(o.filter, c)
			if err != nil {
				fmt.Fprintln(w, err)
				return 1, nil
			}
			if ok {
				kept = append(kept, c)
			}
		}
		if len(kept) == 0 {
			fmt.Fprintf(w, "No test matches the given testcase filter `%s` in %s\n", o.filter, dll)
			return 0, nil
		}
		cases = kept
	}
	began := time.Now()
	var outs []outcome
	for i, c := range cases {
		if m.testhostCrash && i == len(cases)/2 {
			fmt.Fprintln(w, "The active test run was aborted. Reason: Test host process crashed : Fatal error. Internal CLR error. (0x80131506)")
			fmt.Fprintln(w, "Test Run Aborted.")
			return 1, outs
		}
		out := outcome{c: c, result: "Passed", start: time.Now(), duration: time.Millisecond}
		switch {
		case c.skip != "":
			out.result = "NotExecuted"
		case c.failLine > 0:
			out.result = "Failed"
		}
		outs = append(outs, out)
		if !o.terminalLogger {
			printOutcome(w, out, o.testVerbosity)
		}
	}
	n := count(outs)
	if o.trx {
		path, err := writeTRX(p, o, outs, began)
		if err != nil {
			fmt.Fprintf(w, "Error writing TRX: %v\n", err)
			return 1, outs
		}
		if !o.terminalLogger {
			fmt.Fprintf(w, "Results File: %s\n", path)
		}
	}
	elapsed := time.Since(began)
	switch {
	case o.terminalLogger:
		printTerminalProject(w, p, outs)
	case o.testVerbosity == "q" || o.testVerbosity == "m":
		verdict := "Passed!"
		if n.failed > 0 {
			verdict = "Failed!"
		}
		fmt.Fprintf(w, "\n%s  - Failed: %5d, Passed: %5d, Skipped: %5d, Total: %5d, Duration: %s - %s.dll (%s)\n",
			verdict, n.failed, n.passed, n.skipped, n.total, vstestDuration(elapsed), p.name, p.framework)
	default:
		if n.failed > 0 {
			fmt.Fprintln(w, "Test Run Failed.")
		} else {
			fmt.Fprintln(w, "Test Run Successful.")
		}
		fmt.Fprintf(w, "Total tests: %d\n", n.total)
		for _, part := range []struct {
			label string
			n     int
		}{{"     Passed", n.passed}, {"     Failed", n.failed}, {"    Skipped", n.skipped}} {
			if part.n > 0 {
				fmt.Fprintf(w, "%s: %d\n", part.label, part.n)
			}
		}
		fmt.Fprintf(w, " Total time: %.4f Seconds\n", elapsed.Seconds())
	}
	if n.failed > 0 {
		return 1, outs
	}
	return 0, outs
}

type counts struct{ total, passed, failed, skipped int }

func count(outs []outcome) counts {
	n := counts{total: len(outs)}
	for _, o := range outs {
		switch o.result {
		case "Passed":
			n.passed++
		case "Failed":
			n.failed++
		default:
			n.skipped++
		}
	}
	return n
}

// printOutcome writes one result as vstest's console logger does: failures
// and skips always, passes only from normal verbosity on.
func printOutcome(w io.Writer, out outcome, verbosity string) {
	c := out.c
	switch out.result {
	case "Failed":
		fmt.Fprintf(w, "  Failed %s [%s]\n  Error Message:\n", c.display, vstestDuration(out.duration))
		for l := range strings.SplitSeq(c.failMsg, "\n") {
			fmt.Fprintf(w, "   %s\n", l)
		}
		fmt.Fprintf(w, "  Stack Trace:\n     at %s() in %s:line %d\n", c.fqn, c.file, c.failLine)
		fmt.Fprintf(w, "   at System.RuntimeMethodHandle.InvokeMethod(Object target, Void** arguments, Signature sig, Boolean isConstructor)\n")
		fmt.Fprintf(w, "   at System.Reflection.MethodBaseInvoker.InvokeWithNoArgs(Object obj, BindingFlags invokeAttr)\n\n")
	case "NotExecuted":
		fmt.Fprintf(w, "  Skipped %s [%s]\n", c.display, vstestDuration(out.duration))
	default:
		if verbosity != "q" && verbosity != "m" {
			fmt.Fprintf(w, "  Passed %s [%s]\n", c.display, vstestDuration(out.duration))
		}
	}
}

// vstestDuration formats a duration as vstest does: "< 1 ms", "812 ms",
// "6 s", "2 m 5 s".
func vstestDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return "< 1 ms"
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	}
	return fmt.Sprintf("%d m %d s", int(d.Minutes()), int(d.Seconds())%60)
}

// trxPath is where the TRX goes: LogFileName under the results directory
// (the project's TestResults by default), or vstest's own name for it.
func trxPath(p *project, o options, at time.Time) (string, error) {
	dir := o.resultsDir
	if dir == "" {
		dir = filepath.Join(filepath.Dir(p.path), "TestResults")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	name := o.trxFile
	if name == "" {
		who := "user"
		if u, err := user.Current(); err == nil {
			who = u.Username
		}
		host, _ := os.Hostname()
		name = fmt.Sprintf("%s_%s_%s.trx", who, host, at.Format("2006-01-02_15_04_05"))
	}
	if filepath.IsAbs(name) {
		return name, nil
	}
	return filepath.Join(dir, name), nil
}
