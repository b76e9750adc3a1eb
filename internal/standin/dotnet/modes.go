package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// modes are the failure modes chosen by ModeEnv.
type modes struct {
	crash, hang, noisy, restoreFail, testhostCrash bool
	slow                                           time.Duration
	// restoreFailOnce is a marker file: a build's restore fails, as restoreFail,
	// when the file is not there yet, and creates it, so the next run
	// restores (a package feed that was down for a moment).
	restoreFailOnce string
}

func parseModes(s string) (modes, error) {
	var m modes
	for part := range strings.SplitSeq(s, ",") {
		name, arg, _ := strings.Cut(strings.TrimSpace(part), ":")
		switch name {
		case "":
		case "crash":
			m.crash = true
		case "hang":
			m.hang = true
		case "noisy":
			m.noisy = true
		case "restore-fail":
			m.restoreFail = true
		case "build-restore-fail-once":
			if arg == "" {
				return m, fmt.Errorf("%s=%s: build-restore-fail-once needs a marker file, as in build-restore-fail-once:/tmp/feed-was-down", ModeEnv, s)
			}
			m.restoreFailOnce = arg
		case "testhost-crash":
			m.testhostCrash = true
		case "slow":
			d, err := time.ParseDuration(arg)
			if err != nil {
				return m, fmt.Errorf("%s=%s: slow needs a duration such as slow:2s", ModeEnv, s)
			}
			m.slow = d
		default:
			return m, fmt.Errorf("%s=%s: unknown mode %q (crash, hang, slow:DURATION, noisy, restore-fail, build-restore-fail-once:FILE, testhost-crash)", ModeEnv, s, name)
		}
	}
	return m, nil
}

// hang starts a worker that shares this process's output, as msbuild's
// nodes and vstest's testhost do: killing only this process leaves the
// output open, so a caller must kill the whole process group.
func hang(stdout, stderr io.Writer) {
	self, err := os.Executable()
	if err == nil {
		// No context on purpose: the worker must outlive this process
		// unless its whole process group is killed.
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), ModeEnv+"="+hangNode)
		cmd.Stdout, cmd.Stderr = stdout, stderr
		_ = cmd.Start()
	}
	sleepForever()
}

// failRestore fails the way restore does without its package feed.
// firstRestore reports whether this is the run build-restore-fail-once fails:
// its marker file is created, so only the first run fails.
func (m modes) firstRestore() bool {
	if m.restoreFailOnce == "" {
		return false
	}
	f, err := os.OpenFile(m.restoreFailOnce, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

func failRestore(w io.Writer, o options) int {
	start := time.Now()
	entry, swErr := resolveEntry(o.path)
	if swErr != nil {
		return printSwitchError(w, swErr)
	}
	projects, _ := loadProjects(entry)
	var lines []string
	for _, p := range projects {
		lines = append(lines, fmt.Sprintf("%s : error NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json. [%s]", p.path, entry))
	}
	fmt.Fprintln(w, "  Determining projects to restore...")
	for i, l := range lines {
		fmt.Fprintln(w, l)
		fmt.Fprintf(w, "  Failed to restore %s (in 1.2 sec).\n", projects[i].path)
	}
	fmt.Fprintf(w, "\nBuild FAILED.\n\n%s\n    0 Warning(s)\n    %d Error(s)\n\n", strings.Join(lines, "\n"), len(lines))
	d := time.Since(start)
	fmt.Fprintf(w, "Time Elapsed %02d:%02d:%02d.%02d\n", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60, d.Milliseconds()/10%100)
	return 1
}

const crashStack = `Unhandled exception. System.InvalidOperationException: Collection was modified; enumeration operation may not execute.
   at System.Collections.Generic.Dictionary` + "`" + `2.Enumerator.MoveNext()
   at Microsoft.Build.BackEnd.BuildManager.ExecuteSubmission(BuildSubmission submission, Boolean allowMainThreadBuild)
   at Microsoft.Build.CommandLine.MSBuildApp.BuildProject(String projectFile, String[] targets)
   at Microsoft.DotNet.Cli.MSBuildForwardingApp.Execute()
   at Microsoft.DotNet.Cli.Program.ProcessArgs(String[] args, TimeSpan startupTime)
   at Microsoft.DotNet.Cli.Program.Main(String[] args)
`
