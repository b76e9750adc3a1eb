// Package pipeline runs the gate's commands as the shell pipelines a user
// writes in portwave.yaml, such as `dotnet build dotnet/ | tee build.log`.
//
// A pipeline is split into stages at every unquoted `|`. A stage whose
// program is one of script's filters (tee, grep, head, tail; see Filters)
// runs in this process as a bitfield/script filter; every other stage is a
// program started by mage/proc. script supplies the filters; proc supplies
// what script's Exec lacks for a gate: the worktree as working directory, a
// process group per program killed as a whole on cancel or timeout, and
// "did not start" told apart from "ran and failed". A plain command is a
// pipeline of one stage and runs exactly as before.
//
// No shell is involved: there is no `;`, `&&`, redirection or variable
// expansion. A gate that needs them belongs in a script under scripts/
// (or the workspace), called as the command.
package pipeline

import (
	"fmt"
	"strings"

	"github.com/mattn/go-shellwords"
)

// Stage is one command of a pipeline: a program and its arguments, split as
// a shell splits words.
type Stage struct {
	Argv []string
}

// Filter reports whether the stage runs as one of script's filters rather
// than as a program.
func (s Stage) Filter() bool { return filters[s.Argv[0]] != nil }

// Pipeline is a configured command: its stages in order. A plain command
// is a pipeline of one stage.
type Pipeline struct {
	Stages []Stage
}

// Plain reports whether the pipeline is a single command.
func (p Pipeline) Plain() bool { return len(p.Stages) == 1 }

// String is the pipeline as run, for logs: words joined by spaces, stages
// by " | ".
func (p Pipeline) String() string {
	parts := make([]string, len(p.Stages))
	for i, s := range p.Stages {
		parts[i] = strings.Join(s.Argv, " ")
	}
	return strings.Join(parts, " | ")
}

// Parse splits a configured command into its stages. Quotes keep a `|`
// inside an argument (`grep -E 'error|warning'`). Other shell operators
// (`;`, `&`, `<`, `>`, `||`) are refused rather than silently dropped, and
// so is an empty stage.
func Parse(text string) (Pipeline, error) {
	var p Pipeline
	rest := []rune(text)
	for {
		parser := shellwords.NewParser()
		argv, err := parser.Parse(string(rest))
		if err != nil {
			return Pipeline{}, fmt.Errorf("command %q: %w", text, err)
		}
		if len(argv) == 0 {
			if len(p.Stages) == 0 && parser.Position < 0 {
				return Pipeline{}, fmt.Errorf("empty command")
			}
			return Pipeline{}, fmt.Errorf("command %q: a stage of the pipeline is empty", text)
		}
		p.Stages = append(p.Stages, Stage{Argv: argv})
		if parser.Position < 0 {
			break
		}
		op := rest[parser.Position]
		if op != '|' || parser.Position+1 < len(rest) && rest[parser.Position+1] == '|' {
			return Pipeline{}, fmt.Errorf("command %q: %q is not supported, only | between commands (put the rest in a script)", text, operatorAt(rest, parser.Position))
		}
		rest = rest[parser.Position+1:]
	}
	for _, s := range p.Stages {
		if s.Filter() {
			if _, err := filters[s.Argv[0]](s.Argv[1:]); err != nil {
				return Pipeline{}, fmt.Errorf("command %q: %s: %w", text, s.Argv[0], err)
			}
		}
	}
	if p.Stages[0].Filter() {
		return Pipeline{}, fmt.Errorf("command %q: a pipeline starts with a program, not with the filter %s", text, p.Stages[0].Argv[0])
	}
	return p, nil
}

// operatorAt is the shell operator at i, for the error message.
func operatorAt(r []rune, i int) string {
	op := string(r[i])
	if i+1 < len(r) && strings.ContainsRune(";&|<>", r[i+1]) {
		op += string(r[i+1])
	}
	return op
}
