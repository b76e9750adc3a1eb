package main

import (
	"fmt"
	"strconv"
	"strings"
)

// options are the flags the stand-in understands, parsed the way the real
// CLI's option parser (commander) does: "--flag value" or "--flag=value",
// variadic flags swallowing every following word that is not an option.
type options struct {
	print, verbose, version bool
	skipPermissions         bool
	model                   string
	outputFormat            string
	permissionMode          string
	maxTurns                int
	maxBudgetUSD            float64
	allowedTools            []string
	resume                  string
	prompt                  string
}

type flagKind int

const (
	boolFlag flagKind = iota
	valueFlag
	listFlag
)

// flags maps every accepted spelling to its canonical name and kind.
var flags = map[string]struct {
	name string
	kind flagKind
}{
	"-p": {"print", boolFlag}, "--print": {"print", boolFlag},
	"--verbose": {"verbose", boolFlag},
	"-v":        {"version", boolFlag}, "--version": {"version", boolFlag},
	"--dangerously-skip-permissions": {"skip", boolFlag},
	"--include-partial-messages":     {"ignored", boolFlag},
	"--strict-mcp-config":            {"ignored", boolFlag},
	"--model":                        {"model", valueFlag},
	"--fallback-model":               {"ignored", valueFlag},
	"--output-format":                {"output-format", valueFlag},
	"--input-format":                 {"input-format", valueFlag},
	"--permission-mode":              {"permission-mode", valueFlag},
	"--max-turns":                    {"max-turns", valueFlag},
	"--max-budget-usd":               {"max-budget-usd", valueFlag},
	"-r":                             {"resume", valueFlag}, "--resume": {"resume", valueFlag},
	"--session-id":           {"session-id", valueFlag},
	"--append-system-prompt": {"ignored", valueFlag},
	"--system-prompt":        {"ignored", valueFlag},
	"--settings":             {"ignored", valueFlag},
	"--allowedTools":         {"allowed-tools", listFlag}, "--allowed-tools": {"allowed-tools", listFlag},
	"--disallowedTools": {"ignored", listFlag}, "--disallowed-tools": {"ignored", listFlag},
	"--add-dir": {"ignored", listFlag},
}

var permissionModes = []string{"acceptEdits", "auto", "bypassPermissions", "default", "dontAsk", "manual", "plan"}

func parseFlags(args []string) (options, error) {
	o := options{outputFormat: "text", permissionMode: "default", model: "sonnet"}
	var positional []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			positional = append(positional, arg)
			continue
		}
		name, value, hasValue := strings.Cut(arg, "=")
		f, ok := flags[name]
		if !ok {
			return o, fmt.Errorf("error: unknown option '%s'", name)
		}
		var values []string
		switch {
		case f.kind == boolFlag:
		case hasValue:
			values = []string{value}
		case f.kind == valueFlag:
			if i+1 >= len(args) {
				return o, fmt.Errorf("error: option '%s <value>' argument missing", name)
			}
			i++
			values = []string{args[i]}
		default:
			for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++
				values = append(values, args[i])
			}
			if len(values) == 0 {
				return o, fmt.Errorf("error: option '%s <tools...>' argument missing", name)
			}
		}
		if err := o.set(f.name, name, values); err != nil {
			return o, err
		}
	}
	if len(positional) > 1 {
		return o, fmt.Errorf("error: too many arguments. Expected 1 argument but got %d.", len(positional))
	}
	if len(positional) == 1 {
		o.prompt = positional[0]
	}
	return o, nil
}

func (o *options) set(name, spelled string, values []string) error {
	invalid := func(v string) error {
		return fmt.Errorf("error: option '%s <value>' argument '%s' is invalid.", spelled, v)
	}
	var v string
	if len(values) > 0 {
		v = values[0]
	}
	switch name {
	case "print":
		o.print = true
	case "verbose":
		o.verbose = true
	case "version":
		o.version = true
	case "skip":
		o.skipPermissions = true
	case "model":
		o.model = v
	case "output-format":
		if v != "text" && v != "json" && v != "stream-json" {
			return fmt.Errorf("error: option '%s <format>' argument '%s' is invalid. Allowed choices are text, json, stream-json.", spelled, v)
		}
		o.outputFormat = v
	case "input-format":
		if v != "text" {
			return invalid(v)
		}
	case "permission-mode":
		for _, m := range permissionModes {
			if v == m {
				o.permissionMode = v
				return nil
			}
		}
		return fmt.Errorf("error: option '%s <mode>' argument '%s' is invalid. Allowed choices are %s.", spelled, v, strings.Join(permissionModes, ", "))
	case "max-turns":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return invalid(v)
		}
		o.maxTurns = n
	case "max-budget-usd":
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x <= 0 {
			return invalid(v)
		}
		o.maxBudgetUSD = x
	case "resume", "session-id":
		o.resume = v
	case "allowed-tools":
		for _, w := range values {
			for _, t := range strings.FieldsFunc(w, func(r rune) bool { return r == ',' || r == ' ' }) {
				o.allowedTools = append(o.allowedTools, t)
			}
		}
	}
	return nil
}
