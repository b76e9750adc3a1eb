package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// Terminal logger colours.
const (
	ansiRed    = "\x1b[31;1m"
	ansiYellow = "\x1b[33;1m"
	ansiGreen  = "\x1b[32;1m"
	ansiReset  = "\x1b[m"
)

// printTerminal is the terminal logger: one line per project with its
// diagnostics under it, and a one-line summary.
func printTerminal(w io.Writer, b *buildResult, o options, start time.Time, summary bool) {
	fmt.Fprint(w, "\x1b[?25l")
	if !o.noRestore {
		fmt.Fprintln(w, "Restore complete (0.2s)")
	}
	for _, f := range b.entryErr {
		fmt.Fprintln(w, ansiRed+"  "+f.line(false)+ansiReset)
	}
	for _, p := range b.projects {
		var errs, warns int
		for _, f := range b.byProj[p] {
			if f.d.severity == "error" {
				errs++
			} else {
				warns++
			}
		}
		status := ansiGreen + "succeeded" + ansiReset + countsPhrase(errs, warns)
		if errs > 0 {
			status = ansiRed + "failed" + ansiReset + countsPhrase(errs, warns)
		}
		fmt.Fprintf(w, "  %s %s %s (0.1s)", p.name, p.framework, status)
		if errs == 0 {
			rel, _ := filepath.Rel(filepath.Dir(b.entry), p.targetPath(o.configuration))
			fmt.Fprintf(w, " → %s", rel)
		}
		fmt.Fprintln(w)
		for _, f := range b.byProj[p] {
			colour := ansiRed
			if f.d.severity == "warning" {
				colour = ansiYellow
			}
			fmt.Fprintln(w, colour+"    "+f.line(false)+ansiReset)
		}
	}
	if summary {
		result := ansiGreen + "succeeded" + ansiReset
		if b.errors > 0 {
			result = ansiRed + "failed" + ansiReset
		}
		fmt.Fprintf(w, "\nBuild %s%s in %.1fs\n", result, countsPhrase(b.errors, b.warnings), time.Since(start).Seconds())
	}
	fmt.Fprint(w, "\x1b[?25h")
}

// countsPhrase is the terminal logger's " with 3 error(s) and 1 warning(s)".
func countsPhrase(errs, warns int) string {
	var parts []string
	if errs > 0 {
		parts = append(parts, fmt.Sprintf("%d error(s)", errs))
	}
	if warns > 0 {
		parts = append(parts, fmt.Sprintf("%d warning(s)", warns))
	}
	if len(parts) == 0 {
		return ""
	}
	return " with " + strings.Join(parts, " and ")
}

// printTerminalProject is the terminal logger's line for a test project,
// with each failure as an error under it.
func printTerminalProject(w io.Writer, p *project, outs []outcome) {
	n := count(outs)
	status := ansiGreen + "succeeded" + ansiReset
	if n.failed > 0 {
		status = ansiRed + "failed" + ansiReset + countsPhrase(n.failed, 0)
	}
	fmt.Fprintf(w, "  %s test %s %s (0.5s)\n", p.name, p.framework, status)
	for _, out := range outs {
		if out.result != "Failed" {
			continue
		}
		c := out.c
		fmt.Fprintf(w, "%s    %s(%d): error TESTERROR: %s\n", ansiRed, c.file, c.failLine, ansiReset)
		fmt.Fprintf(w, "      %s (1ms): Error Message: %s\n", c.display, strings.ReplaceAll(c.failMsg, "\n", "\n      "))
		fmt.Fprintf(w, "      Stack Trace:\n         at %s() in %s:line %d\n", c.fqn, c.file, c.failLine)
	}
}

// printTerminalTestSummary is the terminal logger's closing test summary.
func printTerminalTestSummary(w io.Writer, outs []outcome, elapsed time.Duration) {
	n := count(outs)
	colour := func(v int, c string) string {
		if v == 0 {
			return fmt.Sprint(v)
		}
		return c + fmt.Sprint(v) + ansiReset
	}
	fmt.Fprintf(w, "\nTest summary: total: %d, failed: %s, succeeded: %s, skipped: %s, duration: %.1fs\n",
		n.total, colour(n.failed, ansiRed), colour(n.passed, ansiGreen), colour(n.skipped, ansiYellow), elapsed.Seconds())
}
