//go:build mage

// portwave drives a Go to C# port to completion with coding agents.
package main

// This is portwave's own magefile: the targets every port imports
// (portwave/targets, the same `//mage:import` a port's magefile has), the
// demo and the golden files, and in magefile_plan.go the bundled example's
// batch and wave targets. Inside this clone, without a portwave.yaml,
// every target works on the bundled example. The package doc above is what
// Mage prints over `mage -l`: one line without back quotes, which Mage's
// multiline mode cannot print.

import (
	"context"
	"os"

	"portwave/mage/command"
	//mage:import
	"portwave/targets"
)

// Aliases give the most used namespaced targets their short names.
var Aliases = map[string]any{
	"plan":  targets.Plan.Show,
	"audit": targets.Audit.Run,
}

// Demo runs the whole pipeline on the bundled example in a fresh workspace.
//
// Workspace, inventory, plan, every wave with recorded agents, gate,
// merges, audit and the report.
//
// [env: PORTWAVE_DEMO_DIR, PORTWAVE_DEMO_AGENT, PORTWAVE_CLAUDE_BIN, NO_COLOR]
func Demo(ctx context.Context) error { return command.Demo(ctx, os.Getenv, os.Stdout, os.Stderr) }

// Golden regenerates every golden file from the code.
//
// go test -update on each package whose tests have golden files, the
// committed magefile_plan.go of the bundled example included.
//
// [env: none]
func Golden(ctx context.Context) error { return command.Golden(ctx, ".", os.Stdout, os.Stderr) }
