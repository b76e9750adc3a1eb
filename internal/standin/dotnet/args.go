package main

import (
	"fmt"
	"strings"
)

// options are the flags of dotnet build and dotnet test the stand-in
// understands; others that the real CLI accepts are accepted and ignored.
type options struct {
	path           string
	noRestore      bool
	noBuild        bool
	verbosity      string // q, m, n, d or diag
	testVerbosity  string // vstest console verbosity; from -v unless --logger console;verbosity=
	terminalLogger bool
	clp            map[string]bool // console logger parameters, lower case
	warnAsError    bool
	configuration  string
	trx            bool
	trxFile        string
	resultsDir     string
	filter         string
}

// usageError is a command-line error dotnet itself reports (not msbuild).
type usageError struct{ message string }

var verbosities = map[string]string{
	"q": "q", "quiet": "q", "m": "m", "minimal": "m", "n": "n", "normal": "n",
	"d": "d", "detailed": "d", "diag": "diag", "diagnostic": "diag",
}

// dotnetValued and dotnetFlags are the options of dotnet build/test; the
// test-only ones are refused by build, as System.CommandLine would forward
// them to msbuild, which does not know them.
var (
	dotnetValued = map[string]bool{"-v": true, "--verbosity": true, "-c": true, "--configuration": true,
		"-f": true, "--framework": true, "-o": true, "--output": true, "-r": true, "--runtime": true,
		"-a": true, "--arch": true, "--os": true, "--version-suffix": true, "--source": true}
	testValued = map[string]bool{"-l": true, "--logger": true, "--results-directory": true, "--filter": true,
		"-s": true, "--settings": true, "--collect": true, "-d": true, "--diag": true,
		"--blame-hang-timeout": true, "--blame-crash-dump-type": true, "--blame-hang-dump-type": true}
	dotnetFlags = map[string]bool{"--no-restore": true, "--no-dependencies": true, "--no-incremental": true,
		"--nologo": true, "--force": true, "--interactive": true, "--sc": true, "--self-contained": true,
		"--no-self-contained": true, "--tl": true}
	testFlags = map[string]bool{"--no-build": true, "--blame": true, "--blame-crash": true, "--blame-hang": true,
		"--list-tests": true, "-t": true}
	// msbuildSwitches are accepted after "-" or "/", with or without ":value".
	msbuildSwitches = map[string]bool{"p": true, "property": true, "clp": true, "consoleloggerparameters": true,
		"warnaserror": true, "err": true, "m": true, "maxcpucount": true, "bl": true, "binarylogger": true,
		"nologo": true, "v": true, "verbosity": true, "tl": true, "terminallogger": true, "t": true, "target": true,
		"restore": true, "nr": true, "nodereuse": true, "noconlog": true, "noconsolelogger": true,
		"warnaserror-": true, "nowarn": true, "warnasmessage": true, "ds": true}
)

// parseArgs reads the arguments after the subcommand. An unknown switch is
// msbuild's MSB1001 and a second project MSB1008, as with the real CLI.
func parseArgs(command string, args []string) (options, *switchError, *usageError) {
	o := options{verbosity: "m", configuration: "Debug", clp: map[string]bool{}}
	positional := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := splitOption(a)
		lname := strings.ToLower(name)
		valued := dotnetValued[lname] || command == "test" && testValued[lname]
		switch {
		case a == "--":
			i = len(args)
		case valued:
			if !hasValue {
				if i+1 >= len(args) {
					return o, nil, &usageError{fmt.Sprintf("Required argument missing for option: '%s'.", name)}
				}
				i++
				value = args[i]
			}
			if u := o.setValue(lname, value); u != nil {
				return o, nil, u
			}
		case dotnetFlags[lname] || command == "test" && testFlags[lname]:
			o.setFlag(lname, value, hasValue)
		case strings.HasPrefix(a, "-") || strings.HasPrefix(a, "/") && msbuildSwitches[strings.ToLower(strings.TrimPrefix(name, "/"))]:
			sw := strings.ToLower(strings.TrimLeft(name, "-/"))
			if !msbuildSwitches[sw] {
				return o, &switchError{"MSB1001", "Unknown switch.", a}, nil
			}
			if u := o.setSwitch(sw, value); u != nil {
				return o, nil, u
			}
		default:
			positional++
			if positional > 1 {
				return o, &switchError{"MSB1008", "Only one project can be specified.", a}, nil
			}
			o.path = a
		}
	}
	if o.testVerbosity == "" {
		o.testVerbosity = o.verbosity
	}
	return o, nil, nil
}

// splitOption splits "--name=value", "--name:value" and "-name:value".
func splitOption(a string) (name, value string, ok bool) {
	if !strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "/") {
		return a, "", false
	}
	if i := strings.IndexAny(a, ":="); i > 0 {
		return a[:i], a[i+1:], true
	}
	return a, "", false
}

func (o *options) setValue(name, value string) *usageError {
	switch name {
	case "-v", "--verbosity":
		v, ok := verbosities[strings.ToLower(value)]
		if !ok {
			return &usageError{fmt.Sprintf("Argument '%s' not recognized. Must be one of:\n\t'q'\n\t'quiet'\n\t'm'\n\t'minimal'\n\t'n'\n\t'normal'\n\t'd'\n\t'detailed'\n\t'diag'\n\t'diagnostic'", value)}
		}
		o.verbosity = v
	case "-c", "--configuration":
		o.configuration = value
	case "-l", "--logger":
		kind, params, _ := strings.Cut(value, ";")
		switch strings.ToLower(kind) {
		case "trx":
			o.trx = true
			for p := range strings.SplitSeq(params, ";") {
				if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(k, "LogFileName") {
					o.trxFile = v
				}
			}
		case "console":
			for p := range strings.SplitSeq(params, ";") {
				if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(k, "verbosity") {
					o.testVerbosity = verbosities[strings.ToLower(v)]
				}
			}
		}
	case "--results-directory":
		o.resultsDir = value
	case "--filter":
		o.filter = value
	}
	return nil
}

func (o *options) setFlag(name, value string, hasValue bool) {
	switch name {
	case "--no-restore":
		o.noRestore = true
	case "--no-build":
		o.noBuild, o.noRestore = true, true
	case "--tl":
		o.terminalLogger = !hasValue || isOn(value)
	}
}

func (o *options) setSwitch(sw, value string) *usageError {
	switch sw {
	case "v", "verbosity":
		return o.setValue("-v", value)
	case "tl", "terminallogger":
		o.terminalLogger = value == "" || isOn(value)
	case "clp", "consoleloggerparameters":
		for p := range strings.SplitSeq(value, ";") {
			o.clp[strings.ToLower(strings.TrimSpace(p))] = true
		}
	case "warnaserror", "err":
		o.warnAsError = value == ""
	case "restore":
		o.noRestore = strings.EqualFold(value, "false")
	}
	return nil
}

// isOn reads the terminal logger's on/off values; "auto" is off, since the
// stand-in never writes to a terminal of its own.
func isOn(v string) bool {
	return strings.EqualFold(v, "on") || strings.EqualFold(v, "true")
}
