package main

import (
	"fmt"
	"io"
	"time"
)

// finding is a diagnostic placed in a file (or, with no position, on a
// project or solution) and attributed to the project being built.
type finding struct {
	file    string
	d       diag
	project string
}

// line formats f as msbuild's console logger does:
// "{file}({line},{col}): {severity} {code}: {message} [{project}]".
func (f finding) line(withProject bool) string {
	origin := f.file + " "
	if f.d.line > 0 {
		origin = fmt.Sprintf("%s(%d,%d)", f.file, f.d.line, f.d.col)
	}
	s := fmt.Sprintf("%s: %s %s: %s", origin, f.d.severity, f.d.code, f.d.message)
	if withProject {
		s += " [" + f.project + "]"
	}
	return s
}

// buildResult is a whole build: the projects in order with what each
// reported.
type buildResult struct {
	entry    string
	projects []*project
	byProj   map[*project][]finding
	entryErr []finding // about the solution itself
	tokens   map[string][]token
	errors   int
	warnings int
}

func (b *buildResult) all() []finding {
	out := append([]finding(nil), b.entryErr...)
	for _, p := range b.projects {
		out = append(out, b.byProj[p]...)
	}
	return out
}

func (b *buildResult) failed(p *project) bool {
	for _, f := range b.byProj[p] {
		if f.d.severity == "error" {
			return true
		}
	}
	return false
}

// compile "builds" every project of the entry: each file is lexed with the
// project's symbols and checked.
func compile(entry string, o options) *buildResult {
	projects, entryDiags := loadProjects(entry)
	b := &buildResult{entry: entry, projects: projects, byProj: map[*project][]finding{}, tokens: map[string][]token{}}
	for _, d := range entryDiags {
		b.entryErr = append(b.entryErr, finding{file: entry, d: d, project: entry})
	}
	for _, p := range projects {
		if p.loadErr != nil {
			b.byProj[p] = []finding{{file: p.path, d: *p.loadErr, project: p.path}}
			continue
		}
		symbols := p.symbols(o.configuration)
		for _, file := range p.files {
			diags, toks, err := compileFile(file, symbols)
			b.tokens[file] = toks
			if err != nil {
				diags = []diag{{severity: "error", code: "CS2001", message: fmt.Sprintf("Source file '%s' could not be found.", file)}}
			}
			for _, d := range diags {
				if o.warnAsError && d.severity == "warning" {
					d.severity = "error"
				}
				b.byProj[p] = append(b.byProj[p], finding{file: file, d: d, project: p.path})
			}
		}
	}
	for _, f := range b.all() {
		if f.d.severity == "error" {
			b.errors++
		} else {
			b.warnings++
		}
	}
	return b
}

// printBuild writes the build's console output in the logger and verbosity
// the options ask for. summary is false for the build dotnet test runs
// first, which prints no summary of its own.
func printBuild(w io.Writer, b *buildResult, o options, start time.Time, summary bool) {
	switch {
	case o.terminalLogger:
		printTerminal(w, b, o, start, summary)
	case o.verbosity == "q":
		for _, f := range b.all() {
			fmt.Fprintln(w, f.line(true))
		}
	case o.verbosity == "m":
		printMinimal(w, b, o, start, summary)
	default:
		printNormal(w, b, o, start, summary)
	}
}

func (o options) shows(f finding) bool {
	switch {
	case o.clp["errorsonly"]:
		return f.d.severity == "error"
	case o.clp["warningsonly"]:
		return f.d.severity == "warning"
	}
	return true
}

func (o options) showsMessages() bool { return !o.clp["errorsonly"] && !o.clp["warningsonly"] }

func (o options) showsSummary() bool {
	return !o.clp["nosummary"] && (o.showsMessages() || o.clp["summary"])
}

func printMinimal(w io.Writer, b *buildResult, o options, start time.Time, summary bool) {
	if !o.noRestore && o.showsMessages() {
		fmt.Fprintln(w, "  Determining projects to restore...")
		fmt.Fprintln(w, "  All projects are up-to-date for restore.")
	}
	for _, f := range b.entryErr {
		fmt.Fprintln(w, f.line(true))
	}
	for _, p := range b.projects {
		for _, f := range b.byProj[p] {
			if o.shows(f) {
				fmt.Fprintln(w, f.line(true))
			}
		}
		if !b.failed(p) && o.showsMessages() {
			fmt.Fprintf(w, "  %s -> %s\n", p.name, p.targetPath(o.configuration))
		}
	}
	if summary && o.showsSummary() {
		printSummary(w, b, o, start, func(f finding) string { return f.line(true) })
	}
}

// printSummary writes the classic logger's closing lines: the result, the
// warnings and errors again, their counts and the elapsed time.
func printSummary(w io.Writer, b *buildResult, o options, start time.Time, format func(finding) string) {
	fmt.Fprintln(w)
	if b.errors > 0 {
		fmt.Fprintln(w, "Build FAILED.")
	} else {
		fmt.Fprintln(w, "Build succeeded.")
	}
	if b.errors+b.warnings > 0 {
		fmt.Fprintln(w)
	}
	for _, sev := range []string{"warning", "error"} {
		for _, f := range b.all() {
			if f.d.severity == sev && o.shows(f) {
				fmt.Fprintln(w, format(f))
			}
		}
	}
	fmt.Fprintf(w, "    %d Warning(s)\n", b.warnings)
	fmt.Fprintf(w, "    %d Error(s)\n", b.errors)
	fmt.Fprintln(w)
	d := time.Since(start)
	fmt.Fprintf(w, "Time Elapsed %02d:%02d:%02d.%02d\n", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60, d.Milliseconds()/10%100)
}

// printNormal is the classic logger at normal verbosity: node-prefixed
// project lines, and a summary that shows the target chain of each
// diagnostic.
func printNormal(w io.Writer, b *buildResult, o options, start time.Time, summary bool) {
	fmt.Fprintf(w, "Build started %s.\n", start.Format("1/2/2006 3:04:05 PM"))
	node := func(n int, text string) { fmt.Fprintf(w, "%6d>%s\n", n, text) }
	node(1, fmt.Sprintf("Project %q on node 1 (default targets).", b.entry))
	for _, f := range b.entryErr {
		node(1, f.line(true))
	}
	for i, p := range b.projects {
		n := i + 2
		if p.path != b.entry {
			node(n, fmt.Sprintf("Project %q (%d) is building %q (%d) on node 1 (default targets).", b.entry, 1, p.path, n))
		}
		node(n, "CoreCompile:")
		for _, f := range b.byProj[p] {
			if o.shows(f) {
				node(n, f.line(true))
			}
		}
		node(n, doneBuilding(p.path, b.failed(p)))
		if !b.failed(p) {
			fmt.Fprintf(w, "       CopyFilesToOutputDirectory:\n         %s -> %s\n", p.name, p.targetPath(o.configuration))
		}
	}
	if len(b.projects) != 1 || b.projects[0].path != b.entry {
		node(1, doneBuilding(b.entry, b.errors > 0))
	}
	if !summary || !o.showsSummary() {
		return
	}
	printSummary(w, b, o, start, func(f finding) string {
		chain := fmt.Sprintf("       %q (default target) (1) ->\n", b.entry)
		if f.project != b.entry {
			chain += fmt.Sprintf("       %q (default target) ->\n", f.project)
		}
		return chain + "       (CoreCompile target) -> \n         " + f.line(true) + "\n"
	})
}

func doneBuilding(path string, failed bool) string {
	if failed {
		return fmt.Sprintf("Done Building Project %q (default targets) -- FAILED.", path)
	}
	return fmt.Sprintf("Done Building Project %q (default targets).", path)
}
